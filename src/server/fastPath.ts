import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalizeNodeRequest, sendNodeResponse } from '@whatwg-node/server';
import type { GraphQLParams, Plugin, PromiseOrValue, YogaServer } from 'graphql-yoga';
import { maskError } from './errors.js';
import { jsonTooDeep } from './jsonDepth.js';

/**
 * The dev server's common request, a GraphQL operation POSTed as JSON, answered without the parts of yoga's HTTP
 * handling that do nothing for it: the request hooks (which all look at other paths, methods or origins), reading the
 * parameters through eight request-parsing hooks, and the promise chains joining them. Skipping them raised the
 * bench mix's throughput by a quarter to a third (`node bench/run.mjs --only throughput`, this machine). Here
 * the body is read once and, when it is an ordinary operation, handed straight to yoga's own `getResultForParams`
 * (the parameter hooks, parse, validate, execute: journal, limits, budget, Apollo codes all apply) and to yoga's
 * result-processing hooks (Apollo's statuses, the journal, content negotiation); the answer leaves through
 * whatwg-node's own `sendNodeResponse`, so its bytes are the same.
 *
 * What is skipped, and why that changes nothing, for the requests taken (see `takes` and `operationParams`):
 *
 * - the request hooks: every one of them acts on another path (`/health`, `/_mock`, `/token`, `/`, Apollo's health
 *   check, yoga's unknown-path answer) or another method (GraphiQL's GET, CORS's OPTIONS, Apollo's method check),
 *   but the journal's, which notes the arrival: without it the journal notes it when the parameters come, a few
 *   microseconds later;
 * - the response hooks: CORS adds headers only for a request with an `Origin` (not taken), the IDE page's delivery
 *   only touches GET answers, and `--state-sync`'s settling is a reason not to take any request;
 * - the request-parsing hooks: for a body that is a JSON object with a non-empty string `query`, object or absent
 *   `variables`, string or absent `operationName` and no `extensions`, they all come to the parsed object itself
 *   (src/server/limits.ts's reading, src/server/apollo.ts's `prepareOperation`, yoga's batching and parameter
 *   checks). Any other body goes through yoga's whole handling, on the same Request, whose text whatwg-node keeps.
 *
 * `mock.fetch` (in-process, no Node request) always goes through yoga's whole handling.
 *
 * A plugin added to the server with request or response hooks, or a request-parsing hook that does something for
 * such a request, must be reflected here (test/server/fastPath.test.ts compares both paths on a range of requests).
 */

type ResultHook = NonNullable<Plugin<Record<string, unknown>, Record<string, unknown>>['onResultProcess']>;
type ResultPayload = Parameters<ResultHook>[0];
type ResultProcessor = Parameters<ResultPayload['setResultProcessor']>[0];
type ServerContext = ResultPayload['serverContext'];
type FetchAPI = Parameters<typeof normalizeNodeRequest>[1];

/** What the fast path uses of the yoga instance (createYoga's result) it serves for. */
export interface YogaHandler {
  readonly fetchAPI: FetchAPI;
  /** The adapter's whole handling of a Request: request hooks, yoga, response hooks. */
  handleRequest(request: Request, context: ServerContext): PromiseOrValue<Response>;
}

export interface FastPathOptions {
  /** The GraphQL path (`/v1`): only requests for exactly it are taken. */
  endpoint: string;
  maxBodyBytes: number | null;
  maxJsonDepth: number | null;
  /** False turns the fast path off (`--state-sync` settles each answer in a response hook). */
  enabled: boolean;
}

export interface FastPath {
  /** Lets the fast path find yoga's server and the plugins' result hooks; goes among createYoga's plugins. */
  readonly plugin: Plugin;
  /**
   * Answers the request (true) when it has the common shape; false leaves it, unread, to yoga. `yoga` is the
   * instance the plugin went into.
   */
  serve(request: IncomingMessage, response: ServerResponse, yoga: YogaHandler): boolean;
}

/** How many requests the fast path answered, and how many it read and handed back to yoga: for the tests. */
export const fastPathCounts = { answered: 0, handedBack: 0 };

/** The parameters yoga and Apollo's handling accept as they are; anything else is theirs to answer. */
const OPERATION_KEYS = new Set(['query', 'variables', 'operationName']);

/**
 * The operation's parameters when the body is an ordinary operation (see the module's comment), else null. Follows
 * the checks of src/server/limits.ts's JSON reading, apollo.ts's `prepareOperation` and yoga's parameter check.
 */
