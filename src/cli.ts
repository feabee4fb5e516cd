#!/usr/bin/env node
/**
 * The `houston-mock` bin. The command itself (src/cli/main.ts) is bundled by scripts/bundle-cli.mjs into
 * dist/bin/: most of a cold start went to Node finding, reading and compiling the few hundred modules of the server
 * and its dependencies one by one, and a bundle is a handful of files. This loader only turns a compile cache on,
 * then runs the bundle, which answers `--help` and `--version` before loading the server.
 */
import { subscribe } from 'node:diagnostics_channel';
import nodeModule, { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { bundleBuild, installCodeCache, STARTED_CHANNEL } from './cli/codeCache.js';
import { userCacheDir } from './core/userCache.js';

const binDir = fileURLToPath(new URL('./bin/', import.meta.url));

// Node 22.1+ keeps the code it compiled on disk (in the system's temporary directory), so later starts skip compiling
// it again; older versions have no such function, and get the same from src/cli/codeCache.ts, in the user's cache
// directory beside houston-mock's others. NODE_DISABLE_COMPILE_CACHE=1 turns either off.
const { enableCompileCache, flushCompileCache } = nodeModule as { enableCompileCache?: () => unknown; flushCompileCache?: () => void };
if (typeof enableCompileCache === 'function') {
  enableCompileCache();
  // Node writes it at exit; a dev server is as often killed, so where Node can (22.10+), once the server is ready.
  if (typeof flushCompileCache === 'function') subscribe(STARTED_CHANNEL, () => flushCompileCache());
} else if (process.env.NODE_DISABLE_COMPILE_CACHE !== '1') {
  const build = bundleBuild(binDir);
  if (build) installCodeCache(binDir, userCacheDir(), build);
}

createRequire(import.meta.url)('./bin/houston-mock.cjs');
