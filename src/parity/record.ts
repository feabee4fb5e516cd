/**
 * `houston-mock record`: a local proxy in front of a real Houston that writes every GraphQL exchange (HTTP, and the
 * subscription websocket) to a cassette. Secrets are redacted in memory, before the cassette is written
 * (src/parity/redact.ts); the file is rewritten whole and atomically after each exchange, so that a session cut
 * short still leaves a valid cassette.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { getOperationAST, parse, type OperationTypeNode } from 'graphql';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { writeFileAtomic } from '../persistence/stateFile.js';
import { CASSETTE_FORMAT, publicUrl, serializeCassette, type Cassette, type Exchange, type HttpExchange, type WebSocketExchange, type WebSocketMessage } from './cassette.js';
import { createRedactor, type Redactor } from './redact.js';

/** A request body larger than this is refused (413): a proxy for a development session, not for uploads. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** Hop-by-hop and transport headers that are not forwarded as they are. */
const DROPPED_REQUEST_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'accept-encoding', 'proxy-authorization', 'te', 'trailer']);
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'content-length', 'transfer-encoding', 'content-encoding', 'keep-alive']);

export interface RecorderOptions {
  /** The platform's GraphQL URL, e.g. `https://houston.example.com/v1`. */
  target: string;
  /** Where the cassette is written. */
  out: string;
  port?: number;
  host?: string;
  /** Wall-clock time in milliseconds: the exchanges' `startedAt` and durations. Default `Date.now`. */
  now?: () => number;
  /** Called with each exchange once it is on disk (redacted). */
  onExchange?: (exchange: Exchange) => void;
  /** Called when writing the cassette fails (the proxy keeps serving). */
  onError?: (error: Error) => void;
}