export function operationParams(text: string, maxJsonDepth: number | null): GraphQLParams | null {
  if (maxJsonDepth !== null && jsonTooDeep(text, maxJsonDepth)) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const params = body as Record<string, unknown>;
  // As yoga's parameter check walks them (for…in); a null-valued extra key is ignored there, but not worth a rule here.
  for (const key in params) if (!OPERATION_KEYS.has(key)) return null;
  const { query, variables, operationName } = params;
  if (typeof query !== 'string' || query === '') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  return params as GraphQLParams;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

export function createFastPath(options: FastPathOptions): FastPath {
  const { endpoint, maxBodyBytes, maxJsonDepth } = options;
  let server: YogaServer<Record<string, unknown>, Record<string, unknown>> | undefined;
  let plugins: readonly unknown[] = [];
  let resultHooks: ResultHook[] | undefined;

  /** The request's headers say it is a JSON operation for the endpoint, with a body of known size, from no page. */
  const takes = (request: IncomingMessage): boolean => {
    if (request.method !== 'POST' || request.url !== endpoint) return false;
    const { headers } = request;
    if (headers.origin !== undefined || headers['transfer-encoding'] !== undefined) return false;
    const mediaType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') return false;
    const length = headers['content-length'];
    if (length === undefined || !/^\d+$/.test(length) || Number(length) === 0) return false;
    return maxBodyBytes === null || Number(length) <= maxBodyBytes;
  };

  /** yoga's own `processResult` (not exported): the plugins' result hooks in order, then the processor they chose. */
  const processResult = async (request: Request, first: ResultPayload['result'], serverContext: ServerContext, fetchAPI: FetchAPI): Promise<Response> => {
    // The plugin list is complete once yoga is built; the hooks are taken from it in yoga's order on first use.
    resultHooks ??= plugins.flatMap((plugin) => {
      const hook = (plugin as Plugin<Record<string, unknown>, Record<string, unknown>> | null)?.onResultProcess;
      return hook ? [hook] : [];
    });
    let result = first;
    let resultProcessor: ResultProcessor | undefined;
    let acceptedMediaType = '*/*';
    const acceptableMediaTypes: string[] = [];
    for (const hook of resultHooks) {
      const done = hook({
        request,
        acceptableMediaTypes,
        result,
        setResult(next) {
          result = next;
        },
        resultProcessor,
        setResultProcessor(processor, mediaType) {
          resultProcessor = processor;
          acceptedMediaType = mediaType;
        },
        serverContext,
      });
      if (isPromiseLike(done)) await done;
    }
    if (!resultProcessor) {
      return new fetchAPI.Response(null, {
        status: 406,
        statusText: 'Not Acceptable',
        headers: { accept: acceptableMediaTypes.join('; charset=utf-8, ') },
      });
    }
    return resultProcessor(result, fetchAPI, acceptedMediaType);
  };

  const answer = async (nodeRequest: IncomingMessage, nodeResponse: ServerResponse, yoga: YogaHandler, own: NonNullable<typeof server>) => {
    const { fetchAPI } = yoga;
    // As the adapter builds them for every Node request (src: @whatwg-node/server's requestListener).
    const serverContext: ServerContext = { req: nodeRequest, res: nodeResponse, waitUntil: keepGoing };
    const request = normalizeNodeRequest(nodeRequest, fetchAPI, nodeResponse, fetchAPI.Request !== globalThis.Request);
    let params: GraphQLParams | null = null;
    try {
      params = operationParams(await request.text(), maxJsonDepth);
    } catch {
      // A body that could not be read (the client went away) is yoga's to answer, as it would have been.
    }
    let response: Response;
    if (params === null) {
      // Everything yoga does, on this very Request: whatwg-node keeps the text it read, for the parser to read again.
      fastPathCounts.handedBack += 1;
      response = await yoga.handleRequest(request, serverContext);
    } else {
      fastPathCounts.answered += 1;
      try {
        // yoga hands whatever the parameters' handling gave on to the result hooks, as here.
        const result = (await own.getResultForParams({ params, request }, serverContext)) as ResultPayload['result'];
        response = await processResult(request, result, serverContext, fetchAPI);
      } catch (error) {
        // What yoga's handler does with an error its hooks threw (nothing on this path throws for these parameters).
        const aborted = (error as { name?: unknown } | null)?.name === 'AbortError';
        response = await processResult(request, { errors: aborted ? [] : [maskError(error)] }, serverContext, fetchAPI);
      }
    }
    await sendNodeResponse(response, nodeResponse, nodeRequest, true);
  };

  return {
    plugin: {
      onPluginInit({ plugins: all }) {
        plugins = all;
      },
      onYogaInit({ yoga }) {
        server = yoga;
      },
    },
    serve(request, response, yoga) {
      const own = server;
      if (!options.enabled || !own || !takes(request)) return false;
      answer(request, response, yoga, own).catch(() => {
        // Nothing above throws short of a bug. The adapter would answer the error's stack; this answers without it,
        // or, if the answer had begun, cuts it off rather than finish it wrongly.
        if (response.headersSent) {
          response.destroy();
          return;
        }
        const body = JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        response.end(body);
      });
      return true;
    },
  };
}

/** `waitUntil` of the server context: nothing on this path hands it work, and a failure would have nowhere to go. */
function keepGoing(promise: Promise<unknown> | void): void {
  if (promise) promise.catch(() => undefined);
}
