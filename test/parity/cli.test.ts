import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_ADMIN } from '../../src/index.js';
import { assertBuilt, CLI, startCli, type RunningCli } from '../support/cli.js';
import { editedHoustonSdl } from '../support/schemaEdit.js';

/** Runs a CLI command to its end with the given environment. */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function post(url: string, query: string, authorization?: string): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query }),
  });
  return response.json();
}

describe('houston-mock check, record and verify from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'houston-mock-parity-cli-'));
  let live: RunningCli;
  let token: string;

  beforeAll(async () => {
    const schema = join(dir, 'live.graphql');
    writeFileSync(schema, editedHoustonSdl('0.37.0', { removeFields: ['Query.workspaceTeams'] }));
    live = await startCli(['--port', '0', '--schema', schema, '--log-level', 'silent']);
    const login = await post(live.url, `mutation { createToken(identity: "${SEED_ADMIN.email}", password: "${SEED_ADMIN.password}") { token { value } } }`);
    token = login.data.createToken.token.value;
  });

  afterAll(async () => {
    await live.stop();
  });

  it('check exits 1 on a breaking difference and reports it as JSON, with the token from HOUSTON_TOKEN; 2 when it cannot connect', async () => {
    const operations = join(dir, 'operations');
    mkdirSync(operations);
    // self needs a token: it answers the same shape on both only if HOUSTON_TOKEN reached the platform.
    writeFileSync(join(operations, 'self.graphql'), 'query Self { self { user { id } } }');
    const result = await run(['check', '--endpoint', live.url, '--json', '--operations', operations], { HOUSTON_TOKEN: token });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.changes).toEqual([
      { level: 'breaking', type: 'FIELD_REMOVED', path: 'Query.workspaceTeams', message: "Field 'workspaceTeams' was removed from object type 'Query'" },
    ]);
    expect(report.operations).toMatchObject([{ operation: 'Self', replayed: true, findings: [] }]);

    const unreachable = await run(['check', '--endpoint', 'http://127.0.0.1:9/v1']);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/^houston-mock: check: cannot reach http:\/\/127\.0\.0\.1:9\/v1/);
  });

  it('records a session through the proxy and verifies it: exit 0 when it matches, 1 naming the difference', async () => {
    const out = join(dir, 'session.cassette.json');
    const recorder = await startCli(['record', '--target', live.url, '--out', out, '--port', '0']);
    const session = await post(recorder.url, `mutation Login { createToken(identity: "${SEED_ADMIN.email}", password: "${SEED_ADMIN.password}") { token { value } } }`);
    const own = session.data.createToken.token.value as string;
    const created = await post(recorder.url, 'mutation Create { createWorkspace(label: "Recorded") { id label } }', own);
    await post(recorder.url, `query Read { workspace(workspaceUuid: "${created.data.createWorkspace.id}") { label users { id } } }`, own);
    expect(await recorder.stop('SIGINT')).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain(own);
    expect(text).not.toContain(`"${SEED_ADMIN.password}"`);
    expect(JSON.parse(text).exchanges[0].request.body.query).toContain('password: "[redacted:1]"');

    const verified = await run(['verify', out]);
    expect(verified.stdout).toContain('3 matched, 0 differ');
    expect(verified.code).toBe(0);

    const tampered = JSON.parse(text);
    tampered.exchanges[2].response.body.data.workspace.users = null;
    writeFileSync(join(dir, 'tampered.cassette.json'), JSON.stringify(tampered));
    const differs = await run(['verify', join(dir, 'tampered.cassette.json')]);
    expect(differs.code).toBe(1);
    expect(differs.stdout).toMatch(/DIFFERS #3 Read \(query\)\n\s+\$\.data\.workspace\.users: null recorded, list from houston-mock/);
    expect((await run(['verify'])).code).toBe(2);
  });
});
