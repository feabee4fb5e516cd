import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError, getOperationAST } from 'graphql';
import { authorize } from '../auth/permissions.js';
import { resolveCaller } from '../auth/caller.js';
import { createTokenSigner, type TokenSigner } from '../auth/tokens.js';
import { resolveConfig, type ConfigInput, type HoustonConfig, type MockLimits, type MockSettings } from '../config/config.js';
import { createClock, type Clock, type ClockOption } from '../core/clock.js';
import { seedPlatform } from '../fixtures/seed.js';
import type { HoustonContext, RequestNotes } from '../resolvers/context.js';
import { populateDefaultCluster } from '../resolvers/clusters/store.js';
import { buildHoustonSchema } from '../resolvers/index.js';
import { emptyPlatform, type PlatformData, type Store } from '../store/state.js';
import { maskError } from './errors.js';
import { limitOptions } from './limits.js';
import { attachSubscriptionServer, type SubscriptionServer } from './subscriptions.js';
import { silentLogger, type Logger } from './logger.js';
import { playgroundPage } from './playground.js';
import { tokenPagePlugin } from './tokenPage.js';

export interface HoustonMockOptions {
  /** Houston configuration keys (Houston's own shape or Astronomer's `astronomer.houston.config`) and the mock's section. */
  config?: ConfigInput;
  /** Platform version to emulate (schema and defaults); overrides `platformVersion` from the config. */
  platformVersion?: string;
  /** Seed for the generated platform; `null` starts an empty platform (no users, no workspaces). Default 1. */
  seed?: number | null;
  /** `large` seeds a platform big enough for demos and benchmarks. */
  scale?: 'small' | 'large';
  /** Start from this platform data instead of seeding (a fixture or a saved state). */
  data?: PlatformData;
  /** Time source: frozen at a fixed instant by default (deterministic), `'system'` for wall-clock time. */
  clock?: ClockOption;
  /** Secret for signing user JWTs. Default: the config's `houstonMock.jwtSecret`, else random per instance. */
  jwtSecret?: string;
  /** Bounds on a single request (query depth, aliases, tokens, directives, body bytes, batch size); null lifts one. */
  limits?: Partial<MockLimits>;
  /**
   * Answer fields that have no stateful implementation with generated data (marked in the answer's extensions and
   * the journal) instead of a NOT_IMPLEMENTED error. Off by default.
   */
  automockUnimplemented?: boolean;
  /** Key that unlocks the control API (`/_mock/…`). Default: the config's `houstonMock.adminKey`, else random. */
  adminKey?: string;
  /** Origins allowed to call the API from a browser: `['*']` (default) any, `[]` none. */
  corsOrigins?: string[];
  logger?: Logger;
}

export interface HoustonMock {
  /** Serves a request in-process (no socket), like `fetch`: `await mock.fetch('http://mock/v1', { method: 'POST', … })`. */
  fetch: YogaServerInstance<Record<string, unknown>, HoustonContext>['fetch'];
  /** Starts an HTTP server; resolves to its base URL (`http://HOST:PORT`). Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** The GraphQL URL once listening (`http://HOST:PORT/v1`). */
  readonly url: string | undefined;
  readonly store: Store;
  readonly config: HoustonConfig;
  readonly settings: MockSettings;
  readonly clock: Clock;
  readonly platformVersion: string;
  readonly warnings: readonly string[];
  /** Issues a user token as `createToken` would, without a password: for tests and tools. */
  issueToken(userId: string): Promise<string>;
  /**
   * Calls `listener` after anything may have changed the platform (every executed mutation, and the control
   * operations); returns a function that removes it. The dev server's `--state-file` saves on it.
   */
  onStateChange(listener: () => void): () => void;
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

/**
 * Houston (Apollo Server 2) answers a query that does not parse or does not validate against the schema with
 * HTTP 400 and the codes GRAPHQL_PARSE_FAILED / GRAPHQL_VALIDATION_FAILED; so do we.
 */
const apolloStatusCodes: Plugin = {
  onValidate() {
    return ({ result, setResult }) => {
      if (result.length > 0) setResult(result.map((e) => badRequest(e, 'GRAPHQL_VALIDATION_FAILED')));
    };
  },
  onResultProcess({ result }) {
    // Yoga marks parse errors itself (code GRAPHQL_PARSE_FAILED) but answers them with 200 to JSON clients.
    if (Array.isArray(result) || !('errors' in result)) return;
    for (const error of result.errors ?? []) {
      const extensions = error.extensions as { code?: string; http?: { status?: number; spec?: boolean } };
      if (extensions.code === 'GRAPHQL_PARSE_FAILED') extensions.http = { status: 400, spec: false };
    }
  },
};

/** Tells `notify` after every executed mutation (whatever its outcome: a failed one may still have changed nothing). */
function mutationNotifier(notify: () => void): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      return { onExecuteDone: () => notify() };
    },
  };
}

