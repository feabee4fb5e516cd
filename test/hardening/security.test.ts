import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { createLogger } from '../../src/server/logger.js';
import { startCli } from '../support/cli.js';
import { gql, login } from '../support/gql.js';

const APP_CONFIG = JSON.stringify({ query: '{ appConfig { version } }' });

async function preflight(mock: HoustonMock, origin: string): Promise<Response> {
  return mock.fetch('http://houston.test/v1', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });
}

async function postFrom(mock: HoustonMock, origin: string): Promise<Response> {
  return mock.fetch('http://houston.test/v1', { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: APP_CONFIG });
}

describe('binding', () => {
  it('listens on 127.0.0.1 unless told otherwise', async () => {
    const mock = createHoustonMock();
    try {
      const base = new URL(await mock.listen(0)).origin;
      expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await mock.close();
    }
  });
});

describe('CORS', () => {
  it('lets a page served from this machine call the API by default, without credentials', async () => {
    const mock = createHoustonMock();
    const response = await preflight(mock, 'http://localhost:3000');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('sends no CORS headers when corsOrigins is empty, so browsers refuse cross-origin calls', async () => {
    const mock = createHoustonMock({ corsOrigins: [] });
    const response = await postFrom(mock, 'http://localhost:3000');
    expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(mock, 'http://localhost:3000')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows only the listed origins', async () => {
    const mock = createHoustonMock({ corsOrigins: ['http://localhost:3000', 'http://portal.test'] });
    expect((await postFrom(mock, 'http://portal.test')).headers.get('access-control-allow-origin')).toBe('http://portal.test');
    expect((await postFrom(mock, 'http://evil.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('reads the allowed origins from the config section houstonMock.corsOrigins', async () => {
    const mock = createHoustonMock({ config: { mock: { corsOrigins: ['http://portal.test'] } } });
    expect((await postFrom(mock, 'http://portal.test')).headers.get('access-control-allow-origin')).toBe('http://portal.test');
  });

  it('refuses corsOrigins that is not a list of origins with a ConfigError', () => {
    expect(() => createHoustonMock({ config: { mock: { corsOrigins: [''] } } })).toThrow(
      'config key "houstonMock.corsOrigins" must be a list of origins (["*"] for any, [] for none)',
    );
  });

  it('takes --cors-origin on the command line', async () => {
    const cli = await startCli(['--port', '0', '--cors-origin', 'http://portal.test']);
    try {
      const response = await fetch(cli.url, { method: 'POST', headers: { origin: 'http://portal.test', 'content-type': 'application/json' }, body: APP_CONFIG });
      expect(response.headers.get('access-control-allow-origin')).toBe('http://portal.test');
    } finally {
      await cli.stop();
    }
  });

  it('turns CORS off with --cors-origin none', async () => {
    const cli = await startCli(['--port', '0', '--cors-origin', 'none']);
    try {
      const response = await fetch(cli.url, { method: 'POST', headers: { origin: 'http://portal.test', 'content-type': 'application/json' }, body: APP_CONFIG });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await cli.stop();
    }
  });
});

describe('internal errors', () => {
  it('masks an unexpected failure inside a resolver as "Unexpected error." with no stack trace', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, 'admin@example.com', 'admin');
    // Corrupt the platform data so that the workspaces resolver throws a TypeError.
    (mock.store.data as unknown as { workspaces: null }).workspaces = null;
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ query: '{ workspaces { id } }' }),
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    const body = JSON.parse(text) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]?.message).toBe('Unexpected error.');
    expect(body.errors[0]?.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(text).not.toMatch(/stack|TypeError|null \(reading|\.ts:\d+|at \S+ \(/);
  });

  it('masks an unexpected failure while authenticating the caller, with no stack trace', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, 'admin@example.com', 'admin');
    (mock.store.data as unknown as { users: null }).users = null;
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: token },
      body: JSON.stringify({ query: '{ self { user { id } } }' }),
    });
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(text).not.toMatch(/stack|TypeError|at \S+ \(/);
  });
});

describe('secrets', () => {
  it('never writes passwords, tokens, API keys or the JWT secret to the log, even at debug level', async () => {
    const lines: string[] = [];
    const jwtSecret = 'jwt-secret-7f3a9c';
    const mock = createHoustonMock({ jwtSecret, logger: createLogger('debug', (line) => lines.push(line)) });
    const base = new URL(await mock.listen(0)).origin;
    try {
      const wrong = await gql(mock, 'mutation ($p: String!) { createToken(identity: "admin@example.com", password: $p) { token { value } } }', {
        p: 'Wrong-Pass-0042',
      });
      expect(wrong.errors?.[0]?.message).toBeDefined();
      const token = await login(mock, 'admin@example.com', 'admin');
      const workspace = await gql<{ createWorkspace: { id: string } }>(mock, 'mutation { createWorkspace(label: "Secrets") { id } }', null, token);
      const account = await gql<{ createWorkspaceServiceAccount: { apiKey: string } }>(
        mock,
        'mutation ($ws: Uuid!) { createWorkspaceServiceAccount(label: "ci", workspaceUuid: $ws, role: WORKSPACE_EDITOR) { apiKey } }',
        { ws: workspace.data?.createWorkspace.id },
        token,
      );
      const apiKey = account.data?.createWorkspaceServiceAccount.apiKey ?? '';
      expect(apiKey).toHaveLength(32);
      // The same calls over the socket, so the HTTP layer's logging is exercised too.
      await fetch(`${base}/v1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: apiKey },
        body: JSON.stringify({ query: '{ self { user { id } } }' }),
      });
      const log = lines.join('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const secret of ['Wrong-Pass-0042', jwtSecret, token, apiKey]) expect(log).not.toContain(secret);
    } finally {
      await mock.close();
    }
  });

  it('never prints the JWT secret or a caller\'s password from the command line at debug level', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-secrets-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'houstonMock:\n  jwtSecret: cli-secret-51e2d8\n');
    const cli = await startCli(['--port', '0', '--log-level', 'debug', '--config', file]);
    let output = cli.readyLine;
    cli.child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    cli.child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const response = await fetch(cli.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation ($p: String!) { createToken(identity: "admin@example.com", password: $p) { token { value } } }',
          variables: { p: 'Cli-Wrong-Pass-77' },
        }),
      });
      expect(response.status).toBe(200);
    } finally {
      await cli.stop();
    }
    expect(output).not.toContain('cli-secret-51e2d8');
    expect(output).not.toContain('Cli-Wrong-Pass-77');
  });
});
