import type { IResolvers } from '@graphql-tools/utils';
import type { Caller, EntityRef } from '../auth/permissions.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { MockSettings } from '../config/config.js';
import type { View } from '../store/lookups.js';
import type { Store } from '../store/state.js';

/** What happened while serving one request, beyond its answer: read by the request journal and the answer's extensions. */
export interface RequestNotes {
  /** Each permission check: the permissions asked for (any of), the entity, and whether the caller held one. */
  decisions: { anyOf: readonly string[]; entity?: EntityRef; allowed: boolean }[];
  /** Schema coordinates (`Query.x`, `Type.field`) answered with generated data by the opt-in auto-mock mode. */
  automocked: string[];
}

/** What every resolver receives: the platform, the caller, and the helpers resolvers share. */
export interface HoustonContext {
  store: Store;
  caller: Caller;
  platformVersion: string;
  mock: MockSettings;
  tokens: TokenSigner;
  /** Throws Houston's FORBIDDEN error unless the caller holds one of the permissions on the entity. */
  authorize(anyOf: readonly string[], entity?: EntityRef): void;
  notes: RequestNotes;
  /**
   * A view derived from the platform (a table grouped by a key, e.g. `roleBindingsByUser`), kept until a table it
   * reads changes: list answers ask it once per item.
   */
  lookup<T>(wanted: View<T>): T;
}

export type Resolvers = IResolvers<unknown, HoustonContext>;
