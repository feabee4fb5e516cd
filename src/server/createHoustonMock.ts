import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createYoga, type GraphiQLOptions, type Plugin } from 'graphql-yoga';
import type { DocumentNode } from 'graphql';
import { authorize, type Caller } from '../auth/permissions.js';
import { resolveCaller } from '../auth/caller.js';
import { createTokenSigner, type TokenSigner } from '../auth/tokens.js';
import { resolveConfig, type ConfigInput, type HoustonConfig, type MockLimits, type MockSettings } from '../config/config.js';
import { createClock, isoAt, markClock, returnToMark, type Clock, type ClockMark, type ClockOption } from '../core/clock.js';
import { seededScope, seedPlatform } from '../fixtures/seed.js';
import type { HoustonContext, RequestNotes } from '../resolvers/context.js';
import { populateDefaultCluster } from '../resolvers/clusters/store.js';
import { isDeploymentStatus, setDeploymentStatus, STATUS_TYPES, type DeploymentStatusType } from '../resolvers/deployments/store.js';
import { buildHoustonSchema } from '../resolvers/index.js';
import { schemaDocument, type SchemaSource } from '../schema/schemaFile.js';
import { derived, platformChanged, rowChanged } from '../store/lookups.js';
import { deleteRow, insertRow, returnTo, writable } from '../store/rows.js';
import { capture, type Capture, type RowOf, type TableName } from '../store/tables.js';
import { cloneData, emptyPlatform, parsePlatformData, TABLE_NAMES, type PlatformData, type Store } from '../store/state.js';
import { createFaults, type Faults } from '../control/faults.js';
import { ControlError, controlApiPlugin, type ControlOperations } from '../control/http.js';
import { createJournal, type Journal } from '../control/journal.js';
import { journalAndFaultsPlugin, operationInfo } from '../control/plugin.js';
import { gitSyncControl, rolloutControl, simulationRoutes } from '../control/simulation.js';
import { createSimulation, type GitSyncControl, type RolloutControl } from '../store/simulation.js';
import { apolloRequests, apolloResponses, PersistedQueries } from './apollo.js';
import { maskError } from './errors.js';
import { limitOptions } from './limits.js';
import { refusal, refuse } from './origin.js';
import { settlePlugin } from './settle.js';
import { attachSubscriptionServer, type SubscriptionServer } from './subscriptions.js';
import { silentLogger, type Logger } from './logger.js';
import { playgroundDelivery, playgroundPage } from './playground.js';
import { playgroundTabs } from './playgroundTabs.js';
import { tokenPagePlugin } from './tokenPage.js';
import { validationCachePlugin } from './validationCache.js';
import { createFastPath } from './fastPath.js';

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
  /** Origins allowed to call the API from a browser: pages on this machine by default (`http://localhost:*`, …), `['*']` any, `[]` none. */
  corsOrigins?: string[];
  /** Host names a server listening on loopback answers besides localhost, 127.0.0.1 and [::1]; `['*']` any. */
  allowedHosts?: string[];
  /**
   * Awaited before answering a request or websocket operation during which the platform changed (the CLI's
   * `--state-sync` writes the state file here); a rejection answers an error saying the change was not saved.
   */
  settle?: () => Promise<void>;
  /** How many requests the journal keeps (the oldest go first). Default 1000; 0 keeps none. */
  journalLimit?: number;
  /**
   * Serve exactly this schema instead of houston-mock's own for the version (an introspection of your Houston, or
   * SDL): fields houston-mock models keep their stateful resolvers, fields it does not model answer NOT_IMPLEMENTED
   * (or generated data with `automockUnimplemented`), and what the schema lacks is gone.
   */
  schema?: SchemaSource;
  /** Milliseconds of platform time a deployment's rollout takes (`houstonMock.rolloutTime`, default 180000); 0 for none. */
  rolloutTime?: number;
  logger?: Logger;
}

