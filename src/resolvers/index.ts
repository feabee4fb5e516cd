import { mergeResolvers } from '@graphql-tools/merge';
import { addResolversToSchema } from '@graphql-tools/schema';
import { buildASTSchema, Kind, type DocumentNode, type GraphQLSchema, type ObjectTypeDefinitionNode } from 'graphql';
import { automockSchema } from '../automock/automock.js';
import { errors } from '../core/errors.js';
import { houstonTypeDefsFor } from '../schema/loadSchema.js';
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
function notImplementedResolvers(typeDefs: DocumentNode): Resolvers {
  const implemented = implementedRootFields();
  const out: Record<string, Record<string, unknown>> = {};
  for (const type of ROOT_TYPES) {
    // Read from the version's SDL (printed with the standard root type names): no schema is built to list them.
    const roots = typeDefs.definitions.filter(
      (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === type,
    );
    for (const field of roots.flatMap((root) => (root.fields ?? []).map((f) => f.name.value))) {
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

const cache = new Map<string, GraphQLSchema>();

export interface SchemaOptions {
  /** Opt-in auto-mock mode: unimplemented fields answer generated data instead of NOT_IMPLEMENTED. */
  automock?: boolean;
}

/**
 * The executable schema served for a platform version: that version's SDL with every domain's resolvers; with
 * `automock`, unimplemented fields answer generated data (src/automock). Built once per version and mode.
 */
export function buildHoustonSchema(platformVersion: string, options: SchemaOptions = {}): GraphQLSchema {
  const key = `${platformVersion}${options.automock ? '+automock' : ''}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const typeDefs = houstonTypeDefsFor(platformVersion);
  // The version's SDL was printed from a schema built and pruned from it: it is built as is, and the resolvers are
  // attached to that new schema in place (makeExecutableSchema would merge the SDL again and copy the schema).
  const stateful = buildASTSchema(typeDefs, { assumeValidSDL: true });
  addResolversToSchema({
    schema: stateful,
    resolvers: mergeResolvers([...domainResolvers, notImplementedResolvers(typeDefs)]),
    updateResolversInPlace: true,
    resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
  });
  const schema = options.automock ? automockSchema(stateful, { implemented: implementedRootFields() }) : stateful;
  cache.set(key, schema);
  return schema;
}
