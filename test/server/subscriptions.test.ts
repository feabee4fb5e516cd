import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createHoustonMock, SEED_ADMIN } from '../../src/index.js';
import type { HoustonMock } from '../../src/index.js';
import type { Deployment } from '../../src/store/entities.js';
import { newId, now } from '../../src/store/state.js';
import { insertUser } from '../../src/resolvers/users/store.js';
import { LOG_POLL_INTERVAL_MS } from '../../src/resolvers/logs/resolvers.js';
import { gql } from '../support/gql.js';

/** The Astro CLI's subscription text (`astro deployment logs <component> <id> --follow`), verbatim in substance. */
const CLI_SUBSCRIPTION = `
    subscription log(
		$deploymentId: Uuid!
		$component: String
		$timestamp: DateTime
		$search: String
    ){
      	log(
			deploymentUuid: $deploymentId
			component: $component
			timestamp: $timestamp
			search: $search
		){
        	id
        	createdAt: timestamp
        	log: message
    	}
    }`;

type Frame = Record<string, any>;

/** A websocket client that queues every frame it receives, so tests can wait for the next one they expect. */
class Client {
  private readonly frames: Frame[] = [];
  private wake: (() => void) | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (raw) => {
      this.frames.push(JSON.parse(raw.toString()) as Frame);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.wake?.();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  static open(url: string, protocol: string | string[]): Promise<Client> {
    const socket = new WebSocket(url, protocol);
    const client = new Client(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  send(frame: Frame): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The next received frame matching `wanted` (earlier non-matching frames are dropped). */
  async next(wanted: (frame: Frame) => boolean = () => true, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.frames.length > 0) {
        const frame = this.frames.shift() as Frame;
        if (wanted(frame)) return frame;
      }
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a frame');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a frame');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Every frame received so far and not yet consumed. */
  drain(): Frame[] {
    return this.frames.splice(0);
  }

  close(): void {
    this.socket.close(1000);
  }
}

const mocks: HoustonMock[] = [];
const clients: Client[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.terminate();
  for (const mock of mocks.splice(0)) await mock.close();
});

function addDeployment(mock: HoustonMock): Deployment {
  const at = now(mock.store);
  const deployment = {
    id: newId(mock.store),
    workspaceId: 'cworkspace000000000000000',
    clusterId: null,
    label: 'etl',
    releaseName: 'mathematical-probe-2087',
    namespace: 'astronomer-mathematical-probe-2087',
    executor: 'CeleryExecutor',
    triggerer: { resources: null, replicas: 1 },
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  } as unknown as Deployment;
  mock.insertRow('deployments', deployment);
  return deployment;
}

async function listening() {
  const mock = createHoustonMock();
  mocks.push(mock);
  const base = new URL(await mock.listen(0, '127.0.0.1')).origin;
  const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
  if (!admin) throw new Error('seeded admin missing');
  return { mock, ws: `${base.replace('http', 'ws')}/ws`, token: await mock.issueToken(admin.id), deployment: addDeployment(mock) };
}

async function connect(url: string, protocol: string | string[] = 'graphql-ws'): Promise<Client> {
  const client = await Client.open(url, protocol);
  clients.push(client);
  return client;
}

/** What the CLI sends: connection_init with the raw token, then start without an id. */
async function cliFollow(url: string, token: string, variables: Record<string, unknown>): Promise<Client> {
  const client = await connect(url);
  client.send({ type: 'connection_init', payload: { authorization: token } });
  client.send({ type: 'start', payload: { query: CLI_SUBSCRIPTION, variables } });
  return client;
}

const isData = (frame: Frame) => frame.type === 'data';

describe('websocket subscriptions, legacy graphql-ws protocol (Astro CLI)', () => {
  it('accepts the graphql-ws subprotocol and acknowledges a connection with a valid token', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws);
    expect(client.socket.protocol).toBe('graphql-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    expect(await client.next()).toEqual({ type: 'connection_ack' });
  });

  it('accepts a Bearer-prefixed token under Authorization', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws);
    client.send({ type: 'connection_init', payload: { Authorization: `Bearer ${token}` } });
    expect(await client.next()).toEqual({ type: 'connection_ack' });
  });

  it('streams the CLI subscription as data frames with id, createdAt and log, for a start without id', async () => {
    const { ws, token, deployment } = await listening();
    const client = await cliFollow(ws, token, {
      component: 'scheduler',
      deploymentId: deployment.id,
      search: '',
      timestamp: '2024-06-01T11:55:00.123456789Z',
    });
    const frame = await client.next(isData);
    expect(frame.id).toBe('1');
    const log = frame.payload.data.log;
    expect(Object.keys(log)).toEqual(['id', 'createdAt', 'log']);
    expect(log.id).toMatch(/^[0-9A-Za-z]{20}$/);
    expect(log.createdAt > '2024-06-01T11:55:00.123Z').toBe(true);
    expect(log.log).toMatch(/^\[2024-06-01T11:5.*\n$/s);
  });

  it('streams the same lines the logs query answers for the same window', async () => {
    const { mock, ws, token, deployment } = await listening();
    const variables = { component: 'worker', deploymentId: deployment.id, search: '', timestamp: '2024-06-01T11:58:00Z' };
    const queried = await gql(
      mock,
      'query ($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) { logs(deploymentUuid: $deploymentId, component: $component, timestamp: $timestamp, search: $search) { id createdAt: timestamp log: message } }',
      variables,
      token,
    );
    const expected = (queried.data?.logs as { id: string; createdAt: string; log: string }[]).map((l) => ({ ...l, log: `${l.log}\n` }));
    expect(expected.length).toBeGreaterThan(0);
    const client = await cliFollow(ws, token, variables);
    const streamed = [];
    for (let i = 0; i < expected.length; i++) streamed.push((await client.next(isData)).payload.data.log);
    expect(streamed).toEqual(expected);
  });

  it('keeps streaming new lines as the platform clock moves on', async () => {
    const { mock, ws, token, deployment } = await listening();
    const client = await cliFollow(ws, token, { component: 'webserver', deploymentId: deployment.id, search: '', timestamp: now(mock.store) });
    await client.next((f) => f.type === 'connection_ack');
    mock.clock.advance(30_000);
    const frame = await client.next(isData);
    expect(frame.payload.data.log.createdAt > '2024-06-01T12:00:00.000Z').toBe(true);
    expect(frame.payload.data.log.createdAt <= '2024-06-01T12:00:30.000Z').toBe(true);
  });

  it('ends the stream on stop with a complete frame and sends nothing more', async () => {
    const { mock, ws, token, deployment } = await listening();
    const client = await cliFollow(ws, token, { component: 'scheduler', deploymentId: deployment.id, search: '', timestamp: '2024-06-01T11:59:00Z' });
    await client.next(isData);
    client.send({ id: '1', type: 'stop' });
    expect(await client.next((f) => f.type === 'complete')).toEqual({ type: 'complete', id: '1' });
    mock.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, LOG_POLL_INTERVAL_MS * 2));
    expect(client.drain().filter(isData)).toEqual([]);
  });

  it('refuses a bad token with connection_error, then closes the socket', async () => {
    const { ws } = await listening();
    const client = await connect(ws);
    client.send({ type: 'connection_init', payload: { authorization: 'not-a-token' } });
    expect(await client.next()).toEqual({
      type: 'connection_error',
      payload: { message: 'You do not have the appropriate permissions for that' },
    });
    expect((await client.closed).code).toBe(1011);
  });

  it('refuses a connection without a token the same way', async () => {
    const { ws } = await listening();
    const client = await connect(ws);
    client.send({ type: 'connection_init', payload: {} });
    expect((await client.next()).type).toBe('connection_error');
    expect((await client.closed).code).toBe(1011);
  });

  it('answers a user without a role on the deployment with Houston\'s permission error, then complete', async () => {
    const { mock, ws, deployment } = await listening();
    const outsider = insertUser(mock.store, { email: 'outsider@example.com', status: 'active', verified: true });
    const client = await cliFollow(ws, await mock.issueToken(outsider.id), { deploymentId: deployment.id, component: 'scheduler' });
    const frame = await client.next(isData);
    expect(frame.payload.errors[0].message).toBe('You do not have the appropriate permissions for that');
    expect(frame.payload.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await client.next()).toEqual({ type: 'complete', id: '1' });
  });

  it('answers a query that does not validate with its errors as data, then complete', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws);
    client.send({ type: 'connection_init', payload: { authorization: token } });
    client.send({ id: '7', type: 'start', payload: { query: 'subscription { log { id } }' } });
    const frame = await client.next(isData);
    expect(frame.id).toBe('7');
    expect(frame.payload.errors[0].message).toBe('Field "log" argument "deploymentUuid" of type "Uuid!" is required, but it was not provided.');
    expect(await client.next()).toEqual({ type: 'complete', id: '7' });
  });

  it('serves the same protocol on /v1, the URL the CLI dials for a local context', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws.replace(/\/ws$/, '/v1'));
    client.send({ type: 'connection_init', payload: { authorization: token } });
    expect(await client.next()).toEqual({ type: 'connection_ack' });
  });

  it('closes open subscriptions when the mock closes', async () => {
    const { mock, ws, token, deployment } = await listening();
    const client = await cliFollow(ws, token, { deploymentId: deployment.id, component: 'scheduler', timestamp: '2024-06-01T11:59:00Z' });
    await client.next(isData);
    await mock.close();
    expect(await client.closed).toEqual({ code: 1001, reason: 'houston-mock is shutting down' });
  });
});