export interface HoustonMock {
  /**
   * Serves a request in-process (no socket), like `fetch`: `await mock.fetch('http://mock/v1', { method: 'POST', … })`.
   * Typed on the platform's own `Request`/`Response` (not graphql-yoga's), so that the public types stand alone.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Starts an HTTP server; resolves to its GraphQL URL (`http://HOST:PORT/v1`), the same as `url` and as the
   * harness's `url`. Port 0 picks a free port.
   */
  listen(port?: number, host?: string): Promise<string>;
  close(): Promise<void>;
  /** The GraphQL URL once listening (`http://HOST:PORT/v1`). */
  readonly url: string | undefined;
  /**
   * The live platform. Read it freely; change it through GraphQL, the control API, `load`, `reset` or the row
   * writers below. Its rows are read-only: the reset point and snapshots share them with the live platform
   * (copy-on-write), so assigning to one throws a TypeError rather than change a snapshot; a row added to or removed
   * from a table directly escapes reset, snapshots and the derived views.
   */
  readonly store: Store;
  readonly config: HoustonConfig;
  readonly settings: MockSettings;
  readonly clock: Clock;
  readonly platformVersion: string;
  readonly warnings: readonly string[];
  /** Issues a user token as `createToken` would, without a password: for tests and tools. */
  issueToken(userId: string): Promise<string>;
  /**
   * Sets the health a deployment reports (`status`, `deploymentStatus`, the `deploymentStatus` subscription), as
   * the platform's monitoring would; throws on an unknown or deleted deployment or a status Houston does not have.
   */
  setDeploymentStatus(deploymentId: string, status: DeploymentStatusType): void;
  /** A token for an existing user found by id or email; throws when there is no such user. */
  tokenFor(identity: { userId?: string; email?: string }): Promise<{ userId: string; token: string }>;
  /**
   * Calls `listener` after anything may have changed the platform (every executed mutation, and the control
   * operations); returns a function that removes it. The dev server's `--state-file` saves on it.
   */
  onStateChange(listener: () => void): () => void;
  /**
   * Arranges a row no Houston operation can make (a soft-deleted deployment, a record with chosen ids): adds it, or
   * replaces the row with its id. Like the store's own writes, these keep the derived views, snapshots and reset
   * right, and run the `onStateChange` listeners.
   */
  insertRow<K extends TableName>(table: K, row: RowOf<K>): void;
  /** Changes a row in place: `change` gets a writable copy of it, which takes its place. Throws when there is none. */
  updateRow<K extends TableName>(table: K, id: string, change: (row: RowOf<K>) => void): RowOf<K>;
  /** Removes a row (nothing else: role bindings on a removed deployment stay, as they would after a direct delete). */
  deleteRow(table: TableName, id: string): void;
  /**
   * Rebuilds the derived views and runs the `onStateChange` listeners.
   * @deprecated `store.data` is read-only now: write rows with `insertRow`, `updateRow` and `deleteRow`, which need no announcement.
   */
  changed(): void;

  /** The key that unlocks the control API (`x-houston-mock-key` header on `/_mock/…`). */
  readonly adminKey: string;
  /** The last requests served: operation, variables (secrets redacted), caller, permission checks, errors, time. */
  readonly journal: Journal;
  /** Injected faults: errors, latency or HTTP statuses for chosen operations, for N calls or until cleared. */
  readonly faults: Faults;
  /**
   * Scripts how the next rollout of a deployment ends: `mock.rollouts.next(id, 'fail')` (UNHEALTHY after the rollout
   * time) or `'hang'` (DEPLOYING until something else sets its status).
   */
  readonly rollouts: RolloutControl;
  /** Scripts what `validateGitSyncCredentials` answers per host or URL prefix: `mock.gitSync.addRule({ match, category })`. */
  readonly gitSync: GitSyncControl;
  /**
   * Back to how the instance started: the platform (the seed, the given data, or the last `load`), the clock (a
   * system clock loses any offset set or advanced since) and no injected faults. The journal and snapshots stay.
   */
  reset(): void;
  /** Saves the platform and the clock under a name; `restore(name)` returns to both, any number of times. */
  snapshot(name: string): void;
  restore(name: string): void;
  snapshots(): string[];
  dropSnapshot(name: string): boolean;
  /** Replaces the platform with a fixture (the JSON `exportState()` or `GET /_mock/state` gives); reset returns to it. */
  load(data: unknown): void;
  /** A deep copy of the platform, JSON-serialisable: a fixture for `load`, `data` or `--state-file`. */
  exportState(): PlatformData;
  /**
   * A new, independent instance holding a copy of this one's platform, clock time, JWT secret and admin key: what a
   * test can change freely without touching the original. Not listening; `listen()` it if needed.
   */
  fork(): HoustonMock;
}

const DEFAULT_JOURNAL_LIMIT = 1000;

