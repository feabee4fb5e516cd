import type { Faker } from '@faker-js/faker';
import { seededFaker } from '../core/faker.js';
import { createMockStore, isRef, type IMocks, type IMockStore, type TypePolicy } from '@graphql-tools/mock';
import { getRootTypeNames, MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  GraphQLInterfaceType,
  GraphQLUnionType,
  isAbstractType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { HoustonContext } from '../resolvers/context.js';

/**
 * The opt-in auto-mock mode (`automockUnimplemented`): what the emulator does not model answers plausible
 * generated data instead of a NOT_IMPLEMENTED error, and every such answer is marked (the coordinate goes to
 * `ctx.notes.automocked`, which the journal and the answer's `extensions.houstonMock.automocked` report).
 *
 * Two kinds of fields are generated:
 *  - root fields with no stateful implementation (not in the `implemented` set);
 *  - object fields with no resolver whose parent value has no such property (`undefined`; `null` is an answer).
 * Everything under a generated object is generated too; implemented fields and real values are never touched.
 *
 * Values come from @graphql-tools/mock's MockStore with faker mocks. The schema built here is shared by every
 * instance emulating the same platform version, so the store is not: each request (or websocket connection) gets
 * its own, with a local Faker seeded from the instance's seed and re-seeded at each generated field from its
 * coordinate, arguments and place in the answer. The same seed and the same requests give the same values; the
 * platform's own seeded generator is never drawn on, and `Math.random` is never used.
 */

/** The context the generated resolvers need: the platform (its seed and clock) and the request's notes. */
type AutomockContext = Pick<HoustonContext, 'store' | 'mock' | 'notes'>;

const stores = new WeakMap<object, { store: IMockStore; faker: Faker }>();

/** FNV-1a over a string: a 32-bit faker seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Arguments in a stable order, so that `{a, b}` and `{b, a}` seed the same values. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

function pathOf(info: GraphQLResolveInfo): string {
  const parts: (string | number)[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) parts.unshift(p.key);
  return parts.join('.');
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

/** A cuid-shaped id, as Houston's ids are: `c` and 24 base-36 characters. */
function cuidLike(faker: Faker): string {
  return `c${faker.string.fromCharacters(BASE36, 24)}`;
}

function releaseName(faker: Faker): string {
  return `${faker.word.adjective({ strategy: 'closest', length: 8 })}-${faker.word.noun({ strategy: 'closest', length: 8 })}-${faker.string.numeric(4)}`
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '');
}

/**
 * A value for a String-like field, chosen by its name where the name says what it holds (ids, emails, names,
 * versions, URLs, instants...); null when the name says nothing and the type's own mock answers.
 */
function byFieldName(faker: Faker, field: string): (() => unknown) | null {
  const lower = field.toLowerCase();
  if (field === 'id' || field === 'uuid' || /(Id|Uuid|Ids|Uuids)$/.test(field)) return () => cuidLike(faker);
  if (lower.includes('email') || lower === 'address') return () => faker.internet.email({ provider: 'example.com' }).toLowerCase();
  if (lower === 'username') return () => faker.internet.username().toLowerCase();
  if (lower === 'fullname') return () => faker.person.fullName();
  if (lower === 'firstname' || lower === 'first') return () => faker.person.firstName();
  if (lower === 'lastname' || lower === 'last') return () => faker.person.lastName();
  if (lower === 'releasename') return () => releaseName(faker);
  if (lower === 'namespace') return () => `astronomer-${releaseName(faker)}`;
  if (lower === 'label' || lower === 'title' || lower === 'name') return () => `${faker.word.adjective()} ${faker.word.noun()}`;
  if (lower === 'description' || lower === 'message') return () => faker.hacker.phrase();
  if (/(url|Url|URL)$/.test(field)) return () => faker.internet.url();
  if (/(domain|Domain)$/.test(field)) return () => faker.internet.domainName();
  if (/(version|Version)$/.test(field)) return () => faker.system.semver();
  if (lower === 'key') return () => `${faker.word.noun()}_${faker.word.noun()}`.toUpperCase().replace(/[^A-Z_]/g, '');
  if (/[a-z]At$/.test(field) || lower === 'timestamp') return () => faker.date.recent({ days: 30 }).toISOString();
  if (/(token|Token|apiKey|ApiKey|secret|Secret|password|Password)$/.test(field)) return () => faker.string.alphanumeric(32);
  if (field === 'tag' || /Tag$/.test(field)) return () => `deploy-${faker.number.int({ min: 1, max: 40 })}`;
  return null;
}