describe('websocket subscriptions, graphql-transport-ws protocol', () => {
  it('acknowledges, streams next frames and stops on complete', async () => {
    const { ws, token, deployment } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    expect(client.socket.protocol).toBe('graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    expect(await client.next()).toEqual({ type: 'connection_ack' });
    client.send({
      id: 'a',
      type: 'subscribe',
      payload: { query: CLI_SUBSCRIPTION, variables: { deploymentId: deployment.id, component: 'triggerer', timestamp: '2024-06-01T11:55:00Z' } },
    });
    const frame = await client.next();
    expect(frame.type).toBe('next');
    expect(frame.id).toBe('a');
    expect(frame.payload.data.log.log).toMatch(/triggerer|trigger/i);
    client.send({ id: 'a', type: 'complete' });
    client.send({ type: 'ping' });
    expect(await client.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
  });

  it('answers a query with one next frame and complete', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    client.send({ id: 'q', type: 'subscribe', payload: { query: '{ appConfig { version } }' } });
    expect(await client.next()).toEqual({ id: 'q', type: 'next', payload: { data: { appConfig: { version: '0.37.0' } } } });
    expect(await client.next()).toEqual({ id: 'q', type: 'complete' });
  });

  it('gives an error without a code of its own INTERNAL_SERVER_ERROR over the socket too, as Apollo Server 2 does', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    client.send({ id: 'q', type: 'subscribe', payload: { query: 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { id } }', variables: { w: 5 } } });
    const frame = await client.next();
    const error = (frame.payload.errors ?? frame.payload)[0];
    expect(error.message).toBe('Variable "$w" got invalid value 5; Uuid cannot represent a non-string value: 5');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it('announces a mutation sent over the socket as a change of the platform, as over HTTP', async () => {
    const { mock, ws, token } = await listening();
    let changes = 0;
    mock.onStateChange(() => changes++);
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    client.send({ id: 'm', type: 'subscribe', payload: { query: 'mutation { createWorkspace(label: "Over the socket") { label } }' } });
    expect(await client.next()).toEqual({ id: 'm', type: 'next', payload: { data: { createWorkspace: { label: 'Over the socket' } } } });
    expect(changes).toBe(1);
  });

  it('journals an operation sent over the socket with its caller, as over HTTP', async () => {
    const { mock, ws, token } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    client.send({ id: 'q', type: 'subscribe', payload: { query: 'query Version { appConfig { version } }' } });
    await client.next((f) => f.type === 'complete');
    const entry = mock.journal.last();
    expect(entry).toMatchObject({ operationName: 'Version', operationType: 'query', rootFields: ['Query.appConfig'], errors: [] });
    expect(entry?.caller).toMatchObject({ kind: 'user', email: SEED_ADMIN.email });
  });

  it('answers an operation sent over the socket with an injected fault', async () => {
    const { mock, ws, token } = await listening();
    mock.faults.add({ field: 'createWorkspace', error: { message: 'Houston is busy', code: 'SERVICE_UNAVAILABLE' }, times: 1 });
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    client.send({ id: 'm', type: 'subscribe', payload: { query: 'mutation { createWorkspace(label: "Refused") { id } }' } });
    const frame = await client.next();
    expect(frame.payload.data).toBeNull();
    expect(frame.payload.errors).toMatchObject([{ message: 'Houston is busy', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    expect(Object.values(mock.store.data.workspaces).some((w) => w.label === 'Refused')).toBe(false);
  });

  it('applies the request limits to an operation sent over the socket', async () => {
    const { ws, token } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: token } });
    await client.next();
    const deep = `{ ${'self { user { roleBindings { workspace { users { '.repeat(3)}id${' } } } } }'.repeat(3)} }`;
    client.send({ id: 'd', type: 'subscribe', payload: { query: deep } });
    const frame = await client.next();
    expect(frame.type).toBe('error');
    expect(frame.payload[0].message).toMatch(/depth/i);
  });

  it('closes with 4403 on a bad token', async () => {
    const { ws } = await listening();
    const client = await connect(ws, 'graphql-transport-ws');
    client.send({ type: 'connection_init', payload: { authorization: 'nope' } });
    expect(await client.closed).toEqual({ code: 4403, reason: 'Forbidden' });
  });
});

describe('websocket upgrades', () => {
  it('are refused outside /ws and /v1', async () => {
    const { ws } = await listening();
    await expect(Client.open(ws.replace(/\/ws$/, '/elsewhere'), 'graphql-ws')).rejects.toThrow(/404/);
  });
});
