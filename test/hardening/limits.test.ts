import { request as httpRequest } from 'node:http';
import { getIntrospectionQuery } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { gql } from '../support/gql.js';

/** Posts a raw body in-process and returns the status and parsed JSON body. */
async function post(mock: HoustonMock, body: string, headers: Record<string, string> = {}) {
  const response = await mock.fetch('http://houston.test/v1', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {}) as any, text };
}

const tooLarge = (limit: number) =>
  `Request body too large: the limit is ${limit} bytes. Raise houstonMock.limits.maxBodyBytes to allow it.`;
const TOO_LARGE_1000 = tooLarge(1000);

const DEEP = '{ self { user { roleBindings { workspace { id } } } } }'; // depth 5

function aliases(n: number): string {
  return `{ ${Array.from({ length: n }, (_, i) => `a${i}: appConfig { version }`).join(' ')} }`;
}

describe('query limits', () => {
  it('refuses a query deeper than maxDepth with HTTP 400, a validation code and the setting to raise', async () => {
    const mock = createHoustonMock({ limits: { maxDepth: 4 } });
    const result = await gql(mock, DEEP);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Query depth limit of 4 exceeded, found 5. Raise houstonMock.limits.maxDepth to allow it.');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.data).toBeUndefined();
  });

  it('refuses the same oversized query again when it is sent twice (parse and validation results are cached)', async () => {
    const mock = createHoustonMock({ limits: { maxDepth: 4, maxTokens: 50 } });
    const long = `{ appConfig { ${'version '.repeat(60)}} }`;
    for (let i = 0; i < 2; i++) {
      expect((await gql(mock, DEEP)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await gql(mock, long)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    }
  });

  it('keeps each instance to its own limits when instances share the version\'s schema (validation is cached per instance)', async () => {
    const strict = createHoustonMock({ limits: { maxDepth: 4 } });
    const lenient = createHoustonMock({ limits: { maxDepth: 5 } });
    for (let i = 0; i < 2; i++) {
      expect((await gql(strict, DEEP)).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect((await gql(lenient, DEEP)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const second = await gql(strict, DEEP);
    expect(second.status).toBe(400);
    expect(second.errors).toEqual([
      {
        message: 'Query depth limit of 4 exceeded, found 5. Raise houstonMock.limits.maxDepth to allow it.',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      },
    ]);
  });

  it('accepts a query exactly at maxDepth', async () => {
    const mock = createHoustonMock({ limits: { maxDepth: 5 } });
    const result = await gql(mock, DEEP);
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.status).toBe(200);
  });

  it('accepts the full introspection query (GraphiQL, codegen, client contract checks) under the default limits', async () => {
    const mock = createHoustonMock();
    const query = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const result = await gql<{ __schema: { queryType: { name: string } } }>(mock, query);
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.queryType.name).toBe('Query');
  });

  it('accepts a deep type introspection (`__type` with nested ofType) under the default limits', async () => {
    const mock = createHoustonMock();
    const result = await gql<{ __type: { name: string } }>(
      mock,
      '{ __type(name: "Workspace") { name fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.__type.name).toBe('Workspace');
  });

  it('refuses more aliases than maxAliases', async () => {
    const mock = createHoustonMock({ limits: { maxAliases: 3 } });
    const result = await gql(mock, aliases(4));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Aliases limit of 3 exceeded, found 4. Raise houstonMock.limits.maxAliases to allow it.');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('accepts as many aliases as maxAliases', async () => {
    const mock = createHoustonMock({ limits: { maxAliases: 3 } });
    const result = await gql(mock, aliases(3));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a0: { version: '0.37.0' }, a1: { version: '0.37.0' }, a2: { version: '0.37.0' } });
  });

  it('refuses a document with more tokens than maxTokens, before parsing it all', async () => {
    const mock = createHoustonMock({ limits: { maxTokens: 50 } });
    const result = await gql(mock, `{ appConfig { ${'version '.repeat(60)}} }`);
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Token limit of 50 exceeded. Raise houstonMock.limits.maxTokens to allow it.');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses more directives than maxDirectives', async () => {
    const mock = createHoustonMock({ limits: { maxDirectives: 2 } });
    const result = await gql(mock, '{ appConfig { version @include(if: true) baseDomain @include(if: true) smtpConfigured @skip(if: false) } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Directives limit of 2 exceeded, found 3. Raise houstonMock.limits.maxDirectives to allow it.');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('reports every exceeded limit of one query in the same answer', async () => {
    const mock = createHoustonMock({ limits: { maxDepth: 2, maxAliases: 1 } });
    const result = await gql(mock, '{ a: self { user { id } } b: self { user { id } } }');
    expect(result.errors?.map((e) => e.message)).toEqual([
      'Aliases limit of 1 exceeded, found 2. Raise houstonMock.limits.maxAliases to allow it.',
      'Query depth limit of 2 exceeded, found 3. Raise houstonMock.limits.maxDepth to allow it.',
    ]);
    expect(result.errors?.every((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
  });

  it('lifts a limit set to null', async () => {
    const mock = createHoustonMock({ limits: { maxAliases: null } });
    const result = await gql(mock, aliases(200));
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data ?? {})).toHaveLength(200);
  });

  it('reads the limits from the config section houstonMock.limits', async () => {
    const mock = createHoustonMock({ config: { mock: { limits: { maxAliases: 1 } } } });
    const result = await gql(mock, aliases(2));
    expect(result.errors?.[0]?.message).toBe('Aliases limit of 1 exceeded, found 2. Raise houstonMock.limits.maxAliases to allow it.');
    expect(mock.settings.limits.maxDepth).toBe(12);
  });

  it('merges limits given to the factory over those of the config', () => {
    const mock = createHoustonMock({ config: { mock: { limits: { maxAliases: 1 } } }, limits: { maxDepth: 3 } });
    expect(mock.settings.limits).toMatchObject({ maxAliases: 1, maxDepth: 3 });
  });

  it('refuses a negative or fractional limit with a ConfigError naming the key', () => {
    expect(() => createHoustonMock({ limits: { maxDepth: -1 } })).toThrow(ConfigError);
    expect(() => createHoustonMock({ limits: { maxTokens: 1.5 } })).toThrow(
      'config key "houstonMock.limits.maxTokens" must be a whole number ≥ 0 or null, got 1.5',
    );
  });

  it('refuses a limit of the wrong type with a ConfigError naming the key', () => {
    expect(() => createHoustonMock({ config: { mock: { limits: { maxDepth: 'deep' } } } })).toThrow(
      'config key "houstonMock.limits.maxDepth" must be a number, got string ("deep")',
    );
  });
});

describe('request body size', () => {
  let mock: HoustonMock | undefined;
  afterEach(async () => {
    await mock?.close();
    mock = undefined;
  });

  it('answers a body over maxBodyBytes with HTTP 413 and a GraphQL error', async () => {
    mock = createHoustonMock({ limits: { maxBodyBytes: 1000 } });
    const result = await post(mock, JSON.stringify({ query: '{ appConfig { version } }', variables: { pad: 'x'.repeat(1000) } }));
    expect(result.status).toBe(413);
    expect(result.body).toEqual({ errors: [{ message: TOO_LARGE_1000, extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
  });

  it('accepts a body just under maxBodyBytes', async () => {
    mock = createHoustonMock({ limits: { maxBodyBytes: 1000 } });
    const body = JSON.stringify({ query: '{ appConfig { version } }', variables: { pad: 'x'.repeat(900) } });
    expect(body.length).toBeLessThan(1000);
    const result = await post(mock, body);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('counts the bytes of a body sent without content-length and refuses it past maxBodyBytes', async () => {
    mock = createHoustonMock({ limits: { maxBodyBytes: 1000 } });
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: '{ appConfig { version } }', variables: { pad: 'z'.repeat(1500) } })));
        controller.close();
      },
    });
    const request = new Request('http://houston.test/v1', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await mock.fetch(request);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ errors: [{ message: TOO_LARGE_1000, extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
  });

  it('reads a small body sent without content-length normally', async () => {
    mock = createHoustonMock({ limits: { maxBodyBytes: 1000 } });
    const request = new Request('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([JSON.stringify({ query: '{ appConfig { version } }' })]).stream(),
      duplex: 'half',
    } as RequestInit);
    const response = await mock.fetch(request);
    expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('refuses an oversized chunked body (no content-length) over HTTP with 413, and keeps serving', async () => {
    mock = createHoustonMock({ limits: { maxBodyBytes: 10_000 } });
    const base = new URL(await mock.listen(0)).origin;
    const status = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write('{"query":"{ appConfig { version } }","variables":{"pad":"');
      for (let i = 0; i < 20; i++) req.write('y'.repeat(1000));
      req.end('"}}');
    });
    expect(status.status).toBe(413);
    expect(JSON.parse(status.text)).toEqual({ errors: [{ message: tooLarge(10_000), extensions: { code: 'REQUEST_ENTITY_TOO_LARGE' } }] });
    const after = await fetch(`${base}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ appConfig { version } }' }),
    });
    expect(await after.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });
});

describe('batched requests', () => {
  const one = { query: '{ appConfig { version } }' };

  it('answers a batch (a JSON array of operations) with an array of results, as Apollo Server 2 did', async () => {
    const mock = createHoustonMock();
    const result = await post(mock, JSON.stringify([one, { query: '{ authConfig { localEnabled } }' }]));
    expect(result.status).toBe(200);
    expect(result.body).toEqual([{ data: { appConfig: { version: '0.37.0' } } }, { data: { authConfig: { localEnabled: true } } }]);
  });

  it('refuses a batch longer than maxBatch with HTTP 413', async () => {
    const mock = createHoustonMock({ limits: { maxBatch: 2 } });
    const result = await post(mock, JSON.stringify([one, one, one]));
    expect(result.status).toBe(413);
    expect(result.body.errors[0].message).toBe('Batching is limited to 2 operations per request.');
    expect(result.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses every batch when maxBatch is 0', async () => {
    const mock = createHoustonMock({ limits: { maxBatch: 0 } });
    const result = await post(mock, JSON.stringify([one]));
    expect(result.status).toBe(400);
    expect(result.body.errors[0].message).toBe('Batching is not supported.');
    expect(result.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a batch containing an operation without a query', async () => {
    const mock = createHoustonMock();
    const result = await post(mock, JSON.stringify([one, {}]));
    // Apollo Server 2 refuses the whole batch, in plain text.
    expect(result.status).toBe(400);
    expect(result.text).toBe('Must provide query string.');
  });
});
