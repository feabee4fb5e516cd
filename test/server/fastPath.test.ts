import { request as httpRequest } from 'node:http';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN, type HoustonMock } from '../../src/index.js';
import { fastPathCounts, operationParams } from '../../src/server/fastPath.js';

/**
 * The listening server answers a JSON operation POSTed to /v1 without yoga's HTTP layers (src/server/fastPath.ts).
 * Two servers on the same seed, secret and clock answer the same requests: one as usual, one with a `settle` hook
 * (what --state-sync passes), which turns the fast path off and adds nothing to an answer when it resolves at once.
 * Status line, headers (but Date) and body must match byte for byte, and so must the journals.
 */

interface Raw {
  status: number;
  headers: string[];
  body: string;
}

/** Sends raw bytes over HTTP and returns the status, the headers as sent (names in their case, Date left out) and the body. */
function send(url: string, body: Buffer | string, headers: Record<string, string>): Promise<Raw> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: '/v1', method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const pairs: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if ((res.rawHeaders[i] ?? '').toLowerCase() !== 'date') pairs.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        }
        resolve({ status: res.statusCode ?? 0, headers: pairs, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const json = { 'content-type': 'application/json' };
const WORKSPACES = 'query Workspaces { workspaces { id label description createdAt updatedAt roleBindings { id role user { id username } } } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('fast path for JSON operations', () => {
  const options = { seed: 1, jwtSecret: 'fast-path-test', adminKey: 'k', limits: { maxDepth: 6, maxTokens: 400, maxResponseValues: 1000 } };
  let fast: HoustonMock;
  let usual: HoustonMock;
  let fastUrl = '';
  let usualUrl = '';
  let token = '';
  let deployment = { id: '', releaseName: '' };

  beforeAll(async () => {
    fast = createHoustonMock(options);
    usual = createHoustonMock({ ...options, settle: () => Promise.resolve() });
    fastUrl = await fast.listen(0);
    usualUrl = await usual.listen(0);
    token = (await fast.tokenFor({ email: SEED_ADMIN.email })).token;
    const d = Object.values(fast.store.data.deployments).find((row) => row.deletedAt === null);
    deployment = { id: d?.id ?? '', releaseName: d?.releaseName ?? '' };
  });
  afterAll(async () => {
    await fast.close();
    await usual.close();
  });

  /** Sends the same request to both servers, in turn, and expects the same answer; returns it. */
  async function same(body: Buffer | string | object, headers: Record<string, string> = { ...json, authorization: token }): Promise<Raw> {
    const bytes = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const a = await send(fastUrl, bytes, headers);
    const b = await send(usualUrl, bytes, headers);
    expect(a).toEqual(b);
    return a;
  }

  it('answers queries, mutations and their errors as yoga does', async () => {
    const before = { ...fastPathCounts };
    const answers = [
      await same({ query: WORKSPACES }),
      await same({ query: 'query D($id: String) { deployment(where: { id: $id }) { id label workspace { id } urls { type url } } }', variables: { id: deployment.id } }),
      await same({ query: '{ paginatedDeployments(take: 20) { id label releaseName status createdAt workspace { id } } }', variables: null, operationName: null }),
      await same({
        query: 'mutation V($id: Uuid!, $r: String!) { updateDeploymentVariables(deploymentUuid: $id, releaseName: $r, environmentVariables: [{ key: "A", value: "1", isSecret: false }]) { key value } }',
        variables: { id: deployment.id, r: deployment.releaseName },
      }),
      await same({ query: 'mutation { createWorkspace(label: "Fast") { label description } }' }),
      await same({ query: 'mutation { deleteWorkspace(workspaceUuid: "nope") { id } }' }),
      await same({ query: '{ workspaces { id } }' }, json),
      await same({ query: '{ workspaces { id ' }),
      await same({ query: '{ nope }' }),
      await same({ query: '{ self { user { roleBindings { workspace { deployments { workspace { id } } } } } } }' }),
      await same({ query: `{ appConfig { ${'version '.repeat(400)}} }` }),
      await same({ query: 'query ($x: Int!) { workspaces { id } }', variables: { x: 'a' } }),
      await same({ query: '{ workspaces { id } }', operationName: 'Nope' }),
      await same({ query: 'query A { appConfig { version } } query B { authConfig { publicSignup } }' }),
      await same({ query: 'query A { appConfig { version } } query B { authConfig { publicSignup } }', operationName: 'B' }),
      await same({ query: '{ a: users { id emails { address } roleBindings { role } } b: users { id emails { address } roleBindings { role } } c: users { id emails { address } roleBindings { role } } d: users { id username fullName emails { address primary } roleBindings { id role } } }' }),
      await same({ query: '{ appConfig { version } }' }, { 'content-type': 'application/json; charset=utf-8' }),
      await same({ query: '{ appConfig { version } }' }, { 'content-type': 'Application/JSON' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200, 400, 400, 400, 400, 400, 400, 400, 200, 400, 200, 200]);
    expect(answers[15]?.body).toContain('RESPONSE_TOO_LARGE');
    // Each of them went the fast way on the first server (the second has none).
    expect(fastPathCounts.answered - before.answered).toBe(answers.length);
    expect(fastPathCounts.handedBack).toBe(before.handedBack);
  });

  it('negotiates the answer from the Accept header as yoga does', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json', '*/*', 'text/html', 'application/xml', 'multipart/mixed', 'text/event-stream']) {
      await same({ query: '{ appConfig { version } }' }, { ...json, accept });
      await same({ query: '{ nope }' }, { ...json, accept });
    }
  });

  it('leaves every other body to yoga and answers it as before', async () => {
    const query = '{ appConfig { version } }';
    const bodies: (string | Buffer | object)[] = [
      '{"query": ',
      'null',
      '"text"',
      '{}',
      '[]',
      [{ query }, { query: '{ authConfig { publicSignup } }' }],
      { query: 42 },
      { query: '' },
      { query, variables: '{"a": 1}' },
      { query, variables: [1] },
      { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'unknown' } } },
      { query, operationName: 7 },
      { query, other: 1 },
      { query, extensions: null },
      `${'['.repeat(200)}${']'.repeat(200)}`,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ query }))]),
    ];
    const before = { ...fastPathCounts };
    for (const body of bodies) await same(body);
    expect(fastPathCounts.handedBack - before.handedBack).toBe(bodies.length);
    expect(fastPathCounts.answered).toBe(before.answered);
    // Bytes that are not UTF-8 are read as yoga reads them (replaced), then answered the fast way.
    await same(Buffer.concat([Buffer.from('{"query": "{ appConfig { version } }", "operationName": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]));
    expect(fastPathCounts.answered).toBe(before.answered + 1);
  });

  it('leaves requests with other headers to yoga unread', async () => {
    const before = { ...fastPathCounts };
    const query = { query: '{ appConfig { version } }' };
    await same(query, { ...json, origin: 'http://localhost:3000' });
    await same(query, { ...json, origin: 'https://elsewhere.test' });
    await same(query, { 'content-type': 'application/graphql' });
    await same('{ appConfig { version } }', { 'content-type': 'application/graphql' });
    await same(query, { 'content-type': 'text/plain' });
    expect(fastPathCounts).toEqual(before);
  });

  it('keeps the same journal', async () => {
    const strip = (mock: HoustonMock) => mock.journal.entries().map(({ durationMs: _d, ...entry }) => entry);
    expect(strip(fast).length).toBeGreaterThan(40);
    expect(strip(fast)).toEqual(strip(usual));
  });

  it('applies injected faults as yoga does', async () => {
    for (const mock of [fast, usual]) {
      mock.faults.add({ field: 'appConfig', error: { message: 'down', code: 'SERVICE_UNAVAILABLE' }, times: 1 });
      mock.faults.add({ field: 'authConfig', httpStatus: 502, times: 1 });
      mock.faults.add({ operationName: 'Slow', latencyMs: 20, times: 1 });
    }
    await same({ query: '{ appConfig { version } }' });
    await same({ query: '{ authConfig { publicSignup } }' });
    await same({ query: 'query Slow { appConfig { version } }' });
  });
});

describe('operationParams', () => {
  it('takes an object with a query string, object variables and a string operation name, and nothing else', () => {
    expect(operationParams('{"query":"{ a }"}', 100)).toEqual({ query: '{ a }' });
    expect(operationParams('{"query":"{ a }","variables":{"x":1},"operationName":"A"}', 100)).toEqual({ query: '{ a }', variables: { x: 1 }, operationName: 'A' });
    expect(operationParams('{"query":"{ a }","variables":null,"operationName":null}', 100)).not.toBeNull();
    for (const text of ['{"query":""}', '{"query":1}', '[{"query":"{ a }"}]', '{"query":"{ a }","extensions":{}}', '{"query":"{ a }","variables":"{}"}', '{"query":"{ a }","x":1}', 'nope', '{"query":"{ a }","variables":[]}']) {
      expect(operationParams(text, 100)).toBeNull();
    }
    expect(operationParams('{"query":"{ a }","variables":{"x":[[[1]]]}}', 3)).toBeNull();
  });
});