export function createHoustonMock(options: HoustonMockOptions = {}): HoustonMock {
  const input: ConfigInput = {
    houston: { ...options.config?.houston, ...(options.platformVersion ? { platformVersion: options.platformVersion } : {}) },
    mock: {
      ...options.config?.mock,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.scale ? { scale: options.scale } : {}),
      ...(options.jwtSecret ? { jwtSecret: options.jwtSecret } : {}),
      ...(options.limits ? { limits: { ...(options.config?.mock?.limits as object | undefined), ...options.limits } } : {}),
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.automockUnimplemented !== undefined ? { automockUnimplemented: options.automockUnimplemented } : {}),
      ...(options.adminKey ? { adminKey: options.adminKey } : {}),
    },
  };
  const resolved = resolveConfig(input);
  const logger = options.logger ?? silentLogger;
  for (const warning of resolved.warnings) logger.warn(warning);
  const config = resolved.houston;
  const settings = resolved.mock;
  const clock = createClock(options.clock);
  const store: Store = { data: options.data ?? emptyPlatform(settings.seed ?? 0), clock, config };
  // Unified mode's populate-default-cluster (1.0+) runs first, so seeded deployments can land on the cluster.
  populateDefaultCluster(store);
  if (!options.data && settings.seed !== null) seedPlatform(store, { scale: settings.scale });
  // Not from the seeded source on purpose: a token from one run must not be valid against another instance.
  const tokens: TokenSigner = createTokenSigner(settings.jwtSecret ?? randomBytes(32).toString('hex'));
  const schema = buildHoustonSchema(config.platformVersion, { automock: settings.automockUnimplemented });

  /** The request context for an `authorization` value: shared by HTTP requests and websocket connections. */
  const contextFor = async (authorization: string | null): Promise<HoustonContext> => {
    const caller = await resolveCaller(store, tokens, authorization);
    const notes: RequestNotes = { decisions: [], automocked: [] };
    return {
      store,
      caller,
      platformVersion: config.platformVersion,
      mock: settings,
      tokens,
      notes,
      authorize(anyOf, entity) {
        try {
          authorize(store, caller, anyOf, entity);
        } catch (error) {
          notes.decisions.push({ anyOf, entity, allowed: false });
          throw error;
        }
        notes.decisions.push({ anyOf, entity, allowed: true });
      },
    };
  };

  const changeListeners = new Set<() => void>();
  const notifyChange = () => {
    for (const listener of [...changeListeners]) listener();
  };

  const { plugins: limitPlugins, ...limitSettings } = limitOptions(settings.limits, settings.corsOrigins);
  const yoga = createYoga<Record<string, unknown>, HoustonContext>({
    schema,
    ...limitSettings,
    graphqlEndpoint: '/v1',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    graphiql: { title: 'Houston API (houston-mock)', headers: JSON.stringify({ authorization: '' }, null, 2) },
    renderGraphiQL: playgroundPage,
    plugins: [apolloStatusCodes, tokenPagePlugin(), ...limitPlugins, mutationNotifier(notifyChange)],
    context: ({ request }) => contextFor(request.headers.get('authorization')),
  });

  let server: Server | undefined;
  let subscriptions: SubscriptionServer | undefined;
  let url: string | undefined;

  return {
    fetch: yoga.fetch,
    get url() {
      return url;
    },
    store,
    config,
    settings,
    clock,
    platformVersion: config.platformVersion,
    warnings: resolved.warnings,
    async issueToken(userId) {
      const signed = await tokens.sign(userId, clock.now(), config.jwt.authDuration);
      return signed.value;
    },
    onStateChange(listener) {
      changeListeners.add(listener);
      return () => {
        changeListeners.delete(listener);
      };
    },
    listen(port = 8871, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('houston-mock is already listening'));
      const http = createServer(yoga);
      server = http;
      subscriptions = attachSubscriptionServer(http, { schema, contextFor, logger });
      return new Promise<string>((resolve, reject) => {
        http.once('error', (error) => {
          server = undefined;
          void subscriptions?.close();
          subscriptions = undefined;
          reject(error);
        });
        http.listen(port, host, () => {
          const address = http.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          const base = `http://${shownHost}:${address.port}`;
          url = `${base}/v1`;
          logger.info(`listening on ${url}`);
          resolve(base);
        });
      });
    },
    async close() {
      const http = server;
      const sockets = subscriptions;
      server = undefined;
      subscriptions = undefined;
      url = undefined;
      // Websockets first: an upgraded socket would otherwise keep the HTTP server from closing.
      await sockets?.close();
      if (!http) return;
      await new Promise<void>((resolve, reject) => {
        http.close((error) => (error ? reject(error) : resolve()));
        http.closeAllConnections();
      });
    },
  };
}
