import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { errors } from '../core/errors.js';
import type { HoustonContext } from '../resolvers/context.js';
import { clientErrorJSON, maskError } from './errors.js';
import { jsonTooDeep } from './jsonDepth.js';
import { refusalBody, type Refusal } from './origin.js';
import { silentLogger, type Logger } from './logger.js';

type PromiseOrValue<T> = T | Promise<T>;

/**
 * GraphQL subscriptions over websockets, where Houston serves them (`webserver.subscriptions: /ws`).
 *
 * Two subprotocols:
 * - `graphql-ws`: the legacy subscriptions-transport-ws protocol Houston speaks and the Astro CLI uses for
 *   `astro deployment logs --follow`. The token travels in the `connection_init` payload; the CLI sends `start` right
 *   after `connection_init`, without waiting for the ack and without an `id`.
 * - `graphql-transport-ws`: the newer protocol of the `graphql-ws` npm package, for today's GraphQL clients.
 *
 * A connection that names no subprotocol is served the legacy one, as Houston would.
 */

export const SUBSCRIPTIONS_PATH = '/ws';
export const LEGACY_PROTOCOL = 'graphql-ws';
export const TRANSPORT_PROTOCOL = 'graphql-transport-ws';

/** Keep-alive period of the legacy protocol (`ka` frames). */
const KEEP_ALIVE_MS = 20_000;
/** How long a `graphql-transport-ws` client may take to send `connection_init`. */
const INIT_TIMEOUT_MS = 10_000;
/** The id the legacy protocol uses when a client's `start` carries none (the CLI's `stop` says "1"). */
const DEFAULT_OPERATION_ID = '1';

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  /** Builds the request context from an `authorization` value, exactly as the HTTP endpoint does. */
  contextFor(authorization: string | null): Promise<HoustonContext>;
  /** Upgrade paths served. Default `/ws` and `/v1` (the Astro CLI dials the HTTP URL for local contexts). */
  paths?: readonly string[];
  logger?: Logger;
  /** Called after a mutation sent over a websocket has run, as the HTTP endpoint does (state-file saves hear of it). */
  onMutation?: () => void;
  /**
   * The GraphQL pipeline to run operations through: the HTTP endpoint's own (`yoga.getEnveloped`), so that request
   * limits, the journal, injected faults, error masking and auto-mock marks apply over a websocket too. Default:
   * graphql's plain functions.
   */
  pipeline?: () => Pipeline;
  /** Largest message accepted, in bytes (the HTTP body limit); larger ones close the socket (1009). Default 1 MiB. */
  maxPayload?: number | null;
  /** Deepest nesting of a message's JSON (as for HTTP bodies); deeper ones are refused before they are parsed. */
  maxJsonDepth?: number | null;
  /** Refuses an upgrade (Host or Origin not allowed, src/server/origin.ts) with a 403 carrying the reason. */
  refuse?: (request: IncomingMessage) => Refusal | null;
}

/** The four steps of serving an operation, as graphql-js and envelop both provide them. */
export interface Pipeline {
  parse: (source: string) => DocumentNode;
  validate: (schema: GraphQLSchema, document: DocumentNode) => readonly GraphQLError[];
  execute: (args: ExecutionArgs) => PromiseOrValue<ExecutionResult | AsyncIterable<ExecutionResult>>;
  subscribe: (args: ExecutionArgs) => PromiseOrValue<ExecutionResult | AsyncIterable<ExecutionResult>>;
}

const PLAIN: Pipeline = { parse: (source) => parse(source), validate: (schema, document) => validate(schema, document), execute, subscribe };

