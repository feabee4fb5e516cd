import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { login } from '../support/gql.js';

/**
 * Schema-driven fuzzing over HTTP: operations built from the served schema (random root fields, random selections,
 * arguments of the right and the wrong types, inline or as variables, random tokens). Deterministic: a seeded
 * generator, a fixed count, a time budget. Whatever is sent, the answer must be a well-formed GraphQL response.
 */

const SEED = 0x5eed7;
const OPERATIONS = 400;
const TIME_BUDGET_MS = 40_000;
const MAX_DEPTH = 3;

/** mulberry32: small, seedable, good enough to pick things. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
  };
}
type Rng = ReturnType<typeof generator>;

/** Values that stress string handling without breaking JSON or HTTP. */
const STRANGE_STRINGS = ['', ' ', 'a'.repeat(2000), '"quoted"', "it's", '\\', '\n\t', 'ünïcødé ✓ 你好', '<script>alert(1)</script>', '${x}', '%s%n', 'null', '-1', 'DROP TABLE users;'];

interface Pools {
  ids: Set<string>;
  strings: string[];
}

function randomString(rng: Rng, pools: Pools): string {
  const roll = rng.next();
  if (roll < 0.35 && pools.ids.size) return rng.pick([...pools.ids]);
  if (roll < 0.6) return rng.pick(STRANGE_STRINGS);
  if (roll < 0.8) return rng.pick(pools.strings);
  return Array.from({ length: rng.int(1, 30) }, () => String.fromCharCode(rng.int(32, 126))).join('');
}

/** A value for an input type; when `hostile`, sometimes a value of another kind on purpose. */
function inputValue(rng: Rng, type: GraphQLInputType, pools: Pools, hostile: boolean, depth = 0): unknown {
  if (hostile && rng.chance(0.08)) return wrongValue(rng);
  if (!isNonNullType(type) && rng.chance(0.1)) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    return Array.from({ length: rng.int(0, 3) }, () => inputValue(rng, nullable.ofType as GraphQLInputType, pools, hostile, depth + 1));
  }
  if (isEnumType(nullable)) return !hostile || rng.chance(0.9) ? rng.pick(nullable.getValues()).value : 'NOT_A_VALUE';
  if (isInputObjectType(nullable)) {
    if (depth > 3) return {};
    const out: Record<string, unknown> = {};
    for (const field of Object.values(nullable.getFields())) {
      if (isNonNullType(field.type) || rng.chance(0.5)) out[field.name] = inputValue(rng, field.type, pools, hostile, depth + 1);
    }
    if (hostile && rng.chance(0.05)) out.notAField = 1;
    return out;
  }
  switch (nullable.name) {
    case 'Int':
      return rng.pick([0, 1, -1, 5, 20, 100, 2 ** 31 - 1, rng.int(-1000, 1000)]);
    case 'Float':
      return rng.pick([0, 1.5, -2.25, 1e9]);
    case 'Boolean':
      return rng.chance(0.5);
    case 'Uuid':
    case 'Id':
    case 'ID':
      return pools.ids.size && rng.chance(0.85) ? rng.pick([...pools.ids]) : randomString(rng, pools);
    case 'JSON':
      return rng.pick([{}, { label: randomString(rng, pools) }, { description: 'x', env: [] }, [], 'text', 3]);
    default:
      return randomString(rng, pools);
  }
}

function wrongValue(rng: Rng): unknown {
  return rng.pick<unknown>([12.5, true, 'not-a-number', { nested: { x: 1 } }, [1, 'two'], 99999999999, -0.5]);
}

