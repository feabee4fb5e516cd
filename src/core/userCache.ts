import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * houston-mock's directory in the user's cache, `~/.cache/houston-mock`: each version's SDL (src/schema/loadSchema.ts),
 * the CLI's seeded platforms (src/cli/platformCache.ts) and compiled code (src/cli/codeCache.ts). Everything in it is
 * best effort: a start that cannot read or write it works the same, only slower.
 */
export function userCacheDir(): string {
  return join(homedir(), '.cache', 'houston-mock');
}

/**
 * Writes a cache file whole, then renames it into place, so that a process reading the same entry never sees half
 * a file; readable by its owner only (entries can hold seeded password hashes and API keys). The partial file is
 * named `<file>.<pid>.<8 hex digits>`, for whoever cleans up after a process that died writing. Throws as the file
 * system calls do.
 */
export function writeWhole(file: string, content: string | NodeJS.ArrayBufferView): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, content, { mode: 0o600 });
  renameSync(partial, file);
}
