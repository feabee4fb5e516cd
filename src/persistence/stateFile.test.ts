import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createHoustonMock } from '../server/createHoustonMock.js';
import { emptyPlatform, type PlatformData } from '../store/state.js';
import { gql } from '../../test/support/gql.js';
import { createStateSaver, loadStateFile, removeStaleTemporaryFiles, serializeState, StateFileError } from './stateFile.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'houston-mock-state-'));
}

/** Runs `fn` and returns what it threw (failing the test when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** A user record as the platform keeps it (the loader checks each record's fields). */
function fakeUser(id: string): PlatformData['users'][string] {
  const at = '2024-01-01T00:00:00.000Z';
  return { id, username: id, fullName: null, status: 'active', avatarUrl: null, emails: [], localCredential: null, createdAt: at, updatedAt: at };
}

function platformWith(userCount: number): PlatformData {
  const data = emptyPlatform(1);
  for (let i = 0; i < userCount; i += 1) {
    data.users[`u${i}`] = fakeUser(`u${i}`);
  }
  return data;
}

describe('loadStateFile', () => {
  it('answers undefined when the file does not exist', () => {
    expect(loadStateFile(join(tempDir(), 'state.json'))).toBeUndefined();
  });

  it('reads back what the saver wrote, and a server started from it serves the same platform', async () => {
    const file = join(tempDir(), 'state.json');
    const mock = createHoustonMock({ seed: null });
    const signup = await gql(mock, 'mutation { createUser(email: "ann@example.com", password: "pw-123456", username: "ann") { token { value } } }');
    const token = signup.data?.createUser.token.value as string;
    const created = await gql(mock, 'mutation { createWorkspace(label: "Kept") { id } }', null, token);
    const saver = createStateSaver(file, () => mock.store.data);
    saver.schedule();
    await saver.flush();

    const loaded = loadStateFile(file);
    expect(loaded).toEqual(mock.exportState());
    const again = createHoustonMock({ data: loaded });
    const workspace = Object.values(again.store.data.workspaces)[0];
    expect(workspace?.id).toBe(created.data?.createWorkspace.id);
    expect(workspace?.label).toBe('Kept');
  });

  it('refuses a file that is not JSON with a one-line message naming the file, and leaves it as it was', () => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, '{"format": "houston-mock/platform@1", "users": {"u1": {"passwordHash": "$2b$10$secretsecret"');
    const before = readFileSync(file);
    const error = thrown(() => loadStateFile(file));
    expect(error).toBeInstanceOf(StateFileError);
    expect(error.message).toBe(`cannot use state file ${file}: the file is not valid JSON (damaged, or not a houston-mock state file)`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('never quotes the content of a damaged file in its message', () => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, 'passwordHash=$2b$10$secretsecret');
    expect(thrown(() => loadStateFile(file)).message).not.toContain('secret');
  });

  it('refuses an empty file', () => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, '');
    expect(thrown(() => loadStateFile(file)).message).toBe(
      `cannot use state file ${file}: the file is empty, not a houston-mock state file (delete it to start afresh)`,
    );
  });

  it('refuses JSON that is not a houston-mock platform, naming the format it lacks, and leaves the file as it was', () => {
    const file = join(tempDir(), 'package.json');
    writeFileSync(file, '{"name": "someone-elses-file", "version": "1.0.0"}\n');
    const before = readFileSync(file);
    const error = thrown(() => loadStateFile(file));
    expect(error).toBeInstanceOf(StateFileError);
    expect(error.message).toBe(
      `cannot use state file ${file}: not a houston-mock platform of format "houston-mock/platform@1" (format: none)`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a platform of another format version', () => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, JSON.stringify({ ...emptyPlatform(1), format: 'houston-mock/platform@2' }));
    expect(thrown(() => loadStateFile(file)).message).toBe(
      `cannot use state file ${file}: not a houston-mock platform of format "houston-mock/platform@1" (format: "houston-mock/platform@2")`,
    );
  });

  it('refuses a platform with a missing table', () => {
    const file = join(tempDir(), 'state.json');
    const { deployments: _dropped, ...rest } = emptyPlatform(1);
    writeFileSync(file, JSON.stringify(rest));
    expect(thrown(() => loadStateFile(file)).message).toBe(
      `cannot use state file ${file}: not a valid houston-mock platform: "deployments" must be an object keyed by id`,
    );
  });

  it('refuses a path it cannot read as a file', () => {
    const dir = tempDir();
    const error = thrown(() => loadStateFile(dir));
    expect(error).toBeInstanceOf(StateFileError);
    expect(error.message).toBe(`cannot use state file ${dir}: cannot read it (EISDIR: it is a directory)`);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('refuses a file it has no permission to read', () => {
    const file = join(tempDir(), 'state.json');
    writeFileSync(file, serializeState(emptyPlatform(1)));
    chmodSync(file, 0o000);
    expect(thrown(() => loadStateFile(file)).message).toBe(`cannot use state file ${file}: cannot read it (EACCES: permission denied)`);
  });
});

describe('loadStateFile: records of the wrong shape', () => {
  const cases: [string, (data: Record<string, any>) => void, string][] = [
    ['a list that is a string', (d) => (d.users.u0.emails = 'ann@example.com'), 'users["u0"].emails must be a list of records'],
    ['a username that is a number', (d) => (d.users.u0.username = 42), 'users["u0"].username must be a string'],
    ['a missing username', (d) => delete d.users.u0.username, 'users["u0"].username must be a string (missing)'],
    ['a record that is not an object', (d) => (d.users.u0 = 'u0'), 'users["u0"] must be a record'],
    ['an id that is not its key', (d) => (d.users.u0.id = 'other'), 'users["u0"].id must be the record\'s key'],
    ['team members that are not a list', (d) => (d.teams.t1 = { id: 't1', name: 'x', userIds: 'u0' }), 'teams["t1"].userIds must be a list of strings'],
    ['a credential without a hash', (d) => (d.users.u0.localCredential = { salt: 's' }), 'users["u0"].localCredential must be a record or null'],
  ];
  for (const [what, damage, reason] of cases) {
    it(`refuses ${what} in one line naming the record and field, and leaves the file as it was`, () => {
      const file = join(tempDir(), 'state.json');
      const data = JSON.parse(serializeState(platformWith(1))) as Record<string, any>;
      damage(data);
      writeFileSync(file, JSON.stringify(data));
      const before = readFileSync(file);
      const error = thrown(() => loadStateFile(file));
      expect(error).toBeInstanceOf(StateFileError);
      expect(error.message).toBe(`cannot use state file ${file}: not a valid houston-mock platform: ${reason}`);
      expect(readFileSync(file)).toEqual(before);
    });
  }

  it('accepts records missing optional fields (an older file) and fields it does not know', () => {
    const file = join(tempDir(), 'state.json');
    const data = JSON.parse(serializeState(platformWith(1))) as Record<string, any>;
    delete data.users.u0.avatarUrl;
    data.users.u0.nickname = 'extra';
    writeFileSync(file, JSON.stringify(data));
    expect(loadStateFile(file)?.users.u0?.username).toBe('u0');
  });
});

describe('removeStaleTemporaryFiles', () => {
  it("removes what interrupted saves left beside the file, keeping a running process's and other files", () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    writeFileSync(file, serializeState(emptyPlatform(1)));
    // Process ids above Linux's maximum (4194304) are never alive.
    const stale = ['.state.json.99999991.0123456789ab.tmp', '.state.json.99999992.ba9876543210.tmp'];
    const kept = [`.state.json.${process.pid}.aaaaaaaaaaaa.tmp`, '.other.json.99999991.0123456789ab.tmp', 'notes.tmp'];
    for (const name of [...stale, ...kept]) writeFileSync(join(dir, name), '{');
    expect(removeStaleTemporaryFiles(file)).toBe(2);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'state.json'].sort());
  });
});