/** Prints a JS value as a GraphQL literal (enums bare when `enumNames` knows them). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  if (value === null || value === undefined) return 'null';
  const named = type ? getNamedType(type) : undefined;
  if (typeof value === 'string') {
    if (named && isEnumType(named) && named.getValue(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const inner = type && isListType(getNullableType(type)) ? ((getNullableType(type) as { ofType: GraphQLInputType }).ofType) : undefined;
    return `[${value.map((v) => literal(v, inner)).join(', ')}]`;
  }
  const fields = named && isInputObjectType(named) ? named.getFields() : {};
  return `{ ${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${literal(v, fields[k]?.type)}`)
    .join(', ')} }`;
}

interface Built {
  text: string;
  variables: Record<string, unknown>;
}

class OperationBuilder {
  private variableDefs: string[] = [];
  private variables: Record<string, unknown> = {};

  constructor(
    private readonly rng: Rng,
    private readonly schema: GraphQLSchema,
    private readonly pools: Pools,
    private readonly useVariables: boolean,
    /** Hostile operations break the rules on purpose: wrong types, missing required arguments, unknown names. */
    private readonly hostile: boolean,
  ) {}

  private args(args: readonly GraphQLArgument[]): string {
    const parts: string[] = [];
    for (const arg of args) {
      // Sometimes leave out a required argument, sometimes an optional one.
      if (isNonNullType(arg.type) ? this.hostile && this.rng.chance(0.05) : this.rng.chance(0.6)) continue;
      const value = inputValue(this.rng, arg.type, this.pools, this.hostile);
      if (this.useVariables) {
        const name = `v${this.variableDefs.length}`;
        this.variableDefs.push(`$${name}: ${String(arg.type)}`);
        this.variables[name] = value;
        parts.push(`${arg.name}: $${name}`);
      } else {
        parts.push(`${arg.name}: ${literal(value, arg.type)}`);
      }
    }
    if (this.hostile && this.rng.chance(0.03)) parts.push('unknownArgument: 1');
    return parts.length ? `(${parts.join(', ')})` : '';
  }

  private selection(type: GraphQLNamedType, depth: number): string {
    if (isLeafType(type)) return '';
    if (isUnionType(type) || isInterfaceType(type)) {
      const possible = this.schema.getPossibleTypes(type);
      const chosen = this.rng.pick(possible);
      return `{ __typename ... on ${chosen.name} ${this.selection(chosen, depth)} }`;
    }
    const fields = Object.values((type as GraphQLObjectType).getFields());
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && !f.args.some((a) => isNonNullType(a.type)));
    const chosen = new Set<GraphQLField<unknown, unknown>>();
    const count = this.rng.int(1, 5);
    for (let i = 0; i < count; i++) {
      const field = this.rng.pick(fields);
      if (depth >= MAX_DEPTH && !isLeafType(getNamedType(field.type))) continue;
      chosen.add(field);
    }
    if (chosen.size === 0) chosen.add(leaves.length ? this.rng.pick(leaves) : this.rng.pick(fields));
    if (this.hostile && this.rng.chance(0.03)) return '{ fieldThatDoesNotExist }';
    const parts = [...chosen].map((f) => {
      const named = getNamedType(f.type);
      const sub = isLeafType(named) ? '' : ` ${this.selection(named, depth + 1)}`;
      return `${f.name}${this.args(f.args)}${sub}`;
    });
    return `{ ${parts.join(' ')} }`;
  }

  build(kind: 'query' | 'mutation', root: GraphQLObjectType): Built {
    const field = this.rng.pick(Object.values(root.getFields()));
    const named = getNamedType(field.type);
    const sub = isLeafType(named) ? '' : ` ${this.selection(named, 1)}`;
    const body = `{ ${field.name}${this.args(field.args)}${sub} }`;
    const header = this.variableDefs.length ? `${kind} Fuzz(${this.variableDefs.join(', ')}) ` : `${kind} `;
    return { text: header + body, variables: this.variables };
  }
}

function collectIds(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const v of value) collectIds(v, into);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'id' || key.endsWith('Id') || key === 'releaseName') && typeof v === 'string' && into.size < 500) into.add(v);
      else collectIds(v, into);
    }
  }
}

function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

interface Outcome {
  status: number;
  text: string;
  body: unknown;
}

