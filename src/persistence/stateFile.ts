/**
 * The dev server's state file (`--state-file`): the platform as JSON, read once at start and rewritten after changes.
 *
 * Writes are atomic: the snapshot goes to a temporary file in the same directory, is flushed to disk, then renamed over
 * the target, so a reader (or the next start, after a crash or a power cut) sees either the previous file or the new
 * one, never a half-written one. Bursts of changes are coalesced into one write.
 *
 * The file holds password hashes and service-account keys: it is written with mode 0600, and no message here ever
 * quotes its content (a JSON parser's excerpt of a damaged file could hold a hash, so it is left out too).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, realpathSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePlatformData, type PlatformData } from '../store/state.js';

/** A state file that exists but cannot be used. The message is one line naming the file and the reason. */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';

  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`cannot use state file ${path}: ${reason}`);
  }
}

/** What the usual file-system errors mean for a state file, in a user's words. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
};

/** `ENOSPC: no space left on the device`: the code, and what it means when we know. Never the file's content. */
function explain(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return String((error as Error | null)?.message ?? error).split('\n')[0] ?? 'unknown error';
  const reason = REASONS[code];
  return reason ? `${code}: ${reason}` : code;
}

/**
 * Reads a state file. `undefined` when there is no file at `path` (a first run: the caller seeds as usual and the saver
 * creates the file). A file that cannot be read, is not JSON, or is not a houston-mock platform of the current format
 * throws a StateFileError; the file itself is never modified here.
 */
export function loadStateFile(path: string): PlatformData | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new StateFileError(path, `cannot read it (${explain(error)})`);
  }
  if (text.trim() === '') throw new StateFileError(path, 'the file is empty, not a houston-mock state file (delete it to start afresh)');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StateFileError(path, 'the file is not valid JSON (damaged, or not a houston-mock state file)');
  }
  try {
    return parsePlatformData(value);
  } catch (error) {
    throw new StateFileError(path, (error as Error).message);
  }
}

/** The serialized form: stable and readable (diffable when a state file is kept as a fixture). */
export function serializeState(data: PlatformData): string {
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** Writes `text` to `path` atomically: temporary file in the same directory, fsync, rename over the target. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  // Same directory, so the rename never crosses a file system (where it would not be atomic, or would fail).
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let renamed = false;
  try {
    // 'wx': never follow or reuse something already at the temporary name. Mode 0600: the content holds secrets.
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    renamed = true;
    await syncDirectory(dir);
  } finally {
    if (!renamed) await unlink(temp).catch(() => undefined);
  }
}

/**
 * Makes the rename itself durable. Not every platform can open a directory for syncing (Windows cannot); there the
 * rename is still atomic, only its durability across a power cut is up to the file system.
 */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    return;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export interface StateSaverOptions {
  /**
   * Longest a change waits before its write starts, counted from the first change not yet written, however busy the
   * server stays (changes within the window share one write). Default 100 ms.
   */
  delayMs?: number;
  /** A background write failed (the next change retries). Receives a one-line message naming the file, no content. */
  onError?: (error: StateFileError) => void;
}

export interface StateSaver {
  /** Notes that the platform changed: a write starts within `delayMs`, shared with any other change meanwhile. */
  schedule(): void;
  /**
   * Writes any pending change now and waits for every write to finish; concurrent calls share writes. Rejects if the
   * write fails. With `always` (at shutdown) it writes even with nothing pending: a query can change the platform too
   * (a service account's `lastUsedAt`) without being announced as a change.
   */
  flush(options?: { always?: boolean }): Promise<void>;
}

/**
 * Saves `getData()` to `path` after changes. The snapshot is serialized synchronously when a write starts, so it is
 * the platform between two operations, never halfway through one; the disk write then runs in the background, and
 * writes never overlap (a change during a write is saved by the next one).
 *
 * The delay is bounded by time, not by quiet: the next write is due `delayMs` after the oldest unwritten change, so
 * under a steady stream of changes writes follow each other back to back instead of waiting for a pause. A change is
 * therefore on disk at most `delayMs` plus two writes after it was made (the write running when it came, then its own).
 */
export function createStateSaver(path: string, getData: () => PlatformData, options: StateSaverOptions = {}): StateSaver {
  const delayMs = options.delayMs ?? 100;
  const report = options.onError ?? (() => undefined);
  // Write through a symbolic link rather than replace it (a state file kept elsewhere and linked in).
  const target = resolveLink(path);
  let dirty = false;
  /** When the oldest change not yet written was made (monotonic milliseconds). */
  let dirtySince = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> | undefined;

  const failure = (error: unknown) => new StateFileError(path, `cannot write it (${explain(error)})`);
  const markDirty = () => {
    if (!dirty) dirtySince = performance.now();
    dirty = true;
  };
  const cancelTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  /** Sets the timer for the next write: due `delayMs` after the oldest pending change, at once if that has passed. */
  const arm = () => {
    if (timer !== undefined || writing || !dirty) return;
    timer = setTimeout(tick, Math.max(0, dirtySince + delayMs - performance.now()));
  };

  /** Starts a write of the current state; resolves when it is on disk. Only called when no write is running. */
  const write = (): Promise<void> => {
    dirty = false;
    let text: string;
    try {
      text = serializeState(getData());
    } catch (error) {
      return Promise.reject(error);
    }
    const done = writeFileAtomic(target, text).finally(() => {
      writing = undefined;
      arm();
    });
    writing = done;
    return done;
  };

  function tick(): void {
    timer = undefined;
    if (!dirty || writing) return;
    write().catch((error: unknown) => {
      // Keep the change pending, so that the next schedule() or flush() tries again.
      markDirty();
      report(failure(error));
    });
  }

  return {
    schedule() {
      markDirty();
      arm();
    },
    async flush(options = {}) {
      cancelTimer();
      // A background write that fails has already been reported; flush then writes again below. Another flush may
      // start a write while this one waits: wait for that one too, so that writes never overlap.
      while (writing) await writing.catch(() => undefined);
      cancelTimer();
      if (!dirty && !options.always) return;
      try {
        await write();
      } catch (error) {
        markDirty();
        throw failure(error);
      }
    },
  };
}

/** The temporary files a save of `path` creates: `.<name>.<pid>.<12 hex>.tmp` beside it. */
function tempPattern(path: string): RegExp {
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(\\d+)\\.[0-9a-f]{12}\\.tmp$`);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files that saves interrupted by a crash or `kill -9` left beside the state file (those of a
 * process still running are kept). Returns how many were removed. Never fails the start: a file it cannot remove
 * stays.
 */
export function removeStaleTemporaryFiles(path: string): number {
  const target = resolveLink(path);
  const dir = dirname(target);
  const pattern = tempPattern(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = pattern.exec(name);
    if (!match || processAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dir, name));
      removed += 1;
    } catch {
      // Left for the next start.
    }
  }
  return removed;
}

/**
 * Checks that saves will work: a temporary file can be created (and removed) beside the state file, as every save
 * does. Throws a StateFileError otherwise, so that the start stops instead of every later save failing.
 */
export function checkWritable(path: string): void {
  const target = resolveLink(path);
  const probe = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    closeSync(openSync(probe, 'wx', 0o600));
    unlinkSync(probe);
  } catch (error) {
    throw new StateFileError(path, `cannot write in its directory (${explain(error)})`);
  }
}

function resolveLink(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
