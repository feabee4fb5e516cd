import type { IResolvers } from '@graphql-tools/utils';
import type { Caller, EntityRef } from '../auth/permissions.js';
import type { TokenSigner } from '../auth/tokens.js';
import type { MockSettings } from '../config/config.js';
import type { Store } from '../store/state.js';

/** What every resolver receives: the platform, the caller, and the helpers resolvers share. */
export interface HoustonContext {
  store: Store;
  caller: Caller;
  platformVersion: string;
  mock: MockSettings;
  tokens: TokenSigner;
  /** Throws Houston's FORBIDDEN error unless the caller holds one of the permissions on the entity. */
  authorize(anyOf: readonly string[], entity?: EntityRef): void;
}

export type Resolvers = IResolvers<unknown, HoustonContext>;
