import { createHash } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/**
 * Apollo Server 2 as Houston's clients meet it: Houston serves its API with Apollo Server 2 (Express integration,
 * `NODE_ENV=production`), and clients such as Apollo Client's persisted-query link depend on its answers. This module
 * reproduces them on top of graphql-yoga:
 *
 * - every error carries `extensions.code`: `GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED` at HTTP 400,
 *   `INTERNAL_SERVER_ERROR` for anything without a code (a plain `Error` in a resolver, variable coercion, an unknown
 *   operation name); an answer with errors and no `data` is HTTP 400, one that reached execution HTTP 200;
 * - automatic persisted queries (`extensions.persistedQuery`): an unknown hash answers `PersistedQueryNotFound`
 *   (`PERSISTED_QUERY_NOT_FOUND`) at HTTP 200 with `Cache-Control: private, no-cache, must-revalidate`, so the client
 *   sends the full query, which is then remembered; a hash that does not match the query, or another protocol
 *   version, is a plain-text 400;
 * - the request errors Apollo answers in plain text: `GET query missing.`, `Must provide query string.`,
 *   `GraphQL queries must be strings.`, `Variables are invalid JSON.`, `Extensions are invalid JSON.`, a mutation by
 *   GET (405, `Allow: POST`), another method (405, `Allow: GET, POST`), an empty batch; `variables` and `extensions`
 *   sent as JSON strings are parsed, on POST too;
 * - its health check, `GET /.well-known/apollo/server-health`.
 *
 * Where houston-mock knowingly answers otherwise (bodies that are not JSON, content types, text bodies served as
 * text/plain), docs/DIFFERENCES.md says so.
 */

/** Where Apollo Server 2 mounts its health check (at the application's root, whatever the GraphQL path). */
export const APOLLO_HEALTH_PATH = '/.well-known/apollo/server-health';

/** How many persisted queries an instance remembers (the oldest go first), so the cache cannot grow without end. */
const PERSISTED_QUERY_LIMIT = 1000;

const PLAIN_TEXT = 'text/plain; charset=utf-8';
const POST_BODY_MISSING = 'POST body missing. Did you forget use body-parser middleware?';

type FetchAPI = { Response: typeof Response };

function text(fetchAPI: FetchAPI, status: number, message: string, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(message, { status, headers: { 'content-type': PLAIN_TEXT, ...headers } });
}

/** Apollo's JSON body: the answer, then a newline. */
function json(fetchAPI: FetchAPI, status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new fetchAPI.Response(`${JSON.stringify(body)}\n`, {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** A refusal answered before any operation runs, with Apollo's status and body. */
class RequestRefusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

interface PersistedQueryExtension {
  version?: unknown;
  sha256Hash?: unknown;
}

/** The persisted queries an instance has been sent with their hashes, oldest first. */
export class PersistedQueries {
  private readonly byHash = new Map<string, string>();

  get(hash: string): string | undefined {
    return this.byHash.get(hash);
  }

  remember(hash: string, query: string): void {
    this.byHash.delete(hash);
    this.byHash.set(hash, query);
    if (this.byHash.size > PERSISTED_QUERY_LIMIT) {
      const oldest = this.byHash.keys().next().value;
      if (oldest !== undefined) this.byHash.delete(oldest);
    }
  }

  get size(): number {
    return this.byHash.size;
  }
}

function sha256(textValue: string): string {
  return createHash('sha256').update(textValue).digest('hex');
}

/** `variables` / `extensions` as Apollo reads them: a JSON string is parsed (on GET and on POST alike). */
function decodeJsonParam(value: unknown, message: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new RequestRefusal(400, message);
  }
}

const PERSISTED_QUERY_NOT_FOUND = {
  errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }],
};