describe('fuzzing the API with operations generated from its schema', () => {
  let mock: HoustonMock;
  let base: string;
  let schema: GraphQLSchema;
  const outcomes: { request: Built & { token: string | undefined }; outcome: Outcome }[] = [];
  let heapBefore = 0;
  let heapAfter = 0;

  async function send(request: Built & { token: string | undefined }): Promise<Outcome> {
    const response = await fetch(`${base}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(request.token !== undefined ? { authorization: request.token } : {}) },
      body: JSON.stringify({ query: request.text, variables: request.variables }),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, text, body };
  }

  beforeAll(async () => {
    mock = createHoustonMock();
    base = new URL(await mock.listen(0)).origin;
    const introspection = await send({ text: getIntrospectionQuery(), variables: {}, token: undefined });
    schema = buildClientSchema((introspection.body as { data: IntrospectionQuery }).data);

    const expired = await login(mock, 'admin@example.com', 'admin');
    mock.clock.advance(mock.config.jwt.authDuration + 60_000);
    const admin = await login(mock, 'admin@example.com', 'admin');
    const foreign = await createHoustonMock().issueToken('cjld2cjxh0000qzrmn831i7rn');
    const tokens: (string | undefined)[] = [
      admin,
      admin,
      admin,
      `Bearer ${admin}`,
      expired,
      foreign,
      undefined,
      '',
      'garbage',
      'Bearer ',
      'a'.repeat(32),
      `${admin.slice(0, -4)}AAAA`,
      'eyJhbGciOiJub25lIn0.eyJ1dWlkIjoiYWRtaW4ifQ.',
      'x'.repeat(4000),
    ];

    const rng = generator(SEED);
    const pools: Pools = { ids: new Set(), strings: ['admin@example.com', 'admin', 'fuzz@example.com', 'airflow', 'Fuzz workspace', 'default'] };
    // Give the generator something to find: a few workspaces besides whatever the seed holds.
    for (const label of ['Fuzz one', 'Fuzz two']) {
      await send({ text: `mutation { createWorkspace(label: "${label}") { id } }`, variables: {}, token: admin });
    }
    const seedIds = await send({ text: '{ workspaces { id users { id } } users { id } }', variables: {}, token: admin });
    collectIds(seedIds.body, pools.ids);

    const query = schema.getQueryType();
    const mutation = schema.getMutationType();
    if (!query || !mutation) throw new Error('the served schema has no Query or Mutation type');
    heapBefore = heapAfterGc();
    const started = Date.now();
    for (let i = 0; i < OPERATIONS && Date.now() - started < TIME_BUDGET_MS; i++) {
      const hostile = rng.chance(0.4);
      const builder = new OperationBuilder(rng, schema, pools, rng.chance(0.5), hostile);
      const isMutation = rng.chance(0.35);
      const built = builder.build(isMutation ? 'mutation' : 'query', isMutation ? mutation : query);
      const request = { ...built, token: hostile || rng.chance(0.2) ? rng.pick(tokens) : admin };
      const outcome = await send(request);
      outcomes.push({ request, outcome });
      if (outcome.body && typeof outcome.body === 'object') collectIds((outcome.body as { data?: unknown }).data, pools.ids);
    }
    heapAfter = heapAfterGc();
  }, 90_000);

  afterAll(() => mock?.close());

  const describeFailure = (entry: (typeof outcomes)[number]) =>
    `${entry.outcome.status} ${entry.outcome.text.slice(0, 300)}\n  for ${entry.request.text.slice(0, 500)} ${JSON.stringify(entry.request.variables).slice(0, 300)}`;

  it('sends a few hundred operations within the time budget', () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(200);
  });

  it('never answers with a 5xx status', () => {
    const failures = outcomes.filter((o) => o.outcome.status >= 500);
    expect(failures.map(describeFailure)).toEqual([]);
  });

  it('always answers JSON shaped like a GraphQL response: data, or a non-empty errors list with messages', () => {
    const malformed = outcomes.filter(({ outcome }) => {
      const body = outcome.body as { data?: unknown; errors?: unknown } | undefined;
      if (!body || typeof body !== 'object' || Array.isArray(body)) return true;
      const keys = Object.keys(body);
      if (!keys.every((k) => k === 'data' || k === 'errors' || k === 'extensions')) return true;
      if (!('data' in body) && !('errors' in body)) return true;
      if ('errors' in body) {
        if (!Array.isArray(body.errors) || body.errors.length === 0) return true;
        if (!body.errors.every((e: unknown) => typeof (e as { message?: unknown }).message === 'string' && (e as { message: string }).message.length > 0)) return true;
      }
      return false;
    });
    expect(malformed.map(describeFailure)).toEqual([]);
  });

  it('never leaks a stack trace or an internal error class', () => {
    const leaking = outcomes.filter(({ outcome }) => /"stack"|\bat \S+ \(|TypeError|ReferenceError|originalError/.test(outcome.text));
    expect(leaking.map(describeFailure)).toEqual([]);
  });

  it('exercises both successes and refusals (the generator is not degenerate)', () => {
    const withData = outcomes.filter(({ outcome }) => {
      const data = (outcome.body as { data?: Record<string, unknown> | null }).data;
      return data && Object.values(data).some((v) => v !== null);
    });
    const refused = outcomes.filter(({ outcome }) => (outcome.body as { errors?: unknown[] }).errors);
    if (process.env.FUZZ_DEBUG) {
      const counts = new Map<string, number>();
      for (const { outcome } of outcomes) {
        const m = ((outcome.body as { errors?: { message: string }[] }).errors?.[0]?.message ?? 'OK').slice(0, 60);
        counts.set(m, (counts.get(m) ?? 0) + 1);
      }
      console.log([...counts].sort((a, b) => b[1] - a[1]).slice(0, 25));
    }
    expect(withData.length).toBeGreaterThan(outcomes.length / 10);
    expect(refused.length).toBeGreaterThan(outcomes.length / 10);
  });

  it('keeps serving after the fuzzing', async () => {
    const after = await send({ text: '{ appConfig { version } }', variables: {}, token: undefined });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('keeps its memory bounded (heap after GC grows by less than 64 MB)', () => {
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
