import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { checkWritable, serializeState } from './stateFile.js';
import { emptyPlatform } from '../store/state.js';

/** A directory that refuses new files, as a read-only mount or another owner's directory would (root ignores modes). */
const refuse = vi.hoisted(() => ({ code: '' }));

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return {
    ...actual,
    openSync: (path: string, flags: string, mode?: number) => {
      if (refuse.code && path.endsWith('.tmp')) throw Object.assign(new Error(`${refuse.code}: refused`), { code: refuse.code });
      return actual.openSync(path, flags, mode);
    },
  };
});

describe('checkWritable', () => {
  it('passes where a save could write, leaving nothing behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-writable-'));
    const file = join(dir, 'state.json');
    writeFileSync(file, serializeState(emptyPlatform(1)));
    expect(() => checkWritable(file)).not.toThrow();
  });

  it('stops the start in one line when the directory refuses the temporary file every save writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-writable-'));
    const file = join(dir, 'state.json');
    writeFileSync(file, serializeState(emptyPlatform(1)));
    for (const code of ['EACCES', 'EROFS']) {
      refuse.code = code;
      try {
        expect(() => checkWritable(file)).toThrow(
          `cannot use state file ${file}: cannot write in its directory (${code}: ${code === 'EACCES' ? 'permission denied' : 'read-only file system'})`,
        );
      } finally {
        refuse.code = '';
      }
    }
  });
});