describe('createStateSaver', () => {
  it('keeps writing under a steady stream of changes: the delay runs from the oldest unwritten change, not from quiet', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(0);
    const saver = createStateSaver(file, () => data, { delayMs: 30 });
    let i = 0;
    const stream = setInterval(() => {
      data.users[`u${i}`] = fakeUser(`u${i}`);
      i += 1;
      saver.schedule();
    }, 5);
    try {
      // Written while changes still arrive every 5 ms, and again later with more of them.
      await vi.waitFor(() => expect(Object.keys(loadStateFile(file)?.users ?? {}).length).toBeGreaterThan(0), { timeout: 5000 });
      const first = Object.keys(loadStateFile(file)?.users ?? {}).length;
      await vi.waitFor(() => expect(Object.keys(loadStateFile(file)?.users ?? {}).length).toBeGreaterThan(first), { timeout: 5000 });
    } finally {
      clearInterval(stream);
      await saver.flush();
    }
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toHaveLength(i);
  });

  it('lets concurrent flushes (one per answer in --state-sync mode) share writes, each resolving once its change is on disk', async () => {
    const dir = tempDir();
    const file = join(dir, 'state.json');
    const data = platformWith(0);
    const getData = vi.fn(() => data);
    const saver = createStateSaver(file, getData);
    const flushes = [];
    for (let n = 0; n < 20; n += 1) {
      data.users[`u${n}`] = fakeUser(`u${n}`);
      saver.schedule();
      const seen = n + 1;
      flushes.push(saver.flush().then(() => expect(Object.keys(loadStateFile(file)?.users ?? {}).length).toBeGreaterThanOrEqual(seen)));
    }
    await Promise.all(flushes);
    // The first flush writes at once; the others wait for it and share the next write.
    expect(getData.mock.calls.length).toBeLessThan(20);
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toHaveLength(20);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes the platform as JSON a loader accepts', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(2);
    const saver = createStateSaver(file, () => data);
    saver.schedule();
    await saver.flush();
    expect(readFileSync(file, 'utf8')).toBe(serializeState(data));
    expect(loadStateFile(file)).toEqual(data);
  });

  it.skipIf(process.platform === 'win32')('writes the file readable by its owner only (it holds password hashes and keys)', async () => {
    const file = join(tempDir(), 'state.json');
    const saver = createStateSaver(file, () => emptyPlatform(1));
    saver.schedule();
    await saver.flush();
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves no temporary file behind', async () => {
    const dir = tempDir();
    const data = platformWith(0);
    const saver = createStateSaver(join(dir, 'state.json'), () => data);
    for (let i = 0; i < 5; i += 1) {
      data.users[`u${i}`] = fakeUser(`u${i}`);
      saver.schedule();
      await saver.flush();
    }
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('writes nothing when nothing changed', async () => {
    const file = join(tempDir(), 'state.json');
    const getData = vi.fn(() => emptyPlatform(1));
    await createStateSaver(file, getData).flush();
    expect(getData).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
  });

  it('writes at flush with always even when no change was announced', async () => {
    const file = join(tempDir(), 'state.json');
    await createStateSaver(file, () => emptyPlatform(7)).flush({ always: true });
    expect(loadStateFile(file)?.rng).toBe(emptyPlatform(7).rng);
  });

  it('coalesces a burst of changes into one write', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(0);
    const getData = vi.fn(() => data);
    const saver = createStateSaver(file, getData, { delayMs: 20 });
    for (let i = 0; i < 100; i += 1) {
      data.users[`u${i}`] = fakeUser(`u${i}`);
      saver.schedule();
    }
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));
    await saver.flush();
    expect(getData).toHaveBeenCalledTimes(1);
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toHaveLength(100);
  });

  it('writes the platform as it was when the write started, not as a later change left it', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(1);
    const saver = createStateSaver(file, () => data);
    saver.schedule();
    const flushed = saver.flush();
    data.users.late = fakeUser('late');
    await flushed;
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toEqual(['u0']);
  });

  it('saves a change made during a write with the next write', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(1);
    const saver = createStateSaver(file, () => data, { delayMs: 5 });
    saver.schedule();
    const first = saver.flush();
    data.users.late = fakeUser('late');
    saver.schedule();
    await first;
    await vi.waitFor(() => expect(Object.keys(loadStateFile(file)?.users ?? {})).toEqual(['u0', 'late']));
  });

  it('flush waits for a running write and then writes the latest change', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(1);
    const saver = createStateSaver(file, () => data, { delayMs: 60_000 });
    saver.schedule();
    const running = saver.flush();
    data.users.late = fakeUser('late');
    saver.schedule();
    await saver.flush();
    await running;
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toEqual(['u0', 'late']);
  });

  it('never shows a reader a half-written file while writes follow one another', async () => {
    const file = join(tempDir(), 'state.json');
    const data = platformWith(0);
    const saver = createStateSaver(file, () => data);
    saver.schedule();
    await saver.flush();
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        // Throws (failing the test) if a read ever catches a partial file.
        JSON.parse(readFileSync(file, 'utf8'));
        reads += 1;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 40; i += 1) {
      // Large enough that a write in place would be seen half done.
      data.users[`u${i}`] = { ...fakeUser(`u${i}`), padding: 'x'.repeat(20_000) } as PlatformData['users'][string];
      saver.schedule();
      await saver.flush();
    }
    writing = false;
    await reader;
    expect(reads).toBeGreaterThan(0);
    expect(Object.keys(loadStateFile(file)?.users ?? {})).toHaveLength(40);
  });

  it('reports a failed background write in one line naming the file, and writes again on the next change', async () => {
    const dir = join(tempDir(), 'not-yet');
    const file = join(dir, 'state.json');
    const errors: StateFileError[] = [];
    const saver = createStateSaver(file, () => emptyPlatform(1), { delayMs: 1, onError: (error) => errors.push(error) });
    saver.schedule();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(errors[0]?.message).toBe(`cannot use state file ${file}: cannot write it (ENOENT: no such file or directory)`);
    mkdirSync(dir);
    saver.schedule();
    await saver.flush();
    expect(loadStateFile(file)).toEqual(emptyPlatform(1));
  });

  it('rejects flush when the write fails', async () => {
    const file = join(tempDir(), 'missing', 'state.json');
    const saver = createStateSaver(file, () => emptyPlatform(1));
    saver.schedule();
    await expect(saver.flush()).rejects.toThrow(`cannot use state file ${file}: cannot write it (ENOENT: no such file or directory)`);
  });

  it.skipIf(process.platform === 'win32')('writes through a symbolic link instead of replacing it', async () => {
    const dir = tempDir();
    const real = join(dir, 'real.json');
    const link = join(dir, 'state.json');
    writeFileSync(real, serializeState(emptyPlatform(1)));
    symlinkSync(real, link);
    const saver = createStateSaver(link, () => platformWith(1));
    saver.schedule();
    await saver.flush();
    expect(statSync(link).isFile()).toBe(true);
    expect(Object.keys(loadStateFile(real)?.users ?? {})).toEqual(['u0']);
    expect(readdirSync(dir).sort()).toEqual(['real.json', 'state.json']);
  });
});