export interface SubscriptionServer {
  /** Ends every subscription, closes every socket and stops answering upgrades. */
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
type Operation = AsyncIterator<ExecutionResult>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The token of an init payload: `authorization`, `Authorization` or `headers.authorization`; else the upgrade header. */
function authorizationFrom(payload: unknown, request: IncomingMessage): string | null {
  const params = isObject(payload) ? payload : {};
  const headers = isObject(params.headers) ? params.headers : {};
  for (const value of [params.authorization, params.Authorization, headers.authorization, headers.Authorization]) {
    if (typeof value === 'string' && value) return value;
  }
  return request.headers.authorization ?? null;
}

function formatted(result: ExecutionResult): Json {
  return {
    ...(result.errors ? { errors: result.errors.map((e) => clientErrorJSON(e)) } : {}),
    ...('data' in result ? { data: result.data } : {}),
  };
}

/** Runs a query, mutation or subscription: a subscription gives a stream, anything else one result. */
async function run(
  pipeline: Pipeline,
  schema: GraphQLSchema,
  document: DocumentNode,
  context: HoustonContext,
  variables: unknown,
  operationName: unknown,
  onMutation: (() => void) | undefined,
): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
  const args: ExecutionArgs = {
    schema,
    document,
    contextValue: context,
    variableValues: isObject(variables) ? variables : null,
    operationName: typeof operationName === 'string' ? operationName : null,
  };
  const operation = getOperationAST(document, args.operationName);
  if (operation?.operation === 'subscription') return pipeline.subscribe(args);
  const result = await pipeline.execute(args);
  if (operation?.operation === 'mutation') onMutation?.();
  return result;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** What every connection needs: its socket, the options, and a way to stop its operations. */
class Session {
  readonly operations = new Map<string, Operation>();
  private closed = false;

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
    readonly options: SubscriptionServerOptions,
  ) {
    socket.on('close', () => this.dispose());
  }

