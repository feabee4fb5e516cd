import type { Resolvers } from '../context.js';
import { appConfig, authConfig } from './store.js';

export const resolvers: Resolvers = {
  Query: {
    // Both answer without a token: the Astro CLI asks for the version before anyone has logged in.
    appConfig: (_parent, _args, ctx) => appConfig(ctx.store),
    authConfig: (_parent, _args, ctx) => authConfig(ctx.store),
  },
};
