import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { readCassette, type Cassette, type HttpExchange } from '../../src/parity/cassette.js';
import { startRecorder, type Recorder } from '../../src/parity/record.js';
import { emptyPlatform } from '../../src/store/state.js';
import { formatVerifyReport, verifyCassette } from '../../src/parity/verify.js';

const PASSWORD = 'correct-horse-battery';
const SECRET_VALUE = 's3cr3t-connection-string';

/** Posts a GraphQL request the way a client does, through the recording proxy. */
async function post(url: string, query: string, variables: Record<string, unknown> | null, authorization?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
}

/** One operation over the websocket through the proxy: connection_init with the token, one answer, then closed. */
function subscribeOnce(url: string, token: string, query: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: token } })));
    socket.on('close', () => resolve(null));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      if (message.type === 'next' || message.type === 'error') {
        socket.close();
        resolve(message);
      }
    });
    socket.on('error', reject);
  });
}

/** `astro deployment logs --follow`: legacy protocol, start right after connection_init, the first log lines. */
function followLogs(url: string, token: string, deploymentId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url.replace(/^http/, 'ws'), 'graphql-ws');
    socket.on('open', () => {
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: token } }));
      socket.send(JSON.stringify({ type: 'start', payload: { query: 'subscription log($id: Uuid!) { log(deploymentUuid: $id, component: "scheduler") { id log: message } }', variables: { id: deploymentId } } }));
    });
    socket.on('message', (data) => {
      if ((JSON.parse(data.toString()) as { type: string }).type === 'data') socket.close();
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
}

describe('record against one houston-mock, verify against another', () => {
  let live: HoustonMock;
  let recorder: Recorder;
  let out: string;
  let cassette: Cassette;
  let tokens: string[];

  beforeAll(async () => {
    live = createHoustonMock({ seed: null });
    const target = await live.listen(0, '127.0.0.1');
    out = join(mkdtempSync(join(tmpdir(), 'houston-mock-record-')), 'session.cassette.json');
    recorder = await startRecorder({ target, out });
    const url = recorder.graphqlUrl;
    const signup = await post(url, 'mutation Signup($email: String!, $password: String!) { createUser(email: $email, password: $password) { user { id } token { value } } }', { email: 'first@example.com', password: PASSWORD });
    const token = signup.body.data.createUser.token.value as string;
    const workspace = await post(url, 'mutation NewWorkspace { createWorkspace(label: "Recorded") { id label } }', null, `Bearer ${token}`);
    const workspaceId = workspace.body.data.createWorkspace.id as string;
    const deployment = await post(
      url,
      'mutation NewDeployment($ws: Uuid!) { createDeployment(workspaceUuid: $ws, label: "etl", type: "airflow", executor: CeleryExecutor) { id releaseName } }',
      { ws: workspaceId },
      token,
    );
    const { id: deploymentId, releaseName } = deployment.body.data.createDeployment as { id: string; releaseName: string };
    await post(
      url,
      'mutation Vars($id: Uuid!, $release: String!, $vars: [InputEnvironmentVariable]!) { updateDeploymentVariables(deploymentUuid: $id, releaseName: $release, environmentVariables: $vars) { key isSecret } }',
      { id: deploymentId, release: releaseName, vars: [{ key: 'DB_URL', value: SECRET_VALUE, isSecret: true }] },
      token,
    );
    await post(url, `query Inline { workspace(workspaceUuid: "${workspaceId}") { id label deploymentCount } }`, null, token);
    await post(url, 'query Denied { workspaces { id } }', null);
    await post(url, `mutation Login { createToken(identity: "first@example.com", password: "${PASSWORD}") { token { value } } }`, null);
    await subscribeOnce(url.replace(/\/v1$/, '/ws'), token, '{ self { user { id } } }');
    await followLogs(url.replace(/\/v1$/, '/ws'), token, deploymentId);
    tokens = [token];
    await recorder.close();
    cassette = readCassette(out);
  });

  afterAll(async () => {
    await live.close();
  });

  it('writes every exchange, in order, with operation, variables, answer, status and timing', () => {
    expect(cassette.target).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(cassette.platformVersion).toBe('0.37.0');
    const names = cassette.exchanges.map((e) => (e.transport === 'http' ? e.operationName : 'websocket'));
    expect(names).toEqual(['Signup', 'NewWorkspace', 'NewDeployment', 'Vars', 'Inline', 'Denied', 'Login', 'websocket', 'websocket']);
    const first = cassette.exchanges[0] as HttpExchange;
    expect(first.operationType).toBe('mutation');
    expect(first.response.status).toBe(200);
    expect(first.durationMs).toBeGreaterThanOrEqual(0);
    expect((first.request.body as { variables: { email: string } }).variables.email).toBe('first@example.com');
    const denied = cassette.exchanges[5] as HttpExchange;
    expect((denied.response.body as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('redacts every credential and secret before writing, with one label per secret', () => {
    const text = readFileSync(out, 'utf8');
    for (const secret of [PASSWORD, SECRET_VALUE, ...tokens]) expect(text).not.toContain(secret);
    const signup = cassette.exchanges[0] as HttpExchange;
    const password = (signup.request.body as { variables: { password: string } }).variables.password;
    expect(password).toMatch(/^\[redacted:\d+\]$/);
    const tokenLabel = (signup.response.body as { data: { createUser: { token: { value: string } } } }).data.createUser.token.value;
    expect((cassette.exchanges[1] as HttpExchange).request.authorization).toBe(`Bearer ${tokenLabel}`);
    expect((cassette.exchanges[2] as HttpExchange).request.authorization).toBe(tokenLabel);
    const login = cassette.exchanges[6] as HttpExchange;
    expect((login.request.body as { query: string }).query).toContain(`password: "${password}"`);
    const socket = cassette.exchanges[7];
    expect(socket?.transport).toBe('websocket');
    if (socket?.transport === 'websocket') {
      expect(socket.protocol).toBe('graphql-transport-ws');
      expect(socket.messages[0]).toMatchObject({ from: 'client', message: { type: 'connection_init', payload: { authorization: tokenLabel } } });
      expect(socket.messages.some((m) => m.from === 'server' && (m.message as { type: string }).type === 'next')).toBe(true);
    }
  });

  it('replays the cassette on another houston-mock with ids and tokens flowing: every exchange matches', async () => {
    // Empty like the recorded one, but its ids come from another seed: every later request needs the ids it answered.
    const mock = createHoustonMock({ data: emptyPlatform(3) });
    const report = await verifyCassette(cassette, { mock });
    expect(formatVerifyReport(report)).toContain('9 matched, 0 differ');
    expect(report.ok).toBe(true);
    const recordedId = ((cassette.exchanges[1] as HttpExchange).response.body as { data: { createWorkspace: { id: string } } }).data.createWorkspace.id;
    const created = Object.values(mock.store.data.workspaces).find((w) => w.label === 'Recorded');
    expect(created?.id).toBeDefined();
    expect(created?.id).not.toBe(recordedId);
    expect(Object.values(mock.store.data.deployments).some((d) => d.workspaceId === created?.id && d.label === 'etl')).toBe(true);
  });

  it('finds the differences when ids do not flow', async () => {
    const unrelated = structuredClone(cassette);
    // Without the workspace id in the answer, the next request sends the recorded id, which houston-mock never gave.
    const workspace = unrelated.exchanges[1] as HttpExchange;
    (workspace.response.body as { data: { createWorkspace: { id: unknown } } }).data.createWorkspace.id = 'c'.repeat(25);
    const report = await verifyCassette(unrelated, { mock: createHoustonMock({ data: emptyPlatform(3) }), frameWaitMs: 200 });
    expect(report.exchanges[1]?.outcome).toBe('match');
    expect(report.exchanges[2]?.outcome).toBe('differs');
  });

  it('names each difference by request and JSON path', async () => {
    const tampered = structuredClone(cassette);
    const inline = tampered.exchanges[4] as HttpExchange;
    (inline.response.body as { data: { workspace: { deploymentCount: unknown } } }).data.workspace.deploymentCount = '1';
    const denied = tampered.exchanges[5] as HttpExchange;
    (denied.response.body as { errors: { extensions: { code: string }; message: string }[] }).errors[0] = { message: 'Nope', extensions: { code: 'UNAUTHENTICATED' } };
    const socket = tampered.exchanges[7];
    if (socket?.transport !== 'websocket') throw new Error('no websocket exchange recorded');
    const next = socket.messages.filter((m) => m.from === 'server').findIndex((m) => (m.message as { type: string }).type === 'next');
    const frame = socket.messages.filter((m) => m.from === 'server')[next]?.message as { payload: { data: { self: unknown } } };
    frame.payload.data.self = null;
    const report = await verifyCassette(tampered, { mock: createHoustonMock({ seed: null }) });
    expect(report.ok).toBe(false);
    const differing = report.exchanges.filter((r) => r.outcome === 'differs');
    expect(differing.map((r) => r.request)).toEqual(['#5 Inline (query)', '#6 Denied (query)', '#8 websocket /ws']);
    expect(differing[2]?.differences).toEqual([{ path: `$.frames[${next}].payload.data.self`, message: 'null recorded, object from houston-mock' }]);
    expect(differing[0]?.differences).toEqual([{ path: '$.data.workspace.deploymentCount', message: 'string recorded, number from houston-mock' }]);
    expect(differing[1]?.differences).toEqual([
      { path: '$.errors[0].extensions.code', message: '"UNAUTHENTICATED" recorded, "FORBIDDEN" from houston-mock' },
      { path: '$.errors[0].message', message: '"Nope" recorded, "You do not have the appropriate permissions for that" from houston-mock' },
    ]);
  });
});
