#!/usr/bin/env node
/**
 * The `houston-mock` bin. The command itself (src/cli/main.ts) is bundled by scripts/bundle-cli.mjs into
 * dist/bin/: most of a cold start went to Node finding, reading and compiling the few hundred modules of the server
 * and its dependencies one by one, and a bundle is a handful of files. This loader only turns Node's compile cache on
 * where Node has one, then runs the bundle, which answers `--help` and `--version` before loading the server.
 */
import nodeModule from 'node:module';

// Node 22.1+ keeps the code it compiled on disk (in the system's temporary directory; NODE_DISABLE_COMPILE_CACHE=1
// turns it off), so later starts skip compiling it again. Node 20 has no such function, hence the check.
const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
if (typeof enableCompileCache === 'function') enableCompileCache();

// A computed specifier: the bundle exists only after the build, and the type check runs before it.
await import(new URL('./bin/houston-mock.js', import.meta.url).href);