/** What Apollo does with one operation's parameters before running it; a refusal or a ready answer is thrown. */
function prepareOperation(raw: unknown, persisted: PersistedQueries): GraphQLParams {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw as GraphQLParams;
  const source = raw as Record<string, unknown>;
  const variables = decodeJsonParam(source.variables, 'Variables are invalid JSON.');
  const extensionsParam = decodeJsonParam(source.extensions, 'Extensions are invalid JSON.');
  let query = source.query;
  const extensions = extensionsParam as { persistedQuery?: PersistedQueryExtension } | null | undefined;
  const apq = extensions && typeof extensions === 'object' ? extensions.persistedQuery : undefined;
  if (apq && typeof apq === 'object') {
    if (apq.version !== 1) throw new RequestRefusal(400, 'Unsupported persisted query version');
    const hash = typeof apq.sha256Hash === 'string' ? apq.sha256Hash : '';
    if (query === undefined || query === null || query === '') {
      const known = persisted.get(hash);
      if (known === undefined) throw new PersistedQueryMiss();
      query = known;
    } else if (typeof query === 'string') {
      if (sha256(query) !== hash) throw new RequestRefusal(400, 'provided sha does not match query');
      persisted.remember(hash, query);
    }
  }
  if (query === undefined || query === null || query === '') {
    throw new RequestRefusal(400, 'Must provide query string.');
  }
  if (typeof query !== 'string') {
    const isDocument = typeof query === 'object' && (query as { kind?: unknown }).kind === 'Document';
    throw new RequestRefusal(
      400,
      isDocument
        ? 'GraphQL queries must be strings. It looks like you\'re sending the internal graphql-js representation of a parsed query in your request instead of a request in the GraphQL query language. You can convert an AST to a string using the `print` function from `graphql`, or use a client like `apollo-client` which converts the internal representation to a string for you.'
        : 'GraphQL queries must be strings.',
    );
  }
  // The parameters as sent, unless something was decoded or filled in: then a copy, leaving the parsed body as it
  // was. (In a profile of the bench mix, copying every request's parameters was most of this function's time.)
  if (variables === source.variables && extensionsParam === source.extensions && query === source.query) return source as GraphQLParams;
  return { ...source, variables, extensions: extensionsParam, query } as GraphQLParams;
}

class PersistedQueryMiss {}

/** The parameters of a GET request, read from its query string. */
function getParams(url: URL): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const key of ['query', 'variables', 'operationName', 'extensions'] as const) {
    const value = url.searchParams.get(key);
    if (value !== null) params[key] = value;
  }
  return params;
}

function wantsHtml(request: Request): boolean {
  return (request.headers.get('accept') ?? '').includes('text/html');
}

/**
 * The request side: health check, methods, and the parameters of each operation (persisted queries, JSON-string
 * variables, missing or malformed queries). Goes after the request limits, whose body checks run first.
 */
export function apolloRequests(options: { graphqlEndpoint: string; persisted: PersistedQueries }): Plugin {
  const { graphqlEndpoint, persisted } = options;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === APOLLO_HEALTH_PATH) {
        endResponse(
          request.method === 'GET' || request.method === 'HEAD'
            ? new fetchAPI.Response(JSON.stringify({ status: 'pass' }), { status: 200, headers: { 'content-type': 'application/health+json' } })
            : text(fetchAPI, 405, 'Method Not Allowed', { allow: 'GET, HEAD' }),
        );
        return;
      }
      if (url.pathname !== graphqlEndpoint) return;
      if (request.method !== 'GET' && request.method !== 'POST' && request.method !== 'OPTIONS') {
        endResponse(text(fetchAPI, 405, 'Apollo Server supports only GET/POST requests.', { allow: 'GET, POST' }));
        return;
      }
      // A browser asking for a page gets the playground (as from Apollo's); anything else with no parameters is refused.
      if (request.method === 'GET' && [...url.searchParams.keys()].length === 0 && !wantsHtml(request)) {
        endResponse(text(fetchAPI, 400, 'GET query missing.'));
      }
    },
    onRequestParse({ request, url, requestParser, setRequestParser, fetchAPI }) {
      if (url.pathname !== graphqlEndpoint || !requestParser) return;
      const inner = requestParser;
      setRequestParser(async (req) => {
        try {
          if (request.method === 'GET') return prepareOperation(getParams(url), persisted);
          const parsed = await inner(req);
          if (parsed instanceof fetchAPI.Response) return parsed;
          if (Array.isArray(parsed)) {
            if (parsed.length === 0) return text(fetchAPI, 500, POST_BODY_MISSING);
            return parsed.map((p) => prepareOperation(p, persisted));
          }
          if (typeof parsed === 'object' && parsed !== null && Object.keys(parsed).length === 0) {
            return text(fetchAPI, 500, POST_BODY_MISSING);
          }
          return prepareOperation(parsed, persisted);
        } catch (error) {
          if (error instanceof RequestRefusal) return text(fetchAPI, error.status, error.message, error.headers);
          if (error instanceof PersistedQueryMiss) {
            return json(fetchAPI, 200, PERSISTED_QUERY_NOT_FOUND, { 'cache-control': 'private, no-cache, must-revalidate' });
          }
          throw error;
        }
      });
    },
  };
}

