import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';

/**
 * Client mistakes at the edges (paths, nesting, headers) answer a 4xx with a short body: never a 5xx, a stack trace or
 * a file path.
 */

const ADMIN_KEY = 'error-paths-key';
let mock: HoustonMock;
let port: number;

beforeAll(async () => {
  mock = createHoustonMock({ adminKey: ADMIN_KEY });
  port = Number(new URL(await mock.listen(0)).port);
});
afterAll(() => mock.close());

/** Sends raw HTTP/1.1 text (no client library rewriting the path or headers) and returns the answer's text. */
function rawHttp(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let out = '';
    socket.on('data', (chunk: Buffer) => (out += chunk.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

const statusOf = (answer: string) => Number(answer.split(' ')[1]);
const noInternals = (answer: string) => expect(answer).not.toMatch(/stack|URIError|at \S+ \(|\/work\/|node_modules|file:\/\//);

describe('error paths', () => {
  it('answers malformed percent-encoding in a control API path with 400 and a one-line reason', async () => {
    for (const path of ['/_mock/snapshots/%E0%A4%A', '/_mock/%', '/_mock/snapshots/%zz/restore', '/_mock/faults/%']) {
      const answer = await rawHttp(`DELETE ${path} HTTP/1.1\r\nHost: localhost\r\nx-houston-mock-key: ${ADMIN_KEY}\r\nConnection: close\r\n\r\n`);
      expect([path, statusOf(answer)]).toEqual([path, 400]);
      expect(answer).toContain('"message": "the path has a malformed percent-encoding"');
      noInternals(answer);
    }
  });

  it('answers malformed percent-encoding elsewhere (GraphQL endpoint, pages, query strings) with a 4xx', async () => {
    for (const path of ['/v1%', '/v1?query=%E0%A4%A', '/token%zz', '/%', '/health%', '/_mock/journal?limit=%zz']) {
      const answer = await rawHttp(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nx-houston-mock-key: ${ADMIN_KEY}\r\naccept: application/json\r\nConnection: close\r\n\r\n`);
      expect([path, statusOf(answer) >= 400 && statusOf(answer) < 500]).toEqual([path, true]);
      noInternals(answer);
    }
  });

  it('answers a 100,000-level nested JSON body with 400 before parsing it', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const response = await fetch(`http://127.0.0.1:${port}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"{ appConfig { version } }","variables":{"v":${deep}}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Request body nested too deeply: JSON deeper than 100 levels. Raise houstonMock.limits.maxJsonDepth to allow it.',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });

  it('does not count brackets inside strings as nesting, and takes nesting up to the limit', async () => {
    const nested = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
    const send = (variables: string) =>
      mock.fetch('http://localhost/v1', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"{ appConfig { version } }","variables":${variables}}` });
    expect((await send(`{"s":"${'['.repeat(5000)}"}`)).status).toBe(200);
    // The body itself and `variables` are two levels: 98 more fit within 100.
    expect((await send(`{"v":${nested(98)}}`)).status).toBe(200);
    expect((await send(`{"v":${nested(99)}}`)).status).toBe(400);
  });

  it('answers a deeply nested control API body with 400', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/_mock/state`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-houston-mock-key': ADMIN_KEY },
      body: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'BAD_REQUEST', message: 'the request body is nested deeper than 200 levels' } });
  });

  it('refuses a deeply nested websocket message without running it, and keeps serving', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(`{"type":"connection_init","payload":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(await closed).toBe(4400);
    const after = await fetch(`http://127.0.0.1:${port}/health`);
    expect(after.status).toBe(200);
  });

  it('answers oversized headers with 431 and no body from the server', async () => {
    const answer = await rawHttp(`GET /v1 HTTP/1.1\r\nHost: localhost\r\nx-big: ${'x'.repeat(20_000)}\r\nConnection: close\r\n\r\n`);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    noInternals(answer);
    const many = Array.from({ length: 3000 }, (_, i) => `x-h${i}: 1`).join('\r\n');
    expect(statusOf(await rawHttp(`GET /v1 HTTP/1.1\r\nHost: localhost\r\n${many}\r\nConnection: close\r\n\r\n`))).toBe(431);
  });
});
