/**
 * A cassette: the exchanges of a session with a real Houston, as `houston-mock record` writes them and
 * `houston-mock verify` replays them. Plain JSON, meant to be committed: every secret is already redacted
 * (src/parity/redact.ts).
 */
import { readFileSync } from 'node:fs';

export const CASSETTE_FORMAT = 'houston-mock/cassette@1';

/** A GraphQL request over HTTP: the JSON body as sent (an object, or an array for a batch). */
export interface HttpExchange {
  seq: number;
  transport: 'http';
  /** Operation name and type of the (first) operation, for reading and reporting. */
  operationName: string | null;
  operationType: 'query' | 'mutation' | 'subscription' | null;
  startedAt: string;
  durationMs: number;
  request: {
    method: string;
    path: string;
    /** Redacted (`[redacted:N]` or `Bearer [redacted:N]`), null when the request carried none. */
    authorization: string | null;
    body: unknown;
  };
  response: {
    status: number;
    /** The JSON answer; a non-JSON answer is kept as `text`. */
    body?: unknown;
    text?: string;
  };
}

export interface WebSocketMessage {
  from: 'client' | 'server';
  /** Milliseconds after the connection opened. */
  atMs: number;
  /** The parsed JSON frame (a frame that is not JSON is kept as its text). */
  message: unknown;
}

/** A websocket connection (subscriptions): every frame both ways. */
export interface WebSocketExchange {
  seq: number;
  transport: 'websocket';
  path: string;
  protocol: string | null;
  startedAt: string;
  durationMs: number;
  authorization: string | null;
  messages: WebSocketMessage[];
}

export type Exchange = HttpExchange | WebSocketExchange;

export interface Cassette {
  format: typeof CASSETTE_FORMAT;
  recordedAt: string;
  /** The platform recorded: its URL without credentials or query, and the version its appConfig reported. */
  target: string;
  platformVersion: string | null;
  exchanges: Exchange[];
}

export class CassetteError extends Error {}

export function parseCassette(text: string, origin = 'cassette'): Cassette {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CassetteError(`${origin}: not valid JSON: ${(error as Error).message}`);
  }
  const cassette = value as Partial<Cassette> | null;
  if (!cassette || typeof cassette !== 'object' || cassette.format !== CASSETTE_FORMAT) {
    throw new CassetteError(`${origin}: not a houston-mock cassette (expected "format": "${CASSETTE_FORMAT}")`);
  }
  if (!Array.isArray(cassette.exchanges)) throw new CassetteError(`${origin}: "exchanges" must be a list`);
  return cassette as Cassette;
}

export function readCassette(path: string): Cassette {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CassetteError(`cannot read cassette ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseCassette(text, path);
}

/** The cassette as written: exchanges in the order the requests started. */
export function serializeCassette(cassette: Cassette): string {
  const exchanges = [...cassette.exchanges].sort((a, b) => a.seq - b.seq);
  return `${JSON.stringify({ ...cassette, exchanges }, null, 2)}\n`;
}

/** The URL of a platform as it may be written down: no user:password, no query string, no fragment. */
export function publicUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.search = '';
  copy.hash = '';
  return copy.href;
}
