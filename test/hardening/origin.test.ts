import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { isLoopbackAddress, originAllowed, refusal } from '../../src/server/origin.js';
import { startCli } from '../support/cli.js';

/**
 * Browser-origin safety: pages on other sites get no CORS answer and cannot open a websocket; requests whose Host is
 * not this machine (DNS rebinding) are refused while the server listens on loopback.
 */

const APP_CONFIG = JSON.stringify({ query: '{ appConfig { version } }' });

interface RawAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A request with a chosen Host header (fetch does not let a caller set it). */
function raw(base: string, path: string, headers: Record<string, string>, method = 'POST', body = APP_CONFIG): Promise<RawAnswer> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    if (method !== 'GET') req.end(body);
    else req.end();
  });
}

const corsFrom = async (mock: HoustonMock, origin: string) =>
  (
    await mock.fetch('http://localhost/v1', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    })
  ).headers.get('access-control-allow-origin');

describe('default CORS', () => {
  it('answers pages served from this machine on any port, and no other origin', async () => {
    const mock = createHoustonMock();
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:5173', 'http://[::1]:8080', 'http://localhost']) {
      expect(await corsFrom(mock, origin)).toBe(origin);
    }
    for (const origin of ['http://evil.test', 'https://localhost:3000', 'http://localhost.evil.test:3000', 'http://127.0.0.1.evil.test', 'null']) {
      expect(await corsFrom(mock, origin)).toBeNull();
    }
  });

  it("opens to every origin with corsOrigins ['*']", async () => {
    const mock = createHoustonMock({ corsOrigins: ['*'] });
    expect(await corsFrom(mock, 'http://portal.example')).toBe('http://portal.example');
  });

  it('matches origin patterns with a port wildcard', () => {
    expect(originAllowed('http://portal.test:4200', ['http://portal.test:*'])).toBe(true);
    expect(originAllowed('http://portal.test', ['http://portal.test:*'])).toBe(true);
    expect(originAllowed('http://portal.test.evil:4200', ['http://portal.test:*'])).toBe(false);
  });
});

describe('Host check on a server bound to loopback', () => {
  let mock: HoustonMock;
  let base: string;

  beforeAll(async () => {
    mock = createHoustonMock();
    // listen() answers the GraphQL URL; the tests want the server's origin.
    base = new URL(await mock.listen(0)).origin;
  });
  afterAll(() => mock.close());

  it('refuses a request whose Host is another name (DNS rebinding) with 403 and the setting to use', async () => {
    const answer = await raw(base, '/v1', { host: 'rebind.evil.test:8871' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({
      errors: [
        {
          message:
            'Host "rebind.evil.test" is not allowed: houston-mock answers only localhost, 127.0.0.1 and [::1] here ' +
            '(protection against DNS rebinding). Allow it with --allowed-host or houstonMock.allowedHosts.',
          extensions: { code: 'FORBIDDEN_HOST' },
        },
      ],
    });
    // The control API and the pages are behind the same check.
    expect((await raw(base, '/_mock', { host: 'rebind.evil.test' }, 'GET')).status).toBe(403);
    expect((await raw(base, '/token', { host: 'rebind.evil.test' }, 'GET')).status).toBe(403);
  });

  it('answers the loopback names: localhost, 127.0.0.1, other 127.x and [::1]', async () => {
    const port = new URL(base).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, '127.1.2.3', `[::1]:${port}`, 'LOCALHOST']) {
      const answer = await raw(base, '/v1', { host });
      expect([host, answer.status, answer.body]).toEqual([host, 200, '{"data":{"appConfig":{"version":"0.37.0"}}}']);
    }
  });

  it('keeps the playground and the /token page working from localhost', async () => {
    const port = new URL(base).port;
    const token = await raw(base, '/token', { host: `localhost:${port}` }, 'GET');
    expect(token.status).toBe(200);
    expect(token.body).toContain('<title>houston-mock: get a token</title>');
    const playground = await raw(base, '/v1', { host: `localhost:${port}`, accept: 'text/html' }, 'GET');
    expect(playground.status).toBe(200);
    expect(playground.headers['content-type']).toContain('text/html');
    // The page's own calls: same origin, Origin header included.
    const login = await raw(base, '/v1', { host: `localhost:${port}`, origin: `http://localhost:${port}` }, 'POST',
      JSON.stringify({ query: 'mutation { createToken(identity: "admin@example.com", password: "admin") { token { value } } }' }));
    expect(login.status).toBe(200);
    expect(JSON.parse(login.body).data.createToken.token.value.split('.')).toHaveLength(3);
  });

  it('refuses a websocket opened by a page on another site, and accepts one from this machine', async () => {
    const wsUrl = `${base.replace('http', 'ws')}/ws`;
    const outcome = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { origin });
        socket.on('open', () => {
          socket.close();
          resolve('open');
        });
        socket.on('unexpected-response', (_req, res) => {
          resolve(`refused ${res.statusCode}`);
          socket.terminate();
        });
        socket.on('error', () => undefined);
      });
    expect(await outcome('http://evil.test')).toBe('refused 403');
    expect(await outcome('http://localhost:3000')).toBe('open');
    expect(await outcome(base)).toBe('open');
  });

  it('in-process requests (mock.fetch, any URL) are not behind the check', async () => {
    const response = await mock.fetch('http://houston/v1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: APP_CONFIG });
    expect(response.status).toBe(200);
  });
});

