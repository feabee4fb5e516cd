import type { Resolvers } from '../context.js';

export const resolvers: Resolvers = {};