/** An Apollo-style error at HTTP 400 (`spec: false` keeps yoga from answering 200 to `accept: application/json`). */
function badRequest(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    extensions: { ...error.extensions, code, http: { status: 400, spec: false } },
  });
}

interface Extensions {
  code?: string;
  http?: { status?: number; spec?: boolean; headers?: Record<string, string> };
}

/** graphql-js's words for an unknown operation name, which Apollo Server 2 sends (yoga has its own). */
function operationResolutionMessage(params: GraphQLParams | undefined): string {
  return params?.operationName
    ? `Unknown operation named "${params.operationName}".`
    : 'Must provide operation name if query contains multiple operations.';
}

/**
 * The answer side: error codes and HTTP statuses. Goes where the validation codes must be set, before the request
 * limits (whose own errors already carry a code and a status).
 */
export function apolloResponses(): Plugin {
  const paramsOf = new WeakMap<Request, GraphQLParams>();
  return {
    onParams({ request, params }) {
      paramsOf.set(request, params);
    },
    onValidate() {
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((e) => badRequest(e, 'GRAPHQL_VALIDATION_FAILED')));
      };
    },
    onResultProcess({ request, result, setResultProcessor }) {
      if (Symbol.asyncIterator in result) return;
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        for (const error of one.errors ?? []) {
          const extensions = error.extensions as Extensions;
          if (extensions.code === 'OPERATION_RESOLUTION_FAILURE') {
            const message = operationResolutionMessage(Array.isArray(result) ? undefined : paramsOf.get(request));
            (error as { message: string }).message = message;
            extensions.code = 'INTERNAL_SERVER_ERROR';
          }
          // Yoga marks parse errors itself (code GRAPHQL_PARSE_FAILED) but answers them with 200 to JSON clients.
          if (extensions.code === 'GRAPHQL_PARSE_FAILED') extensions.http = { status: 400, spec: false };
          // Apollo Server gives every error a code: INTERNAL_SERVER_ERROR when the error brought none.
          if (extensions.code === undefined) extensions.code = 'INTERNAL_SERVER_ERROR';
        }
      }
      if (Array.isArray(result)) return;
      const errors = result.errors ?? [];
      // Yoga's refusal of a mutation (or subscription) sent by GET; Apollo answers it in plain text.
      const viaGet = errors.find((e) => (e.extensions as Extensions).http?.status === 405 && e.message.startsWith('Can only perform a '));
      if (viaGet && request.method === 'GET') {
        setResultProcessor((_r, fetchAPI) => text(fetchAPI, 405, 'GET supports only query operation', { allow: 'POST' }), PLAIN_TEXT);
        return;
      }
      // Apollo's rule: an answer with errors that never reached execution (no `data`) is a 400.
      if (errors.length > 0 && !('data' in result && result.data !== undefined)) {
        for (const error of errors) {
          const extensions = error.extensions as Extensions;
          if (extensions.http?.status === undefined) extensions.http = { ...extensions.http, status: 400, spec: false };
        }
      }
    },
  };
}
