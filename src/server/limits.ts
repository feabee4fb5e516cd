import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { GraphQLArmorConfig } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { GraphQLParams, Plugin, YogaServerOptions } from 'graphql-yoga';
import { ConfigError, type MockLimits } from '../config/config.js';
import { responseBudgetPlugin } from './budget.js';
import { corsPolicy } from './origin.js';
import { jsonDepthError, jsonTooDeep } from './jsonDepth.js';

/**
 * Input limits and request hygiene. houston-mock runs inside other people's test suites and CI, so a runaway or
 * malformed request must get a clear GraphQL error, never a hang, a crash or a stack trace.
 *
 * - query depth, aliases, directives (validation) and tokens (parsing): graphql-armor's envelop plugins, with our
 *   own messages naming the setting to raise;
 * - request body size: checked on `content-length` (Node's HTTP server never reads past it), or counted while
 *   reading a body sent without one (chunked); batch size: graphql-yoga's own `batching`;
 * - a POST that is not `application/json` (or `application/graphql`), or whose JSON does not parse, answers
 *   HTTP 400 with `{ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] }`. Houston (Apollo Server 2 behind
 *   Express's JSON body parser) also refuses such requests with a 400, though with a different body.
 */

const LIMIT_KEYS = ['maxDepth', 'maxAliases', 'maxTokens', 'maxDirectives', 'maxBodyBytes', 'maxBatch', 'maxResponseValues', 'maxJsonDepth'] as const;

/** Checks the bounds from the config (whole numbers ≥ 0, or null), the CORS origins and allowed hosts; throws ConfigError. */
export function checkLimits(limits: MockLimits, corsOrigins: unknown, allowedHosts: unknown = []): void {
  for (const key of LIMIT_KEYS) {
    const value: unknown = limits[key];
    if (value === null) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new ConfigError(`config key "houstonMock.limits.${key}" must be a whole number ≥ 0 or null, got ${JSON.stringify(value)}`);
    }
  }
  if (!Array.isArray(corsOrigins) || !corsOrigins.every((o) => typeof o === 'string' && o.length > 0)) {
    throw new ConfigError(`config key "houstonMock.corsOrigins" must be a list of origins (["*"] for any, [] for none)`);
  }
  if (!Array.isArray(allowedHosts) || !allowedHosts.every((h) => typeof h === 'string' && /^[*.]?[\w.:[\]-]*$/.test(h) && h.length > 0)) {
    throw new ConfigError(`config key "houstonMock.allowedHosts" must be a list of host names (["*"] for any)`);
  }
}

/**
 * A limit error, answered with HTTP 400 like any query Houston refuses before running it: Apollo's validation code
 * (as Apollo's depth-limit rules use) for depth, aliases and directives, its parse code for the token count, which
 * stops the parser.
 */
function limitError(armorMessage: string, setting: keyof MockLimits): GraphQLError {
  // graphql-armor prefixes every rejection with "Syntax Error: ", which is misleading for a valid but oversized query.
  const message = armorMessage.replace(/^Syntax Error: /, '');
  const code = setting === 'maxTokens' ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED';
  return new GraphQLError(`${message} Raise houstonMock.limits.${setting} to allow it.`, {
    extensions: { code, http: { status: 400, spec: false } },
  });
}

function armorConfig(limits: MockLimits): GraphQLArmorConfig {
  // Validation rules report the error and let validation finish, so all problems come back in one answer.
  const report = (setting: keyof MockLimits) => ({
    propagateOnRejection: false,
    onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(limitError(error.message, setting))],
  });
  return {
    // Houston (Apollo Server 2 on graphql-js) suggests field names ("Did you mean …?"), and clients match on it.
    blockFieldSuggestion: { enabled: false },
    // Its cost model only knows `first`/`last`; Houston paginates with `take`. Depth and aliases bound the work.
    costLimit: { enabled: false },
    maxDepth: limits.maxDepth === null ? { enabled: false } : { n: limits.maxDepth, ignoreIntrospection: true, ...report('maxDepth') },
    maxAliases: limits.maxAliases === null ? { enabled: false } : { n: limits.maxAliases, ...report('maxAliases') },
    maxDirectives: limits.maxDirectives === null ? { enabled: false } : { n: limits.maxDirectives, ...report('maxDirectives') },
    maxTokens:
      limits.maxTokens === null
        ? { enabled: false }
        : {
            n: limits.maxTokens,
            // Parsing cannot "report and continue": stop the parser at the first token over the limit.
            propagateOnRejection: false,
            onReject: [
              (_context: ValidationContext | null, error: GraphQLError) => {
                throw limitError(error.message, 'maxTokens');
              },
            ],
          },
  };
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400, spec: false } } });
}

