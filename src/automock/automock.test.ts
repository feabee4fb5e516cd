import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, parse, subscribe, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createHoustonMock, SEED_ADMIN } from '../index.js';
import type { HoustonMock } from '../index.js';
import type { Caller } from '../auth/permissions.js';
import type { Deployment } from '../store/entities.js';
import { createDeployment } from '../resolvers/deployments/store.js';
import { createWorkspace } from '../resolvers/workspaces/store.js';
import { gql } from '../../test/support/gql.js';
import { automockSchema } from './automock.js';

/** A small schema with a bit of everything: implemented and unimplemented roots, ids, enums, nesting, lists. */
const TYPE_DEFS = /* GraphQL */ `
  scalar DateTime
  scalar Uuid
  scalar JSON
  enum Role { SYSTEM_ADMIN SYSTEM_EDITOR SYSTEM_VIEWER }
  type Query {
    known: Thing
    unknownThings: [Thing!]!
    unknownCount: Int
  }
  type Mutation {
    known(label: String!): Thing
    unknownCreate(label: String!): Thing
  }
  type Subscription {
    known: Thing
    unknownTicks: Thing
  }
  type Thing {
    id: Uuid!
    label: String
    email: String
    createdAt: DateTime
    role: Role
    count: Int
    ratio: Float
    active: Boolean
    config: JSON
    tags: [String]
    owner: Person
    shout: String
  }
  type Person {
    fullName: String
    username: String
  }
`;

const KNOWN_THING = { id: 'cknownthing00000000000000', label: 'real', email: null, createdAt: '2024-06-01T12:00:00.000Z' };

function baseSchema(): GraphQLSchema {
  return makeExecutableSchema({
    typeDefs: TYPE_DEFS,
    resolvers: {
      Query: { known: () => KNOWN_THING },
      Mutation: { known: (_p: unknown, args: { label: string }) => ({ ...KNOWN_THING, label: args.label }) },
      Subscription: {
        known: {
          subscribe: async function* () {
            yield { known: KNOWN_THING };
          },
        },
      },
      // A domain resolver that can only read a real record.
      Thing: { shout: (t: { label: string }) => t.label.toUpperCase() },
    },
  });
}

const IMPLEMENTED = new Set(['Query.known', 'Mutation.known', 'Subscription.known']);

const NOBODY: Caller = { kind: 'anonymous', reason: 'none' };
const mocks: HoustonMock[] = [];

afterEach(async () => {
  vi.restoreAllMocks();
  for (const mock of mocks.splice(0)) await mock.close();
});

function instance(options: Parameters<typeof createHoustonMock>[0] = {}): HoustonMock {
  const mock = createHoustonMock(options);
  mocks.push(mock);
  return mock;
}

/** The parts of a request context the auto-mock resolvers read. */
function contextOf(mock: HoustonMock) {
  return { store: mock.store, mock: mock.settings, notes: { decisions: [], automocked: [] as string[] } };
}

async function run(query: string, options: { seed?: number } = {}) {
  const schema = automockSchema(baseSchema(), { implemented: IMPLEMENTED });
  const ctx = contextOf(instance({ seed: options.seed ?? 1 }));
  const result = (await execute({ schema, document: parse(query), contextValue: ctx })) as ExecutionResult<Record<string, any>>;
  return { result, automocked: ctx.notes.automocked };
}

const ALL_FIELDS = 'id label email createdAt role count ratio active config tags owner { fullName username } shout';

