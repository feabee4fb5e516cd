/**
 * V8's code cache for the CLI's bundle on Node.js versions without `module.enableCompileCache()` (before 22.1).
 *
 * Compiling the bundle's code (about 1.6 MB that the server runs at start) is a good part of what is left of a start
 * once the command is bundled and its platform cached: keeping it saves about 20 ms of 180 on Node 20. V8 can serialize
 * the code it compiled and take it back in a later process, skipping the compilation: Node 22.1+ does that itself once
 * the loader (src/cli.ts) turns it on; here, for older Node versions, the bundle's CommonJS chunks are compiled
 * through `vm.Script` with the cached data, which is written once the server is ready (when the code that starting it
 * runs has been compiled), for the next start.
 *
 * Only files in the bundle's directory go through it; V8 refuses cached data made by another V8 version or with other
 * flags (`cachedDataRejected`), and the data sits in a directory named after the bundle's build (whose content it
 * depends on, see scripts/bundle-cli.mjs) and the Node.js version. Best effort: any problem compiles as usual.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off, as it does Node's own cache.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import nodeModule, { createRequire } from 'node:module';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';
import { writeWhole } from '../core/userCache.js';

/** Published (node:diagnostics_channel) by the CLI once its server is ready: the cached data is written then. */
export const STARTED_CHANNEL = 'houston-mock:started';

/** Directories of earlier builds or Node versions kept beside the current one (a checkout switching branches). */
const KEPT_BUILDS = 3;

/** The part of Node's CommonJS loader this replaces for the bundle's files: compiling and running one module. */
interface CompilingModule {
  exports: unknown;
}
type Compile = (this: CompilingModule, content: string, filename: string) => unknown;

/**
 * Compiles the CommonJS files under `binDir` with V8's code cache kept under `cacheRoot`, from now on in this process.
 * `build` names the bundle's build (its content hash).
 */
export function installCodeCache(binDir: string, cacheRoot: string, build: string): void {
  const prototype = (nodeModule as unknown as { prototype: { _compile?: Compile } }).prototype;
  const original = prototype._compile;
  if (typeof original !== 'function') return;
  const own = binDir.endsWith(sep) ? binDir : `${binDir}${sep}`;
  const dir = join(cacheRoot, `code-${build.slice(0, 16)}-${process.version}`);
  /** Scripts compiled without usable cached data: their data is written once the server is ready. */
  const fresh: { script: Script; file: string }[] = [];

  prototype._compile = function compile(this: CompilingModule, content: string, filename: string): unknown {
    if (!filename.startsWith(own)) return original.call(this, content, filename);
    const file = join(dir, `${basename(filename)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(file);
    } catch {
      // Not cached yet.
    }
    // Node's own wrapper for a CommonJS module, on one line so that line numbers in stack traces stay right.
    const wrapper = `(function (exports, require, module, __filename, __dirname) { ${content}\n});`;
    // No `import()` can run in such a script: scripts/bundle-cli.mjs makes sure the bundle has none.
    const script = new Script(wrapper, { filename, ...(cachedData ? { cachedData } : {}) });
    if (!cachedData || script.cachedDataRejected === true) fresh.push({ script, file });
    const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: CompilingModule, filename: string, dirname: string) => unknown;
    return run.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };

  const save = () => {
    unsubscribe(STARTED_CHANNEL, save);
    if (fresh.length === 0) return;
    try {
      for (const { script, file } of fresh.splice(0)) writeWhole(file, script.createCachedData());
      prune(cacheRoot, dir);
    } catch {
      // No writable cache directory: every start compiles.
    }
  };
  subscribe(STARTED_CHANNEL, save);
}

/** Removes the code caches of all but the most recently written builds. */
function prune(cacheRoot: string, current: string): void {
  const builds = readdirSync(cacheRoot)
    .filter((name) => name.startsWith('code-'))
    .map((name) => ({ path: join(cacheRoot, name), written: statSync(join(cacheRoot, name)).mtimeMs }))
    .filter(({ path }) => path !== current)
    .sort((a, b) => b.written - a.written);
  for (const { path } of builds.slice(KEPT_BUILDS - 1)) rmSync(path, { recursive: true, force: true });
}

/** The bundle's build, as scripts/bundle-cli.mjs wrote it beside the bundle; undefined without one. */
export function bundleBuild(binDir: string): string | undefined {
  try {
    const { sha256 } = JSON.parse(readFileSync(join(binDir, 'build-id.json'), 'utf8')) as { sha256?: unknown };
    return typeof sha256 === 'string' && /^[0-9a-f]{64}$/.test(sha256) ? sha256 : undefined;
  } catch {
    return undefined;
  }
}
