import { mergeResolvers } from '@graphql-tools/merge';
import { addResolversToSchema, makeExecutableSchema } from '@graphql-tools/schema';
import { buildASTSchema, isObjectType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { automockSchema } from '../automock/automock.js';
import { errors } from '../core/errors.js';
import { houstonSchemaFor, houstonTypeDefsFor } from '../schema/loadSchema.js';
import type { Resolvers } from './context.js';
import { resolvers as scalars } from './scalars.js';
import { resolvers as system } from './system/resolvers.js';
import { resolvers as users } from './users/resolvers.js';
import { resolvers as workspaces } from './workspaces/resolvers.js';
import { resolvers as deployments } from './deployments/resolvers.js';
import { resolvers as roleBindings } from './roleBindings/resolvers.js';
import { resolvers as serviceAccounts } from './serviceAccounts/resolvers.js';
import { resolvers as teams } from './teams/resolvers.js';
import { resolvers as clusters } from './clusters/resolvers.js';
import { resolvers as logs } from './logs/resolvers.js';
import { resolvers as metrics } from './metrics/resolvers.js';

/** Every domain's resolvers: one folder per Houston domain under src/resolvers. */
export const domainResolvers: readonly Resolvers[] = [
  scalars,
  system,
  users,
  workspaces,
  deployments,
  roleBindings,
  serviceAccounts,
  teams,
  clusters,
  logs,
  metrics,
];

const ROOT_TYPES = ['Query', 'Mutation', 'Subscription'] as const;

/** Root fields (`Query.x`, `Mutation.y`, …) that have a stateful implementation. */
export function implementedRootFields(): Set<string> {
  const out = new Set<string>();
  for (const resolvers of domainResolvers) {
    for (const type of ROOT_TYPES) {
      const map = resolvers[type];
      if (map && typeof map === 'object') for (const field of Object.keys(map)) out.add(`${type}.${field}`);
    }
  }
  return out;
}

/**
 * A field the emulator does not model answers a clear NOT_IMPLEMENTED error naming it, never made-up data
 * (unless the user opts into auto-mocking, which replaces these resolvers; see src/automock).
 */
function notImplementedResolvers(schema: GraphQLSchema): Resolvers {
  const implemented = implementedRootFields();
  const out: Record<string, Record<string, unknown>> = {};
  for (const type of ROOT_TYPES) {
    const root = type === 'Query' ? schema.getQueryType() : type === 'Mutation' ? schema.getMutationType() : schema.getSubscriptionType();
    if (!root) continue;
    for (const field of Object.keys(root.getFields())) {
      const coordinate = `${type}.${field}`;
      if (implemented.has(coordinate)) continue;
      const fail = () => {
        throw errors.notImplemented(coordinate);
      };
      (out[type] ??= {})[field] = type === 'Subscription' ? { subscribe: fail } : fail;
    }
  }
  return out as Resolvers;
}

/**
 * For a schema the user brings: object fields houston-mock's own schema for the version lacks (so nothing stores
 * them) answer NOT_IMPLEMENTED when the parent value has no such property, instead of a silent null or a
 * non-null violation. A value that is there (a field the store happens to hold) is answered as is.
 */
function unmodeledFieldResolvers(schema: GraphQLSchema, own: GraphQLSchema): Resolvers {
  const out: Record<string, Record<string, unknown>> = {};
  const roots = new Set([schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || roots.has(type)) continue;
    const ownType = own.getType(type.name);
    const ownFields = isObjectType(ownType) ? ownType.getFields() : {};
    for (const field of Object.keys(type.getFields())) {
      if (field in ownFields) continue;
      const coordinate = `${type.name}.${field}`;
      (out[type.name] ??= {})[field] = (parent: Record<string, unknown> | null | undefined) => {
        const value = parent?.[field];
        if (value === undefined) throw errors.notImplemented(coordinate);
        return value;
      };
    }
  }
  return out as Resolvers;
}

/**
 * houston-mock's own schema for the version. Its SDL was printed from a schema built and pruned from it: it is
 * built as is, and the resolvers are attached to that new schema in place (makeExecutableSchema would merge the SDL
 * again and copy the schema, twice the start's schema work).
 */
function ownSchema(platformVersion: string): GraphQLSchema {
  const schema = buildASTSchema(houstonTypeDefsFor(platformVersion), { assumeValidSDL: true });
  addResolversToSchema({
    schema,
    resolvers: mergeResolvers([...domainResolvers, notImplementedResolvers(schema)]),
    updateResolversInPlace: true,
    resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
  });
  return schema;
}

/** A schema the user brings: any SDL, so built (and checked) by makeExecutableSchema. */
function userSchema(typeDefs: DocumentNode, platformVersion: string, options: SchemaOptions): GraphQLSchema {
  const executable = { typeDefs, resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' as const } };
  const bare = makeExecutableSchema(executable);
  const extra = [notImplementedResolvers(bare)];
  // Auto-mock mode generates what a parent value lacks itself; otherwise such fields say NOT_IMPLEMENTED.
  if (!options.automock) extra.push(unmodeledFieldResolvers(bare, houstonSchemaFor(platformVersion)));
  return makeExecutableSchema({ ...executable, resolvers: [...domainResolvers, ...extra] });
}

const cache = new Map<string, GraphQLSchema>();
const customCache = new WeakMap<DocumentNode, Map<string, GraphQLSchema>>();

export interface SchemaOptions {
  /** Opt-in auto-mock mode: unimplemented fields answer generated data instead of NOT_IMPLEMENTED. */
  automock?: boolean;
  /**
   * Serve exactly these type definitions (a schema the user brings, see src/schema/schemaFile.ts) instead of
   * houston-mock's SDL for the version: what houston-mock models keeps its resolvers, what it does not answers
   * NOT_IMPLEMENTED (or generated data with `automock`), what the document lacks is gone.
   */
  typeDefs?: DocumentNode;
}

/**
 * The executable schema served for a platform version: that version's SDL with every domain's resolvers; with
 * `automock`, unimplemented fields answer generated data (src/automock). Built once per version and mode.
 */
export function buildHoustonSchema(platformVersion: string, options: SchemaOptions = {}): GraphQLSchema {
  const key = `${platformVersion}${options.automock ? '+automock' : ''}`;
  const store = options.typeDefs ? (customCache.get(options.typeDefs) ?? new Map<string, GraphQLSchema>()) : cache;
  if (options.typeDefs) customCache.set(options.typeDefs, store);
  const cached = store.get(key);
  if (cached) return cached;
  const stateful = options.typeDefs ? userSchema(options.typeDefs, platformVersion, options) : ownSchema(platformVersion);
  const schema = options.automock ? automockSchema(stateful, { implemented: implementedRootFields() }) : stateful;
  store.set(key, schema);
  return schema;
}