describe('automockSchema: root fields without an implementation', () => {
  it('answers an unimplemented root field with generated data, marked with its coordinate', async () => {
    const { result, automocked } = await run(`{ unknownThings { id label } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.unknownThings).toHaveLength(2);
    expect(automocked).toEqual(['Query.unknownThings']);
  });

  it('generates ids shaped like cuids, emails, RFC 3339 dates and the schema\'s enum values', async () => {
    const { result } = await run(`{ unknownThings { ${ALL_FIELDS} } }`);
    for (const thing of result.data?.unknownThings ?? []) {
      expect(thing.id).toMatch(/^c[0-9a-z]{24}$/);
      expect(thing.email).toMatch(/^[^@\s]+@example\.com$/);
      expect(new Date(thing.createdAt).toISOString()).toBe(thing.createdAt);
      expect(['SYSTEM_ADMIN', 'SYSTEM_EDITOR', 'SYSTEM_VIEWER']).toContain(thing.role);
    }
  });

  it('generates whole Ints, Floats, Booleans, JSON objects and lists of strings', async () => {
    const { result } = await run(`{ unknownThings { count ratio active config tags } }`);
    const [thing] = result.data?.unknownThings ?? [];
    expect(Number.isInteger(thing.count)).toBe(true);
    expect(typeof thing.ratio).toBe('number');
    expect(typeof thing.active).toBe('boolean');
    expect(typeof thing.config).toBe('object');
    expect(thing.tags.every((t: unknown) => typeof t === 'string')).toBe(true);
  });

  it('generates dates recent as the platform clock sees them', async () => {
    const { result } = await run(`{ unknownThings { createdAt } }`);
    for (const { createdAt } of result.data?.unknownThings ?? []) {
      expect(createdAt <= '2024-06-01T12:00:00.000Z').toBe(true);
      expect(createdAt >= '2024-05-01T12:00:00.000Z').toBe(true);
    }
  });

  it('generates the objects under a generated one, names included', async () => {
    const { result } = await run(`{ unknownThings { owner { fullName username } } }`);
    const owner = result.data?.unknownThings[0].owner;
    expect(owner.fullName).toMatch(/^\S+( \S+)+$/);
    expect(owner.username).toMatch(/^\S+$/);
  });

  it('generates a field with a resolver under a generated object instead of running the resolver', async () => {
    const { result, automocked } = await run(`{ unknownThings { shout } }`);
    expect(result.errors).toBeUndefined();
    expect(typeof result.data?.unknownThings[0].shout).toBe('string');
    expect(automocked).toEqual(['Query.unknownThings']);
  });

  it('answers an unimplemented scalar root field', async () => {
    const { result, automocked } = await run(`{ unknownCount }`);
    expect(Number.isInteger(result.data?.unknownCount)).toBe(true);
    expect(automocked).toEqual(['Query.unknownCount']);
  });

  it('answers an unimplemented mutation with generated data', async () => {
    const { result, automocked } = await run(`mutation { unknownCreate(label: "x") { id } }`);
    expect(result.data?.unknownCreate.id).toMatch(/^c[0-9a-z]{24}$/);
    expect(automocked).toEqual(['Mutation.unknownCreate']);
  });

  it('streams one generated event for an unimplemented subscription, then ends', async () => {
    const schema = automockSchema(baseSchema(), { implemented: IMPLEMENTED });
    const ctx = contextOf(instance());
    const stream = await subscribe({ schema, document: parse('subscription { unknownTicks { id label } }'), contextValue: ctx });
    if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify(stream));
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as ExecutionResult<{ unknownTicks: { id: string } }>;
    expect(first.data?.unknownTicks.id).toMatch(/^c[0-9a-z]{24}$/);
    expect((await iterator.next()).done).toBe(true);
    expect(ctx.notes.automocked).toEqual(['Subscription.unknownTicks']);
  });

  it('leaves implemented root fields and their values alone, unmarked', async () => {
    const { result, automocked } = await run(`{ known { id label email createdAt } }`);
    expect(result.data?.known).toEqual(KNOWN_THING);
    expect(automocked).toEqual([]);
  });

  it('leaves an implemented subscription alone', async () => {
    const schema = automockSchema(baseSchema(), { implemented: IMPLEMENTED });
    const ctx = contextOf(instance());
    const stream = await subscribe({ schema, document: parse('subscription { known { id label } }'), contextValue: ctx });
    if (!(Symbol.asyncIterator in stream)) throw new Error(JSON.stringify(stream));
    const first = await stream[Symbol.asyncIterator]().next();
    expect(first.value).toEqual({ data: { known: { id: KNOWN_THING.id, label: 'real' } } });
    expect(ctx.notes.automocked).toEqual([]);
  });
});

describe('automockSchema: fields the parent value lacks', () => {
  it('generates a field missing from a real value, marked Type.field, and runs resolvers as usual', async () => {
    const { result, automocked } = await run(`{ known { id label role shout } }`);
    expect(result.data?.known.id).toBe(KNOWN_THING.id);
    expect(result.data?.known.shout).toBe('REAL');
    expect(['SYSTEM_ADMIN', 'SYSTEM_EDITOR', 'SYSTEM_VIEWER']).toContain(result.data?.known.role);
    expect(automocked).toEqual(['Thing.role']);
  });

  it('keeps a null value null', async () => {
    const { result, automocked } = await run(`{ known { email } }`);
    expect(result.data?.known.email).toBeNull();
    expect(automocked).toEqual([]);
  });

  it('lists each coordinate once', async () => {
    const { automocked } = await run(`{ known { role count owner { fullName } } again: known { role } }`);
    expect(automocked).toEqual(['Thing.role', 'Thing.count', 'Thing.owner']);
  });
});

describe('automockSchema: determinism', () => {
  it('gives the same values for the same seed and request', async () => {
    const query = `{ unknownThings { ${ALL_FIELDS} } known { role count owner { fullName } } }`;
    const first = await run(query, { seed: 5 });
    const second = await run(query, { seed: 5 });
    expect(second.result).toEqual(first.result);
  });

  it('gives other values for another seed', async () => {
    const query = `{ unknownThings { id email } }`;
    const first = await run(query, { seed: 5 });
    const second = await run(query, { seed: 6 });
    expect(second.result.data).not.toEqual(first.result.data);
  });

  it('gives a field the same values wherever it sits in the request', async () => {
    const alone = await run(`{ unknownThings { id email } }`);
    const after = await run(`{ unknownCount unknownThings { id email } }`);
    expect(after.result.data?.unknownThings).toEqual(alone.result.data?.unknownThings);
  });

  it('never calls Math.random', async () => {
    const random = vi.spyOn(Math, 'random');
    await run(`{ unknownThings { ${ALL_FIELDS} } known { role owner { fullName } } }`);
    expect(random).not.toHaveBeenCalled();
  });

  it('leaves the platform data, random state included, unchanged', async () => {
    const schema = automockSchema(baseSchema(), { implemented: IMPLEMENTED });
    const mock = instance();
    const before = structuredClone(mock.store.data);
    await execute({ schema, document: parse(`{ unknownThings { ${ALL_FIELDS} } }`), contextValue: contextOf(mock) });
    expect(mock.store.data).toEqual(before);
  });
});

describe('auto-mock mode of the emulator (automockUnimplemented)', () => {
  const QUERY = 'query ($id: String) { deployment(where: { id: $id }) { id label description } }';

  /** A deployment record without `description`, as a platform file written before the field existed would hold. */
  async function platformWithGap(automockUnimplemented?: boolean) {
    const mock = instance(automockUnimplemented === undefined ? {} : { automockUnimplemented });
    const workspace = createWorkspace(mock.store, NOBODY, { label: 'Data Platform' });
    const deployment: Partial<Deployment> = createDeployment(mock.store, null, { workspaceUuid: workspace.id, label: 'etl' });
    delete deployment.description;
    const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
    if (!admin || !deployment.id) throw new Error('setup failed');
    return { mock, id: deployment.id, token: await mock.issueToken(admin.id) };
  }

  it('answers a field the platform record lacks with generated data, listed in the extensions', async () => {
    const { mock, id, token } = await platformWithGap(true);
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ query: QUERY, variables: { id } }),
    });
    const body = (await response.json()) as { data: { deployment: { label: string; description: unknown } }; extensions?: unknown };
    expect(body.data.deployment.label).toBe('etl');
    expect(typeof body.data.deployment.description).toBe('string');
    expect(body.extensions).toEqual({ houstonMock: { automocked: ['Deployment.description'] } });
  });

  it('records the generated coordinates in the journal', async () => {
    const { mock, id, token } = await platformWithGap(true);
    await gql(mock, QUERY, { id }, token);
    expect(mock.journal.entries().at(-1)?.automocked).toEqual(['Deployment.description']);
  });

  it('gives the same answer on two instances with the same seed', async () => {
    const first = await platformWithGap(true);
    const second = await platformWithGap(true);
    const a = await gql(first.mock, QUERY, { id: first.id }, first.token);
    const b = await gql(second.mock, QUERY, { id: second.id }, second.token);
    expect(b.data).toEqual(a.data);
  });

  it('is off by default: the missing field answers null, nothing is marked', async () => {
    const { mock, id, token } = await platformWithGap();
    const result = await gql(mock, QUERY, { id }, token);
    expect(result.data?.deployment.description).toBeNull();
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });

  it('leaves stateful answers unchanged and unmarked', async () => {
    const mock = instance({ automockUnimplemented: true });
    const result = await gql(mock, '{ appConfig { version } }');
    expect(result.data).toEqual({ appConfig: { version: mock.platformVersion } });
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });
});
