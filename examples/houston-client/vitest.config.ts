import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Only because this project links houston-mock ("file:../..", like `npm link`): without it, vitest follows the
    // link out of node_modules, compiles houston-mock as if it were this project's source, and graphql gets loaded
    // twice ("Cannot use GraphQLObjectType from another module or realm"). Installed from the registry, houston-mock
    // needs no vitest configuration at all.
    preserveSymlinks: true,
  },
});