function tooLarge(limit: number): GraphQLError {
  return new GraphQLError(`Request body too large: the limit is ${limit} bytes. Raise houstonMock.limits.maxBodyBytes to allow it.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  });
}

/** Reads a body sent without `content-length`, giving up as soon as it passes `limit` bytes. */
async function readLimited(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The request media types the API accepts on POST (what the Astro CLI and GraphQL clients send). */
const ACCEPTED_TYPES = new Set(['application/json', 'application/graphql']);

/**
 * Rejects POST bodies the API does not read or that are too large, and rewords yoga's parse failures without their
 * internals. Yoga's own `maxRequestBodySize` pipes every body through a stream transform, which tripled the cost of
 * a small request; checking `content-length` first keeps the common case free.
 */
function requestShape(maxBodyBytes: number | null, maxJsonDepth: number | null): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (request.method !== 'POST') return undefined;
      const contentType = request.headers.get('content-type');
      const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
      if (!ACCEPTED_TYPES.has(mediaType)) {
        throw badRequest(
          contentType
            ? `Unsupported content-type "${mediaType}": send the GraphQL request as application/json.`
            : 'Missing content-type: send the GraphQL request as application/json.',
        );
      }
      const declared = request.headers.get('content-length');
      if (maxBodyBytes !== null && declared !== null) {
        if (!/^\d+$/.test(declared)) throw badRequest('Content-Length header is invalid.');
        if (Number(declared) > maxBodyBytes) throw tooLarge(maxBodyBytes);
      }
      const countWhileReading = declared === null ? maxBodyBytes : null;
      if (mediaType === 'application/json') {
        // Read and parsed here rather than by yoga's parser (which only calls request.json()): the text's nesting is
        // checked before JSON.parse, and a parse failure is answered without the parser's message (it quotes the body).
        setRequestParser(async (req) => {
          const text =
            countWhileReading !== null && req.body ? new TextDecoder().decode(await readLimited(req.body, countWhileReading)) : await req.text();
          if (maxJsonDepth !== null && jsonTooDeep(text, maxJsonDepth)) throw jsonDepthError(maxJsonDepth);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            throw badRequest('POST body sent invalid JSON.');
          }
          if (body === null || typeof body !== 'object') throw badRequest(`POST body is expected to be object but received ${body === null ? 'null' : typeof body}`);
          return body as GraphQLParams | GraphQLParams[];
        });
      } else if (requestParser && countWhileReading !== null) {
        const parse = requestParser;
        setRequestParser(async (req) => {
          if (!req.body) return parse(req);
          const body = await readLimited(req.body, countWhileReading);
          return parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body }));
        });
      }
      return {
        onRequestParseDone({ requestParserResult }) {
          // Yoga answers a missing query with 200 to `accept: application/json`; every other malformed request is a 400.
          const params = Array.isArray(requestParserResult) ? requestParserResult : [requestParserResult];
          for (const p of params) {
            if (p.query === undefined || p.query === null || p.query === '') throw badRequest('Must provide query string.');
          }
        },
      };
    },
  };
}

export type LimitOptions = Pick<YogaServerOptions<Record<string, unknown>, Record<string, unknown>>, 'maxRequestBodySize' | 'batching' | 'cors' | 'multipart'> & {
  plugins: Plugin[];
};

/** The createYoga options that enforce the limits and the CORS policy; spread them into createYoga's options. */
export function limitOptions(limits: MockLimits, corsOrigins: readonly string[], allowedHosts: readonly string[] = []): LimitOptions {
  checkLimits(limits, corsOrigins, allowedHosts);
  return {
    // Enforced by requestShape (see there); yoga's own check would run on every request.
    maxRequestBodySize: false,
    batching: limits.maxBatch === 0 ? false : { limit: limits.maxBatch ?? Number.MAX_SAFE_INTEGER },
    // File uploads are not part of Houston's API.
    multipart: false,
    cors: corsPolicy(corsOrigins),
    plugins: [requestShape(limits.maxBodyBytes, limits.maxJsonDepth), EnvelopArmorPlugin(armorConfig(limits)) as Plugin, responseBudgetPlugin(limits.maxResponseValues)],
  };
}