const STRING_LIKE = new Set(['String', 'ID', 'Uuid', 'Id', 'DateTime']);

/** Mocks for every scalar, enum and abstract type of the schema, and the name-driven ones for String-like fields. */
function mocksFor(schema: GraphQLSchema, faker: Faker): IMocks {
  const mocks: IMocks = {
    String: () => faker.word.words({ count: { min: 1, max: 3 } }),
    Int: () => faker.number.int({ min: 0, max: 100 }),
    Float: () => faker.number.float({ min: 0, max: 100, fractionDigits: 2 }),
    Boolean: () => faker.datatype.boolean(),
    ID: () => cuidLike(faker),
    // Houston's custom scalars.
    Uuid: () => cuidLike(faker),
    Id: () => cuidLike(faker),
    DateTime: () => faker.date.recent({ days: 30 }).toISOString(),
    JSON: () => ({ [faker.word.noun()]: faker.word.noun() }),
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isScalarType(type)) {
      mocks[type.name] ??= () => faker.word.sample();
    } else if (isEnumType(type)) {
      const values = type.getValues().map((v) => v.value as unknown);
      mocks[type.name] = () => faker.helpers.arrayElement(values);
    } else if (isAbstractType(type)) {
      const names = schema.getPossibleTypes(type).map((t) => t.name);
      mocks[type.name] = () => ({ __typename: faker.helpers.arrayElement(names) });
    } else if (isObjectType(type)) {
      const fields: Record<string, () => unknown> = { [SYNTHETIC_KEY]: () => faker.string.alphanumeric(16) };
      for (const [fieldName, field] of Object.entries(type.getFields())) {
        if (!STRING_LIKE.has(getNamedType(field.type).name)) continue;
        const one = byFieldName(faker, fieldName);
        if (!one) continue;
        // The MockStore makes lists of two for type mocks only; a field mock answers the whole value.
        fields[fieldName] = isListType(getNullableType(field.type)) ? () => [one(), one()] : one;
      }
      mocks[type.name] = fields;
    }
  }
  return mocks;
}

/**
 * The store's key for types without an `id`. The MockStore would key them with `Math.random` UUIDs; a key drawn
 * from the local faker keeps generation deterministic. It is never a field of the answer.
 */
const SYNTHETIC_KEY = '__automockKey';

const policiesBySchema = new WeakMap<GraphQLSchema, Record<string, TypePolicy>>();

function typePoliciesFor(schema: GraphQLSchema): Record<string, TypePolicy> {
  const known = policiesBySchema.get(schema);
  if (known) return known;
  const policies: Record<string, TypePolicy> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields = type.getFields();
    if (!('id' in fields) && !('_id' in fields)) policies[type.name] = { keyFieldName: SYNTHETIC_KEY };
  }
  policiesBySchema.set(schema, policies);
  return policies;
}

/** The request's mock store (made on first use): generated objects keep their values within a request. */
function storeFor(schema: GraphQLSchema, ctx: AutomockContext): { store: IMockStore; faker: Faker } {
  let entry = stores.get(ctx);
  if (!entry) {
    // A randomizer of our own: Faker's default one would be seeded from Math.random.
    const faker = seededFaker({ rng: 0 });
    // Dates are recent as the platform sees it, never as the wall clock does.
    faker.setDefaultRefDate(ctx.store.clock.now());
    const store = createMockStore({ schema, mocks: mocksFor(schema, faker), typePolicies: typePoliciesFor(schema) });
    entry = { store, faker };
    stores.set(ctx, entry);
  }
  return entry;
}

function mark(ctx: AutomockContext, coordinate: string): void {
  if (!ctx.notes.automocked.includes(coordinate)) ctx.notes.automocked.push(coordinate);
}

