import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../src/index.js';

/** Apollo Server 2's answers, as Houston's clients (Apollo Client's links, scripts, the platform's tests) see them. */
const mock = createHoustonMock({ seed: 1 });

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await mock.fetch('http://houston/v1', { method: 'POST', headers, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function get(query: string, headers: Record<string, string> = { accept: '*/*' }) {
  const response = await mock.fetch(`http://houston/v1${query}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const APP_CONFIG = '{ appConfig { version } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string, version = 1) => ({ persistedQuery: { version, sha256Hash: hash } });

describe('error codes', () => {
  it('gives a resolver error without a code of its own INTERNAL_SERVER_ERROR, at HTTP 200, message unmasked', async () => {
    const answer = await post(JSON.stringify({ query: 'mutation { createUser(email: "new@example.com", password: "p") { token { value } } }' }));
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).errors[0]).toMatchObject({
      message:
        'Public sign ups are disabled, a valid inviteToken is required to login to the platform. Public sign ups can be enabled via configuration change.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('answers a variable of the wrong type with HTTP 400 and INTERNAL_SERVER_ERROR (Apollo Server 2.15)', async () => {
    const answer = await post(JSON.stringify({ query: 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { id } }', variables: { w: 5 } }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({
      errors: [
        {
          message: 'Variable "$w" got invalid value 5; Uuid cannot represent a non-string value: 5',
          locations: [{ line: 1, column: 8 }],
          extensions: { code: 'INTERNAL_SERVER_ERROR' },
        },
      ],
    });
  });

  it('answers a missing required variable with HTTP 400 and INTERNAL_SERVER_ERROR', async () => {
    const answer = await post(JSON.stringify({ query: 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { id } }' }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0]).toMatchObject({
      message: 'Variable "$w" of required type "Uuid!" was not provided.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it("answers an unknown operation name with graphql-js's words, HTTP 400", async () => {
    const answer = await post(JSON.stringify({ query: APP_CONFIG, operationName: 'Missing' }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: 'Unknown operation named "Missing".', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    const several = await post(JSON.stringify({ query: 'query A { appConfig { version } } query B { appConfig { version } }' }));
    expect(JSON.parse(several.text).errors[0].message).toBe('Must provide operation name if query contains multiple operations.');
  });
});

describe('automatic persisted queries', () => {
  it('answers an unknown hash with PersistedQueryNotFound at HTTP 200, then serves the hash once the query was sent', async () => {
    const query = '{ appConfig { version } } # apq-1';
    const hash = sha256(query);
    const miss = await post(JSON.stringify({ extensions: persisted(hash) }));
    expect(miss.status).toBe(200);
    expect(miss.headers.get('cache-control')).toBe('private, no-cache, must-revalidate');
    expect(JSON.parse(miss.text)).toEqual({ errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] });

    const full = await post(JSON.stringify({ query, extensions: persisted(hash) }));
    expect(JSON.parse(full.text)).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    const hit = await post(JSON.stringify({ extensions: persisted(hash) }));
    expect(JSON.parse(hit.text)).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('serves a persisted query by GET, extensions in the query string', async () => {
    const query = '{ appConfig { version } } # apq-get';
    const hash = sha256(query);
    const extensions = encodeURIComponent(JSON.stringify(persisted(hash)));
    expect(JSON.parse((await get(`?extensions=${extensions}`)).text).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    await get(`?query=${encodeURIComponent(query)}&extensions=${extensions}`);
    expect(JSON.parse((await get(`?extensions=${extensions}`)).text)).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('refuses a hash that does not match the query, and another protocol version, in plain text', async () => {
    const mismatch = await post(JSON.stringify({ query: APP_CONFIG, extensions: persisted(sha256('something else')) }));
    expect(mismatch).toMatchObject({ status: 400, text: 'provided sha does not match query' });
    expect(mismatch.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const version = await post(JSON.stringify({ query: APP_CONFIG, extensions: persisted(sha256(APP_CONFIG), 2) }));
    expect(version).toMatchObject({ status: 400, text: 'Unsupported persisted query version' });
  });
});

describe('request errors answered in plain text', () => {
  it('answers a body without a query with 400 "Must provide query string."', async () => {
    expect(await post(JSON.stringify({ variables: {} }))).toMatchObject({ status: 400, text: 'Must provide query string.' });
    expect(await post(JSON.stringify({ query: '' }))).toMatchObject({ status: 400, text: 'Must provide query string.' });
  });

  it('answers an empty JSON object or an empty batch as a missing body, with 500', async () => {
    expect(await post('{}')).toMatchObject({ status: 500, text: 'POST body missing. Did you forget use body-parser middleware?' });
    expect(await post('[]')).toMatchObject({ status: 500, text: 'POST body missing. Did you forget use body-parser middleware?' });
  });

  it('answers a query that is not a string with 400', async () => {
    expect(await post(JSON.stringify({ query: 5 }))).toMatchObject({ status: 400, text: 'GraphQL queries must be strings.' });
  });

  it('parses variables sent as a JSON string, and refuses one that is not JSON', async () => {
    const ok = await post(JSON.stringify({ query: 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { id } }', variables: '{"w":"nope"}' }));
    expect(ok.status).toBe(200);
    expect(await post(JSON.stringify({ query: APP_CONFIG, variables: '{bad' }))).toMatchObject({ status: 400, text: 'Variables are invalid JSON.' });
    expect(await post(JSON.stringify({ query: APP_CONFIG, extensions: '{bad' }))).toMatchObject({ status: 400, text: 'Extensions are invalid JSON.' });
    expect(await get(`?query=${encodeURIComponent(APP_CONFIG)}&variables=%7Bbad`)).toMatchObject({ status: 400, text: 'Variables are invalid JSON.' });
  });

  it('answers a GET without parameters with 400 "GET query missing.", and a browser with the playground', async () => {
    expect(await get('')).toMatchObject({ status: 400, text: 'GET query missing.' });
    const page = await get('', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });

  it('serves a query by GET and refuses a mutation by GET with 405 and Allow: POST', async () => {
    expect(JSON.parse((await get(`?query=${encodeURIComponent(APP_CONFIG)}`)).text)).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    const mutation = await get(`?query=${encodeURIComponent('mutation { createToken(identity: "a", password: "b") { token { value } } }')}`);
    expect(mutation).toMatchObject({ status: 405, text: 'GET supports only query operation' });
    expect(mutation.headers.get('allow')).toBe('POST');
  });

  it('answers other methods with 405 and Allow: GET, POST', async () => {
    const response = await mock.fetch('http://houston/v1', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
    expect(await response.text()).toBe('Apollo Server supports only GET/POST requests.');
  });
});

describe('batching and health', () => {
  it('answers a batch with one result per operation, at HTTP 200 even when one fails validation', async () => {
    const answer = await post(JSON.stringify([{ query: APP_CONFIG }, { query: '{ nope }' }]));
    expect(answer.status).toBe(200);
    const [first, second] = JSON.parse(answer.text);
    expect(first).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    expect(second.errors[0]).toMatchObject({ message: 'Cannot query field "nope" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
  });

  it("answers Apollo's health check", async () => {
    const response = await mock.fetch('http://houston/.well-known/apollo/server-health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/health+json');
    expect(await response.json()).toEqual({ status: 'pass' });
  });
});
