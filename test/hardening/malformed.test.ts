import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  text: string;
}

const mock = createHoustonMock();

async function send(init: RequestInit, path = '/v1'): Promise<Answer> {
  const response = await mock.fetch(`http://houston.test${path}`, init);
  const text = await response.text();
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, body: json ? (JSON.parse(text) as Answer['body']) : {}, text };
}

/** The request errors Apollo Server 2 answers with a bare message (see src/server/apollo.ts). */
function expectPlainText(answer: Answer, status: number, message: string): void {
  expect(answer.status).toBe(status);
  expect(answer.text).toBe(message);
}

function postAs(contentType: string, body: string): Promise<Answer> {
  return send({ method: 'POST', headers: { 'content-type': contentType }, body });
}

/** Every malformed request gets a GraphQL-shaped error body with nothing internal in it. */
function expectCleanError(answer: Answer, status: number, message: string, code = 'BAD_REQUEST'): void {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({ errors: [{ message, extensions: { code } }] });
  expect(answer.text).not.toMatch(/stack|originalError|at \S+ \(/);
}

describe('malformed requests', () => {
  it('answers JSON that does not parse with HTTP 400', async () => {
    expectCleanError(await postAs('application/json', '{"query": "{ appConfig { version } }"'), 400, 'POST body sent invalid JSON.');
  });

  it('answers an empty JSON body with HTTP 400', async () => {
    expectCleanError(await postAs('application/json', ''), 400, 'POST body sent invalid JSON.');
  });

  it('answers a text/plain body with HTTP 400 naming the content type to use', async () => {
    expectCleanError(
      await postAs('text/plain', '{ appConfig { version } }'),
      400,
      'Unsupported content-type "text/plain": send the GraphQL request as application/json.',
    );
  });

  it("answers a form-encoded body (curl -d without a content-type) with HTTP 400", async () => {
    expectCleanError(
      await postAs('application/x-www-form-urlencoded', '{"query":"{ appConfig { version } }"}'),
      400,
      'Unsupported content-type "application/x-www-form-urlencoded": send the GraphQL request as application/json.',
    );
  });

  it('answers a multipart upload with HTTP 400: Houston has no upload fields', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ appConfig { version } }' }));
    const answer = await send({ method: 'POST', body: form });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toBe('Unsupported content-type "multipart/form-data": send the GraphQL request as application/json.');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('accepts application/json with a charset parameter', async () => {
    const answer = await postAs('application/json; charset=utf-8', JSON.stringify({ query: '{ appConfig { version } }' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('accepts a bare query sent as application/graphql', async () => {
    const answer = await postAs('application/graphql', '{ appConfig { version } }');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('answers a JSON body that is not an object with HTTP 400', async () => {
    expectCleanError(await postAs('application/json', '42'), 400, 'POST body is expected to be object but received number');
  });

  it('answers a JSON object without a query with HTTP 400', async () => {
    expectPlainText(await postAs('application/json', '{"variables":{}}'), 400, 'Must provide query string.');
  });

  it('answers an empty query string with HTTP 400', async () => {
    expectPlainText(await postAs('application/json', '{"query":""}'), 400, 'Must provide query string.');
  });

  it('answers a query that is not a string with HTTP 400', async () => {
    expectPlainText(await postAs('application/json', '{"query":{"a":1}}'), 400, 'GraphQL queries must be strings.');
  });

  it('answers variables that are not an object with HTTP 400', async () => {
    expectCleanError(
      await postAs('application/json', '{"query":"{ appConfig { version } }","variables":[1]}'),
      400,
      'Expected "variables" param to be empty or an object, but given array.',
    );
  });

  it('accepts variables: null, as the Astro CLI sends them', async () => {
    const answer = await postAs('application/json', '{"query":"{ appConfig { version } }","variables":null}');
    expect(answer.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('answers an unsupported method with HTTP 405, as Apollo Server 2 does', async () => {
    expectPlainText(
      await send({ method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"query":"{ appConfig { version } }"}' }),
      405,
      'Apollo Server supports only GET/POST requests.',
    );
  });

  it('answers a query sent with GET, as Apollo Server 2 does', async () => {
    const answer = await send({ method: 'GET', headers: { accept: 'application/json' } }, `/v1?query=${encodeURIComponent('{ appConfig { version } }')}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('refuses a mutation sent with GET with HTTP 405', async () => {
    const query = 'mutation { createToken(identity: "admin@example.com", password: "admin") { token { value } } }';
    const answer = await send({ method: 'GET', headers: { accept: 'application/json' } }, `/v1?query=${encodeURIComponent(query)}`);
    expectPlainText(answer, 405, 'GET supports only query operation');
  });

  it('answers an unknown operationName with HTTP 400', async () => {
    const answer = await postAs('application/json', JSON.stringify({ query: 'query A { appConfig { version } }', operationName: 'B' }));
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toBe('Unknown operation named "B".');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('malformed requests over HTTP', () => {
  let server: HoustonMock;
  let base: string;
  beforeAll(async () => {
    server = createHoustonMock();
    base = new URL(await server.listen(0)).origin;
  });
  afterAll(() => server.close());

  function raw(headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(`${base}/v1`, { method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('answers a POST without a content-type with HTTP 400 saying what to send', async () => {
    const answer = await raw({}, '{"query":"{ appConfig { version } }"}');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [{ message: 'Missing content-type: send the GraphQL request as application/json.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('refuses duplicated content-length headers (a request-smuggling pattern) with HTTP 400', async () => {
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.setHeader('content-length', ['5', '5']);
      req.end('{"a":');
    }).catch((error: Error) => ({ status: 0, text: error.message }));
    expect(answer.status).toBe(400);
  });

  it('keeps serving after a client sends half a request and hangs up', async () => {
    await new Promise<void>((resolve) => {
      const req = httpRequest(`${base}/v1`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"query":"{ appC');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    const response = await fetch(`${base}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ appConfig { version } }' }),
    });
    expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });
});