/** Listed by `GET /_mock`, so that the control API explains itself. */
const CONTROL_ENDPOINTS = [
  'GET /_mock',
  'POST /_mock/reset',
  'GET /_mock/snapshots',
  'POST /_mock/snapshots {"name"}',
  'POST /_mock/snapshots/:name/restore',
  'DELETE /_mock/snapshots/:name',
  'GET /_mock/state',
  'PUT /_mock/state <platform JSON>',
  'GET /_mock/clock',
  'POST /_mock/clock {"set": "<RFC 3339>"} | {"advance": "15m"}',
  'GET /_mock/journal?operationName=&field=&errors=&limit=',
  'DELETE /_mock/journal',
  'GET /_mock/faults',
  'POST /_mock/faults {"operationName"|"field", "error": {"message","code"}, "latencyMs", "httpStatus", "times"}',
  'DELETE /_mock/faults',
  'DELETE /_mock/faults/:id',
  'POST /_mock/tokens {"email"} | {"userId"}',
  'POST /_mock/deployments/:id/status {"status": "UNKNOWN" | "DEPLOYING" | "UNHEALTHY" | "HEALTHY"}',
  'POST /_mock/deployments/:id/rollout {"outcome": "succeed" | "fail" | "hang"}',
  'GET /_mock/git-sync/rules',
  'POST /_mock/git-sync/rules {"match": "<host or URL prefix>", "category": "OK" | "AUTH_FAILED" | "TLS_ERROR" | "NOT_FOUND" | …, "message"}',
  'DELETE /_mock/git-sync/rules',
] as const;

/** `GET /` leads to the IDE at /v1: the address a person types first. Houston's own root is the UI's, elsewhere. */
const rootRedirect: Plugin = {
  onRequest({ request, url, endResponse, fetchAPI }) {
    if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    endResponse(new fetchAPI.Response(null, { status: 302, headers: { location: '/v1' } }));
  },
};

/** Tells `notify` after every executed mutation (whatever its outcome: a failed one may still have changed nothing). */
function mutationNotifier(notify: () => void): Plugin {
  return {
    onExecute({ args }) {
      if (operationInfo(args.document, args.operationName).operationType !== 'mutation') return;
      return { onExecuteDone: () => notify() };
    },
  };
}

/**
 * The user's schema as a document, parsed once per source so that forks and repeated instances share a build (the
 * executable schema is cached per document). Texts are kept for the last few only: a test suite passes one or two.
 */
const parsedSchemas = new WeakMap<object, DocumentNode>();
const parsedTexts = new Map<string, DocumentNode>();
const KEPT_TEXTS = 4;
function customTypeDefs(source: SchemaSource): DocumentNode {
  if (typeof source === 'string') {
    const known = parsedTexts.get(source);
    if (known) return known;
    const document = schemaDocument(source);
    parsedTexts.set(source, document);
    for (const text of parsedTexts.keys()) if (parsedTexts.size > KEPT_TEXTS) parsedTexts.delete(text);
    return document;
  }
  const cached = parsedSchemas.get(source);
  if (cached) return cached;
  const document = schemaDocument(source);
  parsedSchemas.set(source, document);
  return document;
}

/**
 * Tells an instance's state listeners that its platform changed, for houston-mock's own helpers (the test harness)
 * that write through the store operations, which keep the derived views up to date themselves. Not exported from the
 * package: users write through GraphQL, `load` or `insertRow`/`updateRow`/`deleteRow`.
 */
const changeNotifiers = new WeakMap<HoustonMock, () => void>();
export function announceChange(mock: HoustonMock): void {
  changeNotifiers.get(mock)?.();
}

export function createHoustonMock(options: HoustonMockOptions = {}): HoustonMock {
  return createInstance(options, options.data ? cloneData(parsePlatformData(options.data)) : undefined);
}

/** A JSON-safe error for the control operations, with the status the control API answers it with. */
function controlFailure(status: number, code: string, message: string): ControlError {
  return new ControlError(status, code, message);
}

/**
 * Builds an instance. `ownedData`, when given, becomes the live platform as is (the caller hands it over: a fork's
 * private copy, or the copy createHoustonMock made of the user's fixture).
 */