/** Starts a generated answer: marks it, and seeds the values from the instance's seed and where they are asked. */
function begin(schema: GraphQLSchema, ctx: AutomockContext, coordinate: string, args: unknown, info: GraphQLResolveInfo) {
  mark(ctx, coordinate);
  const entry = storeFor(schema, ctx);
  entry.faker.seed(hash(`${ctx.mock.seed ?? 'none'}|${coordinate}|${stableJson(args)}|${pathOf(info)}`));
  return entry.store;
}

export interface AutomockOptions {
  /** Root fields (`Query.x`, `Mutation.y`, `Subscription.z`) that have a stateful implementation. */
  implemented: ReadonlySet<string>;
}

/**
 * The schema with auto-mocking added. Implemented root fields and every field resolver keep their behaviour,
 * except under a generated object, where the generated values answer. The mock stores are built on the schema as
 * given, whose types and fields are those of the result.
 */
export function automockSchema(schema: GraphQLSchema, options: AutomockOptions): GraphQLSchema {
  const roots = getRootTypeNames(schema);
  const subscriptionType = schema.getSubscriptionType()?.name;

  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (fieldConfig, fieldName, typeName) => {
      const coordinate = `${typeName}.${fieldName}`;
      const own = fieldConfig.resolve as GraphQLFieldResolver<unknown, AutomockContext> | undefined;

      if (roots.has(typeName) && !options.implemented.has(coordinate)) {
        if (typeName === subscriptionType) {
          return {
            ...fieldConfig,
            // One generated event, then the stream ends: there is nothing behind it to follow.
            subscribe: (_root: unknown, args: Record<string, unknown>, ctx: AutomockContext, info: GraphQLResolveInfo) => {
              const value = begin(schema, ctx, coordinate, args, info).get(typeName, 'ROOT', fieldName, args);
              return oneEvent({ [fieldName]: value });
            },
            resolve: (payload: unknown) => (payload as Record<string, unknown>)[fieldName],
          };
        }
        return {
          ...fieldConfig,
          resolve: (_root: unknown, args: Record<string, unknown>, ctx: AutomockContext, info: GraphQLResolveInfo) =>
            begin(schema, ctx, coordinate, args, info).get(typeName, 'ROOT', fieldName, args),
        };
      }

      return {
        ...fieldConfig,
        resolve: (parent: unknown, args: Record<string, unknown>, ctx: AutomockContext, info: GraphQLResolveInfo) => {
          // Under a generated object everything is generated: domain resolvers cannot read a mock reference.
          if (isRef(parent)) return storeFor(schema, ctx).store.get(parent, fieldName, args);
          if (own) return own(parent, args, ctx, info);
          const value: unknown = defaultFieldResolver(parent, args, ctx, info);
          if (value !== undefined) return value;
          const id = (parent as { id?: unknown } | null)?.id;
          const key = typeof id === 'string' && id ? id : `path:${pathOf(info)}`;
          return begin(schema, ctx, coordinate, args, info).get(typeName, key, fieldName, args);
        },
      };
    },
    [MapperKind.ABSTRACT_TYPE]: (type) => {
      // A generated object names its type in its reference; anything else is left to the type's own resolver.
      if (isUnionType(type)) {
        const config = type.toConfig();
        const own = config.resolveType;
        return new GraphQLUnionType({ ...config, resolveType: (value, ctx, info, t) => (isRef(value) ? value.$ref.typeName : own?.(value, ctx, info, t)) });
      }
      const config = type.toConfig();
      const own = config.resolveType;
      return new GraphQLInterfaceType({ ...config, resolveType: (value, ctx, info, t) => (isRef(value) ? value.$ref.typeName : own?.(value, ctx, info, t)) });
    },
  });
}

/** An async iterator that yields one value and ends. */
function oneEvent<T>(value: T): AsyncIterableIterator<T> {
  let sent = false;
  return {
    next: () => {
      if (sent) return Promise.resolve({ value: undefined, done: true });
      sent = true;
      return Promise.resolve({ value, done: false });
    },
    return: () => {
      sent = true;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