describe('Host check settings', () => {
  const request = (host: string) => ({ headers: { host } }) as IncomingMessage;
  const policy = (allowedHosts: string[]) => ({ allowedHosts, corsOrigins: [] });

  it('names loopback addresses', () => {
    expect(['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.53'].map(isLoopbackAddress)).toEqual([true, true, true, true, true]);
    expect(['0.0.0.0', '::', '192.168.1.10', 'example.test'].map(isLoopbackAddress)).toEqual([false, false, false, false]);
  });

  it('answers configured names, and subdomains of a name given with a leading dot', () => {
    const allowed = policy(['houston.test', '.dev.test']);
    expect(refusal(request('houston.test:8871'), '127.0.0.1', allowed, false)).toBeNull();
    expect(refusal(request('a.dev.test'), '127.0.0.1', allowed, false)).toBeNull();
    expect(refusal(request('dev.test'), '127.0.0.1', allowed, false)).toBeNull();
    expect(refusal(request('evil.test'), '127.0.0.1', allowed, false)?.code).toBe('FORBIDDEN_HOST');
    expect(refusal(request('evil.test'), '127.0.0.1', policy(['*']), false)).toBeNull();
  });

  it('leaves Host unchecked on a non-loopback bind (a container on 0.0.0.0) unless hosts are configured', () => {
    expect(refusal(request('my-laptop.lan:8871'), '0.0.0.0', policy([]), false)).toBeNull();
    expect(refusal(request('my-laptop.lan'), '0.0.0.0', policy(['localhost']), false)?.code).toBe('FORBIDDEN_HOST');
    expect(refusal(request('localhost:8871'), '0.0.0.0', policy(['localhost']), false)).toBeNull();
  });

  it('takes houstonMock.allowedHosts from the config and refuses a malformed list', () => {
    expect(createHoustonMock({ config: { mock: { allowedHosts: ['houston.test'] } } }).settings.allowedHosts).toEqual(['houston.test']);
    expect(() => createHoustonMock({ config: { mock: { allowedHosts: ['has space'] } } })).toThrow(
      'config key "houstonMock.allowedHosts" must be a list of host names (["*"] for any)',
    );
  });

  it("takes --allowed-host and --cors-origin '*' on the command line", async () => {
    const cli = await startCli(['--port', '0', '--allowed-host', 'houston.test', '--cors-origin', '*']);
    try {
      const answer = await raw(cli.url, '/v1', { host: 'houston.test', origin: 'http://portal.example' });
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('http://portal.example');
      expect((await raw(cli.url, '/v1', { host: 'other.test' })).status).toBe(403);
    } finally {
      await cli.stop();
    }
  });
});