/** The configuration an instance resolves: `options.config` with the options that override its keys laid over it. */
export function configInputOf(options: HoustonMockOptions): ConfigInput {
  return {
    houston: { ...options.config?.houston, ...(options.platformVersion ? { platformVersion: options.platformVersion } : {}) },
    mock: {
      ...options.config?.mock,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.scale ? { scale: options.scale } : {}),
      ...(options.jwtSecret ? { jwtSecret: options.jwtSecret } : {}),
      ...(options.limits ? { limits: { ...(options.config?.mock?.limits as object | undefined), ...options.limits } } : {}),
      ...(options.corsOrigins ? { corsOrigins: options.corsOrigins } : {}),
      ...(options.allowedHosts ? { allowedHosts: options.allowedHosts } : {}),
      ...(options.automockUnimplemented !== undefined ? { automockUnimplemented: options.automockUnimplemented } : {}),
      ...(options.adminKey ? { adminKey: options.adminKey } : {}),
      ...(options.rolloutTime !== undefined ? { rolloutTime: options.rolloutTime } : {}),
    },
  };
}

function createInstance(options: HoustonMockOptions, ownedData: PlatformData | undefined): HoustonMock {
  const resolved = resolveConfig(configInputOf(options));
  const logger = options.logger ?? silentLogger;
  for (const warning of resolved.warnings) logger.warn(warning);
  const config = resolved.houston;
  const settings = resolved.mock;
  const clock = createClock(options.clock);
  const startMark = markClock(clock);

  /** The platform the instance starts from, generated anew: the seed (or nothing) at the start instant. */
  const generate = (): PlatformData => {
    const fresh: Store = { data: emptyPlatform(settings.seed ?? 0), clock, config };
    // Unified mode's populate-default-cluster (1.0+) runs first, so seeded deployments can land on the cluster.
    populateDefaultCluster(fresh);
    if (settings.seed !== null) seedPlatform(fresh, { scale: settings.scale });
    // The seed writes some tables in bulk, without recording each write: nothing it derived on the way is kept.
    platformChanged(fresh.data);
    return fresh.data;
  };
  const simulation = createSimulation(settings.rolloutTime);
  const store: Store = { data: ownedData ?? generate(), clock, config, simulation };
  const rollouts = rolloutControl(store, simulation);
  const gitSync = gitSyncControl(simulation);
  if (ownedData) populateDefaultCluster(store);
  /**
   * What `reset()` returns to: the platform's rows, frozen, and the old value of each row written since
   * (src/store/tables.ts), so that neither holding it nor returning to it costs the platform's size.
   */
  let resetPoint: Capture = capture(store.data);
  const snapshots = new Map<string, { saved: Capture; clock: ClockMark }>();
  const journal = createJournal(options.journalLimit ?? DEFAULT_JOURNAL_LIMIT);
  const schema = buildHoustonSchema(config.platformVersion, {
    automock: settings.automockUnimplemented,
    ...(options.schema !== undefined ? { typeDefs: customTypeDefs(options.schema) } : {}),
  });
  const rootFields = {
    Query: Object.keys(schema.getQueryType()?.getFields() ?? {}),
    Mutation: Object.keys(schema.getMutationType()?.getFields() ?? {}),
    Subscription: Object.keys(schema.getSubscriptionType()?.getFields() ?? {}),
  };
  const faults = createFaults({ rootFields, platformVersion: config.platformVersion });
  const adminKey = settings.adminKey ?? randomBytes(16).toString('hex');
  // Not from the seeded source on purpose: a token from one run must not be valid against another instance.
  const jwtSecret = settings.jwtSecret ?? randomBytes(32).toString('hex');
  const tokens: TokenSigner = createTokenSigner(jwtSecret);

  /**
   * The request context for an `authorization` value: shared by HTTP requests and websocket connections. Built at
   * once when the caller is known without waiting (no token, an API key, a token already checked), so that such a
   * request costs no promise here.
   */
  const contextFor = (authorization: string | null): HoustonContext | Promise<HoustonContext> => {
    const caller = resolveCaller(store, tokens, authorization);
    return caller instanceof Promise ? caller.then(contextOf) : contextOf(caller);
  };
  const contextOf = (caller: Caller): HoustonContext => {
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
      lookup: (wanted) => derived(store, wanted),
    };
  };

  const changeListeners = new Set<() => void>();
  let changeCount = 0;
  const notifyChange = () => {
    changeCount += 1;
    for (const listener of [...changeListeners]) listener();
  };

  const issueToken = async (userId: string) => (await tokens.sign(userId, clock.now(), config.jwt.authDuration)).value;
  /** Puts the platform (and the clock) back to a saved point; listeners hear of it like of a mutation. */
  const returnToCapture = (saved: Capture, mark: ClockMark) => {
    returnTo(store, saved);
    returnToMark(clock, mark);
    notifyChange();
  };

  const control: ControlOperations = {
    clock,
    journal,
    faults,
    reset() {
      // Everything as the instance started: the platform, the clock, no injected faults and nothing scripted in the
      // simulated world (rollout outcomes, git-sync rules). The journal stays: it is a record of what was asked, the
      // reset included.
      faults.clear();
      rollouts.clear();
      gitSync.clear();
      returnToCapture(resetPoint, startMark);
    },
    snapshot(name) {
      snapshots.set(name, { saved: capture(store.data), clock: markClock(clock) });
    },
    restore(name) {
      const saved = snapshots.get(name);
      if (!saved) throw controlFailure(404, 'NOT_FOUND', `no snapshot named "${name}"`);
      returnToCapture(saved.saved, saved.clock);
    },
    snapshots: () => [...snapshots.keys()],
    dropSnapshot: (name) => snapshots.delete(name),
    load(data) {
      let parsed: PlatformData;
      try {
        parsed = parsePlatformData(data);
      } catch (error) {
        throw controlFailure(400, 'BAD_REQUEST', (error as Error).message);
      }
      // A loaded platform becomes what reset() returns to: tests load a fixture once and reset between cases.
      store.data = cloneData(parsed);
      populateDefaultCluster(store);
      resetPoint = capture(store.data);
      notifyChange();
    },
    exportState: () => cloneData(store.data),
    async tokenFor({ userId, email }) {
      const wanted = email?.trim().toLowerCase();
      const user = userId
        ? store.data.users[userId]
        : Object.values(store.data.users).find((u) => u.emails.some((e) => e.address === wanted));
      if (!user) throw controlFailure(404, 'NOT_FOUND', `no user ${userId ? `with id "${userId}"` : `with email "${email ?? ''}"`}`);
      return { userId: user.id, token: await issueToken(user.id) };
    },
    setDeploymentStatus(deploymentId, status) {
      if (!isDeploymentStatus(status)) {
        throw controlFailure(400, 'BAD_REQUEST', `"status" must be one of ${STATUS_TYPES.join(', ')}`);
      }
      const d = setDeploymentStatus(store, deploymentId, status);
      if (!d) throw controlFailure(404, 'NOT_FOUND', `no deployment with id "${deploymentId}"`);
      notifyChange();
      return { id: d.id, releaseName: d.releaseName, status: d.status };
    },
    info: () => ({
      name: 'houston-mock',
      platformVersion: config.platformVersion,
      seed: settings.seed,
      scale: settings.scale,
      now: isoAt(clock.now()),
      clock: clock.mode,
      counts: Object.fromEntries(TABLE_NAMES.map((table) => [table, Object.keys(store.data[table]).length])),
      snapshots: [...snapshots.keys()],
      faults: faults.size,
      journal: { limit: journal.limit, entries: journal.entries().length },
      endpoints: CONTROL_ENDPOINTS,
    }),
    extraRoutes: simulationRoutes(rollouts, gitSync),
  };

  const { plugins: limitPlugins, ...limitSettings } = limitOptions(settings.limits, settings.corsOrigins, settings.allowedHosts);
  // The listening server's common request (a JSON operation POSTed to /v1) skips yoga's HTTP layers that do nothing for
  // it (src/server/fastPath.ts). Plugins with request or response hooks must be accounted for there.
  const fastPath = createFastPath({
    endpoint: '/v1',
    maxBodyBytes: settings.limits.maxBodyBytes,
    maxJsonDepth: settings.limits.maxJsonDepth,
    enabled: !options.settle,
  });
  const graphiql: GraphiQLOptions = { title: 'Houston API (houston-mock)', headers: JSON.stringify({ authorization: '' }, null, 2) };
  // The page is made when first asked for, its tabs from the platform as it is then (an example workspace id), and
  // kept: yoga's handler and the delivery plugin both ask for it on every view.
  let idePage: Promise<string> | undefined;
  const renderIde = () =>
    (idePage ??= playgroundPage({
      ...graphiql,
      defaultTabs: playgroundTabs({
        schema,
        platformVersion: config.platformVersion,
        upsertDeploymentEnabled: config.deployments.upsertDeploymentEnabled,
        exampleWorkspaceId: seededScope(store)?.workspaceId ?? null,
      }),
    }));
  const yoga = createYoga<Record<string, unknown>, HoustonContext>({
    schema,
    ...limitSettings,
    graphqlEndpoint: '/v1',
    healthCheckEndpoint: '/health',
    landingPage: false,
    logging: false,
    maskedErrors: { maskError },
    // Parsed documents are cached by yoga; their validation by validationCachePlugin (see there), last of the plugins.
    parserAndValidationCache: { validationCache: false },
    graphiql,
    renderGraphiQL: renderIde,
    plugins: [
      // First, so that its requests (a large state upload, say) are not taken for GraphQL requests by the limits.
      controlApiPlugin(control, adminKey),
      apolloResponses(),
      tokenPagePlugin(),
      playgroundDelivery('/v1', renderIde),
      rootRedirect,
      ...limitPlugins,
      // After the limits: their body checks come first, then Apollo's reading of each operation (see apollo.ts).
      apolloRequests({ graphqlEndpoint: '/v1', persisted: new PersistedQueries() }),
      mutationNotifier(notifyChange),
      ...(options.settle ? [settlePlugin(() => changeCount, options.settle)] : []),
      journalAndFaultsPlugin(store, journal, faults),
      validationCachePlugin(),
      fastPath.plugin,
    ],
    context: ({ request }) => contextFor(request.headers.get('authorization')),
  });

  let server: Server | undefined;
  let subscriptions: SubscriptionServer | undefined;
  let url: string | undefined;

  const mock: HoustonMock = {
    // One Request built here: yoga's overloads take a string, a URL or a Request, each with its own init type.
    fetch: async (input, init) => yoga.fetch(input instanceof Request && init === undefined ? input : new Request(input, init)),
    get url() {
      return url;
    },
    store,
    config,
    settings,
    clock,
    platformVersion: config.platformVersion,
    warnings: resolved.warnings,
    adminKey,
    journal,
    faults,
    issueToken,
    tokenFor: control.tokenFor,
    setDeploymentStatus(deploymentId, status) {
      control.setDeploymentStatus(deploymentId, status);
    },
    rollouts,
    gitSync,
    reset: control.reset,
    snapshot: control.snapshot,
    restore: control.restore,
    snapshots: control.snapshots,
    dropSnapshot: control.dropSnapshot,
    load: control.load,
    exportState: control.exportState,
    fork() {
      const data = cloneData(store.data);
      const clockOption: ClockOption = clock.mode === 'frozen' ? { frozenAt: clock.now() } : 'system';
      // Same secrets, so that tokens and the admin key a test already holds keep working against the fork.
      return createInstance({ ...options, clock: clockOption, jwtSecret, adminKey }, data);
    },
    insertRow(table, row) {
      // A copy: the caller keeps its object, and parts of it taken from frozen rows become the platform's own.
      insertRow(store, table, structuredClone(row));
      notifyChange();
    },
    updateRow(table, id, change) {
      const row = writable(store, table, id);
      if (!row) throw new Error(`no row with id "${id}" in ${table}`);
      change(row);
      rowChanged(store, table, id);
      notifyChange();
      return row;
    },
    deleteRow(table, id) {
      deleteRow(store, table, id);
      notifyChange();
    },
    changed() {
      platformChanged(store.data);
      notifyChange();
    },
    onStateChange(listener) {
      changeListeners.add(listener);
      return () => {
        changeListeners.delete(listener);
      };
    },
    listen(port = 8871, host = '127.0.0.1') {
      if (server) return Promise.reject(new Error('houston-mock is already listening'));
      // Requests from the network pass the browser-origin checks first (src/server/origin.ts); mock.fetch does not.
      const policy = { allowedHosts: settings.allowedHosts, corsOrigins: settings.corsOrigins };
      const http = createServer((request, response) => {
        const refused = refusal(request, host, policy, false);
        if (refused) refuse(response, refused);
        else if (!fastPath.serve(request, response, yoga)) void yoga(request, response);
      });
      server = http;
      subscriptions = attachSubscriptionServer(http, {
        refuse: (request) => refusal(request, host, policy, true),
        maxPayload: settings.limits.maxBodyBytes,
        maxJsonDepth: settings.limits.maxJsonDepth,
        schema,
        // The sockets expect a promise (they chain on it); HTTP requests take the context as it comes.
        contextFor: async (authorization) => contextFor(authorization),
        logger,
        // The HTTP endpoint's pipeline: its plugins (limits, journal, faults, change announcements) apply here too.
        // Its initial context stays empty: each operation runs with the connection's own context (`contextFor`).
        pipeline: () => yoga.getEnveloped({} as Parameters<typeof yoga.getEnveloped>[0]),
      });
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
          resolve(url);
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
  changeNotifiers.set(mock, notifyChange);
  return mock;
}