export interface Recorder {
  /** The proxy's base URL (`http://127.0.0.1:PORT`). */
  readonly url: string;
  /** Where a client should point: the proxy with the target's path (`http://127.0.0.1:PORT/v1`). */
  readonly graphqlUrl: string;
  /** The cassette so far (redacted). */
  cassette(): Cassette;
  /** Resolves once every exchange so far is on disk. */
  flush(): Promise<void>;
  /** Stops the proxy (open websockets are closed and recorded) and writes the cassette a last time. */
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function forwardedHeaders(headers: IncomingHttpHeaders): Headers {
  const out = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
    out.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The GraphQL request in an HTTP request, as a JSON body: a POST's body, or a GET's query string. */
function graphqlBody(method: string, url: URL, raw: Buffer): unknown {
  if (method === 'GET') {
    const query = url.searchParams.get('query');
    if (query === null) return undefined;
    const variables = url.searchParams.get('variables');
    return {
      query,
      operationName: url.searchParams.get('operationName'),
      variables: variables ? (parseJson(variables) ?? variables) : null,
    };
  }
  if (method !== 'POST') return undefined;
  const body = parseJson(raw.toString('utf8'));
  const first = Array.isArray(body) ? body[0] : body;
  return first && typeof first === 'object' && typeof (first as { query?: unknown }).query === 'string' ? body : undefined;
}

/** Name and type of the operation a request runs (the first of a batch). */
export function operationOf(body: unknown): { operationName: string | null; operationType: OperationTypeNode | null } {
  const first = (Array.isArray(body) ? body[0] : body) as { query?: unknown; operationName?: unknown } | undefined;
  const wanted = typeof first?.operationName === 'string' && first.operationName !== '' ? first.operationName : null;
  try {
    const operation = getOperationAST(parse(String(first?.query ?? '')), wanted);
    return { operationName: operation?.name?.value ?? wanted, operationType: operation?.operation ?? null };
  } catch {
    return { operationName: wanted, operationType: null };
  }
}

/** The version an answer's `appConfig` reports, if it is one. */
function reportedVersion(body: unknown): string | null {
  const version = (body as { data?: { appConfig?: { version?: unknown } } } | null)?.data?.appConfig?.version;
  return typeof version === 'string' ? version : null;
}

export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const target = new URL(options.target);
  const now = options.now ?? Date.now;
  const redactor: Redactor = createRedactor();
  const cassette: Cassette = {
    format: CASSETTE_FORMAT,
    recordedAt: new Date(now()).toISOString(),
    target: publicUrl(target),
    platformVersion: null,
    exchanges: [],
  };
  let seq = 0;
  let writing: Promise<void> = Promise.resolve();
  const openSockets = new Set<() => void>();

  const save = (exchange: Exchange) => {
    cassette.exchanges.push(exchange);
    cassette.exchanges.sort((a, b) => a.seq - b.seq);
    const text = serializeCassette(cassette);
    writing = writing
      .then(() => writeFileAtomic(options.out, text))
      .then(
        () => options.onExchange?.(exchange),
        (error: unknown) => options.onError?.(error as Error),
      );
  };

  // Best effort, before any client request: the platform's version, which verify then emulates. No token needed.
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ appConfig { version } }' }),
      signal: AbortSignal.timeout(10_000),
    });
    cassette.platformVersion = reportedVersion(await response.json());
  } catch {
    // The first recorded appConfig answer fills it in.
  }

  const handleHttp = async (request: IncomingMessage, response: ServerResponse) => {
    const id = ++seq;
    const startedAt = now();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', target.origin);
    const raw = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(request);
    if (raw === null) {
      response.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large for houston-mock record');
      return;
    }
    let upstream: Response;
    try {
      upstream = await fetch(url, {
        method,
        headers: forwardedHeaders(request.headers),
        ...(raw.length > 0 ? { body: new Uint8Array(raw) } : {}),
        redirect: 'manual',
      });
    } catch (error) {
      response.writeHead(502, { 'content-type': 'text/plain' }).end(`houston-mock record: cannot reach ${target.origin}: ${(error as Error).message}`);
      return;
    }
    const answer = Buffer.from(await upstream.arrayBuffer());
    const headers: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!DROPPED_RESPONSE_HEADERS.has(name)) headers[name] = value;
    });
    response.writeHead(upstream.status, headers).end(answer);

    const body = graphqlBody(method, url, raw);
    if (body === undefined) return;
    const text = answer.toString('utf8');
    const json = parseJson(text);
    cassette.platformVersion ??= reportedVersion(json);
    const exchange: HttpExchange = {
      seq: id,
      transport: 'http',
      ...operationOf(body),
      startedAt: new Date(startedAt).toISOString(),
      durationMs: Math.max(0, now() - startedAt),
      request: { method, path: url.pathname, authorization: request.headers.authorization ?? null, body },
      response: json === undefined ? { status: upstream.status, text } : { status: upstream.status, body: json },
    };
    save(redactor.json(exchange));
  };

  const server: Server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`houston-mock record: ${(error as Error).message}`);
    });
  });

  const sockets = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => [...protocols][0] ?? false });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const id = ++seq;
    const startedAt = now();
    const path = new URL(request.url ?? '/', target.origin);
    path.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
    const protocols = (request.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim()).filter(Boolean);
    const authorization = request.headers.authorization;
    const upstream = new WebSocket(path, protocols, authorization ? { headers: { authorization } } : {});
    const messages: WebSocketMessage[] = [];
    const frame = (from: 'client' | 'server', data: RawData) => {
      const text = Buffer.isBuffer(data) ? data.toString('utf8') : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
      messages.push({ from, atMs: Math.max(0, now() - startedAt), message: parseJson(text) ?? text });
    };
    upstream.once('unexpected-response', (_req, res) => {
      socket.end(`HTTP/1.1 ${res.statusCode ?? 502} Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    });
    upstream.once('error', () => {
      if (socket.writable) socket.end('HTTP/1.1 502 Bad Gateway\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    });
    // A client that gives up before the platform answers must not leave the platform's socket open.
    const abandon = () => upstream.terminate();
    socket.once('close', abandon);
    upstream.once('open', () => {
      socket.off('close', abandon);
      sockets.handleUpgrade(request, socket, head, (client) => {
        let done = false;
        const finish = () => {
          if (done) return;
          done = true;
          openSockets.delete(finish);
          if (client.readyState === WebSocket.OPEN) client.close();
          if (upstream.readyState === WebSocket.OPEN) upstream.close();
          const exchange: WebSocketExchange = {
            seq: id,
            transport: 'websocket',
            path: path.pathname,
            protocol: upstream.protocol || null,
            startedAt: new Date(startedAt).toISOString(),
            durationMs: Math.max(0, now() - startedAt),
            authorization: authorization ?? null,
            messages,
          };
          save(redactor.json(exchange));
        };
        openSockets.add(finish);
        client.on('message', (data, isBinary) => {
          frame('client', data);
          upstream.send(data, { binary: isBinary });
        });
        upstream.on('message', (data, isBinary) => {
          frame('server', data);
          client.send(data, { binary: isBinary });
        });
        client.once('close', finish);
        upstream.once('close', finish);
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  // An empty cassette at once: a path that cannot be written fails the start, not the first exchange.
  await writeFileAtomic(options.out, serializeCassette(cassette));

  return {
    url,
    graphqlUrl: `${url}${target.pathname === '/' ? '' : target.pathname}`,
    cassette: () => structuredClone(cassette),
    flush: async () => {
      await writing;
    },
    async close() {
      for (const finish of [...openSockets]) finish();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      sockets.close();
      await writing;
    },
  };
}