  send(message: Json): void {
    if (!this.closed && this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Stops one operation; true if it was running. */
  stop(id: string): boolean {
    const operation = this.operations.get(id);
    if (!operation) return false;
    this.operations.delete(id);
    void operation.return?.();
    return true;
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const id of [...this.operations.keys()]) this.stop(id);
  }

  /**
   * Parses, validates and runs a request, then forwards each result through `emit` until the stream ends, the
   * operation is stopped or the socket closes. Parse and validation failures go to `fail` instead.
   */
  async serve(
    id: string,
    payload: unknown,
    context: HoustonContext,
    emit: {
      next(result: ExecutionResult): void;
      complete(stopped: boolean): void;
      fail(errors: readonly GraphQLError[], stage: 'parse' | 'validation'): void;
    },
  ): Promise<void> {
    const params = isObject(payload) ? payload : {};
    const pipeline = this.options.pipeline?.() ?? PLAIN;
    let document: DocumentNode;
    try {
      document = pipeline.parse(typeof params.query === 'string' ? params.query : '');
    } catch (error) {
      emit.fail([error instanceof GraphQLError ? error : new GraphQLError(String(error))], 'parse');
      return;
    }
    const invalid = pipeline.validate(this.options.schema, document);
    if (invalid.length > 0) {
      emit.fail(invalid, 'validation');
      return;
    }
    const result = await run(pipeline, this.options.schema, document, context, params.variables, params.operationName, this.options.onMutation);
    if (this.closed) {
      if (isAsyncIterable(result)) void result[Symbol.asyncIterator]().return?.();
      return;
    }
    if (!isAsyncIterable(result)) {
      emit.next(result);
      emit.complete(false);
      return;
    }
    const iterator = result[Symbol.asyncIterator]();
    this.operations.set(id, iterator);
    try {
      for (;;) {
        const step = await iterator.next();
        if (step.done || this.operations.get(id) !== iterator) break;
        emit.next(step.value);
      }
    } catch (error) {
      emit.next({ errors: [error instanceof GraphQLError ? error : new GraphQLError('Unexpected error.', { originalError: error as Error })] });
    }
    const stopped = this.operations.get(id) !== iterator;
    if (!stopped) this.operations.delete(id);
    emit.complete(stopped);
  }
}

/** The legacy subscriptions-transport-ws protocol (`graphql-ws`), as Houston and the Astro CLI speak it. */
function serveLegacy(session: Session): void {
  const { socket, request, options } = session;
  // Requests wait for the connection's context: the CLI sends `start` before the `connection_ack` arrives.
  let ready: Promise<HoustonContext | null> = options.contextFor(request.headers.authorization ?? null);
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  socket.on('close', () => clearInterval(keepAlive));

  const init = (payload: unknown) => {
    ready = options.contextFor(authorizationFrom(payload, request)).then((context) => {
      if (context.caller.kind === 'anonymous') {
        // As Apollo's legacy server does when its onConnect refuses: say why, then close the socket.
        session.send({ type: 'connection_error', payload: { message: errors.forbidden().message } });
        setTimeout(() => socket.close(1011, 'Unauthorized'), 10).unref();
        session.dispose();
        return null;
      }
      session.send({ type: 'connection_ack' });
      session.send({ type: 'ka' });
      clearInterval(keepAlive);
      keepAlive = setInterval(() => session.send({ type: 'ka' }), KEEP_ALIVE_MS);
      keepAlive.unref();
      return context;
    });
  };

  const start = async (id: string, payload: unknown) => {
    const context = await ready;
    if (!context || session.isClosed) return;
    // A start reusing a running id replaces that operation, as in subscriptions-transport-ws.
    session.stop(id);
    await session.serve(id, payload, context, {
      next: (result) => session.send({ type: 'data', id, payload: formatted(result) }),
      complete: () => session.send({ type: 'complete', id }),
      fail: (failures, stage) => {
        // A query that does not parse is an `error` frame; one that does not validate answers its errors as data.
        if (stage === 'parse') {
          session.send({ type: 'error', id, payload: { message: failures[0]?.message ?? 'Syntax Error' } });
        } else {
          session.send({ type: 'data', id, payload: formatted({ errors: failures }) });
          session.send({ type: 'complete', id });
        }
      },
    });
  };

  socket.on('message', (raw: RawData) => {
    let message: unknown;
    try {
      message = parseMessage(raw, options.maxJsonDepth);
    } catch {
      session.send({ type: 'error', payload: { message: 'Message must be JSON-parseable.' } });
      return;
    }
    const frame = isObject(message) ? message : {};
    const id = typeof frame.id === 'string' && frame.id ? frame.id : typeof frame.id === 'number' ? String(frame.id) : DEFAULT_OPERATION_ID;
    switch (frame.type) {
      case 'connection_init':
        init(frame.payload);
        break;
      case 'start':
        start(id, frame.payload).catch((error: unknown) => {
          session.send({ type: 'error', id, payload: { message: maskError(error).message } });
        });
        break;
      case 'stop':
        session.stop(id);
        break;
      case 'connection_terminate':
        socket.close(1000);
        break;
      default:
        session.send({ type: 'error', id, payload: { message: 'Invalid message type!' } });
    }
  });
}

/** The `graphql-transport-ws` protocol (the `graphql-ws` npm package). Protocol violations close the socket. */
function serveTransport(session: Session): void {
  const { socket, request, options } = session;
  let context: HoustonContext | undefined;
  let initialising = false;
  const initTimer = setTimeout(() => socket.close(4408, 'Connection initialisation timeout'), INIT_TIMEOUT_MS);
  initTimer.unref();
  socket.on('close', () => clearTimeout(initTimer));

  socket.on('message', (raw: RawData) => {
    let frame: Json;
    try {
      const parsed: unknown = parseMessage(raw, options.maxJsonDepth);
      if (!isObject(parsed) || typeof parsed.type !== 'string') throw new Error('not a message');
      frame = parsed;
    } catch {
      socket.close(4400, 'Invalid message received');
      return;
    }
    switch (frame.type) {
      case 'connection_init': {
        if (initialising) {
          socket.close(4429, 'Too many initialisation requests');
          return;
        }
        initialising = true;
        clearTimeout(initTimer);
        options
          .contextFor(authorizationFrom(frame.payload, request))
          .then((built) => {
            if (built.caller.kind === 'anonymous') {
              socket.close(4403, 'Forbidden');
              return;
            }
            context = built;
            session.send({ type: 'connection_ack' });
          })
          .catch(() => socket.close(4500, 'Internal error'));
        return;
      }
      case 'ping':
        session.send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'subscribe': {
        const id = typeof frame.id === 'string' ? frame.id : '';
        if (!context) {
          socket.close(4401, 'Unauthorized');
          return;
        }
        if (!id) {
          socket.close(4400, 'Invalid message received');
          return;
        }
        if (session.operations.has(id)) {
          socket.close(4409, `Subscriber for ${id} already exists`);
          return;
        }
        session
          .serve(id, frame.payload, context, {
            next: (result) => session.send({ type: 'next', id, payload: formatted(result) }),
            complete: (stopped) => {
              if (!stopped) session.send({ type: 'complete', id });
            },
            fail: (failures) => session.send({ type: 'error', id, payload: failures.map((e) => clientErrorJSON(e)) }),
          })
          .catch((error: unknown) => session.send({ type: 'error', id, payload: [clientErrorJSON(error)] }));
        return;
      }
      case 'complete':
        if (typeof frame.id === 'string') session.stop(frame.id);
        return;
      default:
        socket.close(4400, `Unexpected message type ${String(frame.type)}`);
    }
  });
}

/** A message's JSON; too deep a nesting is refused unparsed, as for HTTP bodies (src/server/jsonDepth.ts). */
function parseMessage(raw: RawData, maxJsonDepth: number | null | undefined): unknown {
  const text = raw.toString();
  if (maxJsonDepth !== null && maxJsonDepth !== undefined && jsonTooDeep(text, maxJsonDepth)) throw new Error('nested too deeply');
  return JSON.parse(text);
}

/** Serves subscriptions on the HTTP server's websocket upgrades (paths `/ws` and `/v1`). */
export function attachSubscriptionServer(http: Server, options: SubscriptionServerOptions): SubscriptionServer {
  const paths = new Set(options.paths ?? [SUBSCRIPTIONS_PATH, '/v1']);
  const logger = options.logger ?? silentLogger;
  const sessions = new Set<Session>();
  // The websocket server (and the ws package) is made on the first upgrade: most runs never open a subscription.
  let made: Promise<WebSocketServer> | undefined;
  let closed = false;
  const server = () =>
    (made ??= import('ws').then(({ WebSocketServer }) => {
      const wss = new WebSocketServer({
        noServer: true,
        // ws would take 100 MiB per message by default; null (the body limit lifted) keeps that.
        ...(options.maxPayload !== null ? { maxPayload: options.maxPayload ?? 1_048_576 } : {}),
        handleProtocols: (offered) => (offered.has(LEGACY_PROTOCOL) ? LEGACY_PROTOCOL : offered.has(TRANSPORT_PROTOCOL) ? TRANSPORT_PROTOCOL : false),
      });
      wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
        const session = new Session(socket, request, options);
        sessions.add(session);
        socket.on('close', () => sessions.delete(session));
        socket.on('error', (error) => logger.debug(`websocket error: ${error.message}`));
        if (socket.protocol === TRANSPORT_PROTOCOL) serveTransport(session);
        else serveLegacy(session);
      });
      return wss;
    }));

  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://houston.invalid').pathname;
    if (!paths.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const refused = options.refuse?.(request);
    if (refused) {
      const body = refusalBody(refused);
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    void server().then((wss) => {
      if (closed) socket.destroy();
      if (socket.destroyed) return;
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    });
  };
  http.on('upgrade', onUpgrade);

  return {
    async close() {
      closed = true;
      http.off('upgrade', onUpgrade);
      // A close frame, so clients see an orderly shutdown; sockets that do not answer within a second are dropped.
      const closing = [...sessions].map(
        (session) =>
          new Promise<void>((resolve) => {
            session.dispose();
            if (session.socket.readyState === session.socket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              session.socket.terminate();
              resolve();
            }, 1000);
            session.socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            session.socket.close(1001, 'houston-mock is shutting down');
          }),
      );
      await Promise.all(closing);
      sessions.clear();
      const wss = await made;
      if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
