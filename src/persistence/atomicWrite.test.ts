import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { emptyPlatform } from '../store/state.js';
import { createStateSaver, serializeState, StateFileError } from './stateFile.js';

/** Makes the saver's rename fail, as a crash between writing the temporary file and renaming it would leave things. */
const crash = vi.hoisted(() => ({ atRename: false, seen: { target: '', temp: '' } }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    rename: async (from: string, to: string) => {
      if (!crash.atRename) return actual.rename(from, to);
      crash.seen = { target: await actual.readFile(to, 'utf8'), temp: await actual.readFile(from, 'utf8') };
      throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
    },
  };
});

describe('state file writes', () => {
  it('leave the previous file whole when interrupted between writing and renaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-crash-'));
    const file = join(dir, 'state.json');
    const before = serializeState(emptyPlatform(1));
    writeFileSync(file, before);
    const next = emptyPlatform(2);
    const saver = createStateSaver(file, () => next);

    crash.atRename = true;
    saver.schedule();
    const failure = await saver.flush().then(
      () => undefined,
      (error: unknown) => error,
    );
    crash.atRename = false;

    expect(failure).toBeInstanceOf(StateFileError);
    // At the moment of the rename the new state was complete beside the untouched old file.
    expect(crash.seen).toEqual({ target: before, temp: serializeState(next) });
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });
});
