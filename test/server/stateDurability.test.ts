import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { loadStateFile, serializeState } from '../../src/persistence/stateFile.js';
import { emptyPlatform } from '../../src/store/state.js';
import { runCli, startCli, type RunningCli } from '../support/cli.js';

/**
 * The state file under `kill -9`: the real CLI, three clients writing at once, killed while they write. What the
 * server acknowledged must be in the file: every change with --state-sync, and every change older than the
 * documented delay without it.
 */

const WRITERS = 3;
/** Loops are bounded; the kill comes long before a writer runs out. */
const MAX_WRITES_PER_WRITER = 3000;

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'houston-mock-durability-')), 'state.json');
}

async function post(url: string, query: string, token?: string): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as Record<string, any>;
}

interface Ack {
  label: string;
  at: number;
}

/**
 * Runs WRITERS clients creating workspaces until `killAfterMs` of writing has passed, then kills the server with
 * SIGKILL while they are still writing. Returns every acknowledged write, the kill time and the labels on disk.
 */
async function writeAndKill(cli: RunningCli, file: string, killAfterMs: number) {
  const signUp = await post(cli.url, 'mutation { createUser(email: "admin@example.com", password: "pw-123456") { token { value } } }');
  const token = signUp.data.createUser.token.value as string;
  const acks: Ack[] = [];
  const started = performance.now();
  let killedAt = Number.POSITIVE_INFINITY;
  const exited = new Promise((resolve) => cli.child.once('exit', resolve));

  const writer = async (w: number) => {
    for (let i = 0; i < MAX_WRITES_PER_WRITER && performance.now() < killedAt; i += 1) {
      const label = `w${w}-${i}`;
      try {
        const answer = await post(cli.url, `mutation { createWorkspace(label: "${label}") { id } }`, token);
        if (answer.data?.createWorkspace?.id) acks.push({ label, at: performance.now() });
      } catch {
        return; // The server is gone.
      }
      if (killedAt === Number.POSITIVE_INFINITY && performance.now() - started >= killAfterMs) {
        killedAt = performance.now();
        cli.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  await exited;
  const onDisk = new Set(Object.values(loadStateFile(file)?.workspaces ?? {}).map((ws) => ws.label));
  return { acks, killedAt, onDisk };
}

describe('state file durability under kill -9', () => {
  it('with --state-sync keeps every acknowledged write of three concurrent writers', async () => {
    const file = tempFile();
    const cli = await startCli(['--port', '0', '--no-seed', '--log-level', 'error', '--state-file', file, '--state-sync']);
    const { acks, onDisk } = await writeAndKill(cli, file, 1000);
    expect(acks.length).toBeGreaterThan(WRITERS);
    expect(acks.filter((ack) => !onDisk.has(ack.label))).toEqual([]);

    // The next start removes what an interrupted save left and serves the same platform.
    const again = await startCli(['--port', '0', '--log-level', 'error', '--state-file', file]);
    try {
      expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
      const signIn = await post(again.url, 'mutation { createToken(identity: "admin@example.com", password: "pw-123456") { token { value } } }');
      const listed = await post(again.url, '{ workspaces { label } }', signIn.data.createToken.token.value);
      expect(listed.data.workspaces).toHaveLength(onDisk.size);
    } finally {
      await again.stop();
    }
  });

  it('without it keeps every write acknowledged longer than the documented delay before the kill, while writers never pause', async () => {
    const file = tempFile();
    const cli = await startCli(['--port', '0', '--no-seed', '--log-level', 'error', '--state-file', file]);
    const { acks, killedAt, onDisk } = await writeAndKill(cli, file, 1500);
    // Documented: 100 ms plus two writes (milliseconds each here); a second leaves room for a busy test machine.
    const settled = acks.filter((ack) => ack.at < killedAt - 1000);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((ack) => !onDisk.has(ack.label))).toEqual([]);
  });
});

describe('state file checks at start (CLI)', () => {
  it('removes temporary files left by an interrupted save', async () => {
    const file = tempFile();
    writeFileSync(file, serializeState(emptyPlatform(1)));
    const stale = join(file, '..', '.state.json.99999993.0123456789ab.tmp');
    writeFileSync(stale, '{"half":');
    const cli = await startCli(['--port', '0', '--state-file', file]);
    try {
      expect(readdirSync(join(file, '..'))).toEqual(['state.json']);
    } finally {
      await cli.stop();
    }
  });

  it('refuses a file with a field of the wrong type in one line, exits 2 and leaves it byte for byte', async () => {
    const file = tempFile();
    const data = JSON.parse(serializeState(emptyPlatform(1))) as Record<string, any>;
    data.users.u1 = { id: 'u1', username: 'ann', emails: 'ann@example.com' };
    writeFileSync(file, JSON.stringify(data));
    const before = readFileSync(file);
    const { code, stdout, stderr } = await runCli(['--port', '0', '--state-file', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`houston-mock: cannot use state file ${file}: not a valid houston-mock platform: users["u1"].emails must be a list of records\n`);
    expect(readFileSync(file)).toEqual(before);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'stops the start in one line when the directory of an existing state file cannot be written',
    async () => {
      const file = tempFile();
      writeFileSync(file, serializeState(emptyPlatform(1)));
      const dir = join(file, '..');
      chmodSync(dir, 0o500);
      try {
        const { code, stderr } = await runCli(['--port', '0', '--state-file', file]);
        expect(code).toBe(2);
        expect(stderr).toBe(`houston-mock: cannot use state file ${file}: cannot write in its directory (EACCES: permission denied)\n`);
      } finally {
        chmodSync(dir, 0o700);
      }
    },
  );
});
