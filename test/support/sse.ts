import type { HoustonMock } from '../../src/index.js';
import type { GraphQLBody } from './gql.js';

/** A subscription served in-process over GraphQL over SSE (yoga's distinct-connections mode). */
export interface SseSubscription<T> {
  status: number;
  /** The next result, or null once the server completed the stream. */
  next(): Promise<(GraphQLBody<T> & { extensions?: Record<string, unknown> }) | null>;
  /** Stops the subscription, as a client closing its connection does. */
  close(): Promise<void>;
}

/**
 * Starts a subscription through `mock.fetch` with `accept: text/event-stream`: the same pipeline, context and
 * plugins as HTTP queries, without a socket. Tests that move time use fake `setTimeout`s to run the polls.
 */
export async function subscribeSse<T = Record<string, any>>(
  mock: HoustonMock,
  query: string,
  variables: Record<string, unknown> | null = null,
  token?: string,
): Promise<SseSubscription<T>> {
  const response = await mock.fetch('http://houston.test/v1', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = response.body;
  if (!body) throw new Error(`no stream (HTTP ${response.status})`);
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  return {
    status: response.status,
    async next() {
      for (;;) {
        const boundary = buffer.indexOf('\n\n');
        if (boundary >= 0) {
          const event = buffer.slice(0, boundary);
          buffer = buffer.slice(boundary + 2);
          const lines = event.split('\n');
          const type = lines.find((l) => l.startsWith('event:'))?.slice(6).trim();
          const data = lines
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trim())
            .join('\n');
          if (type === 'complete') {
            ended = true;
            return null;
          }
          if (data) return JSON.parse(data) as GraphQLBody<T>;
          continue;
        }
        if (ended) return null;
        const chunk = await reader.read();
        if (chunk.done) {
          ended = true;
          return null;
        }
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    async close() {
      ended = true;
      await reader.cancel();
    },
  };
}
