/**
 * `houston-mock verify`: replays a cassette, in order, against an in-process houston-mock and compares each answer
 * with the recorded one: HTTP status, the shape of `data` (src/parity/shape.ts), and the errors (their codes, and
 * their messages where houston-mock's are Houston's own).
 *
 * Ids flow: a string a recorded answer held under an id-like key (`id`, `…Id`, `…Uuid`, `releaseName`), or a
 * redaction label (a token `createToken` answered), is matched to what houston-mock answered at the same place; a
 * later request that sends the recorded value sends houston-mock's instead. A credential the session did not obtain
 * itself (the token the client came with) is replaced by a system admin's token on houston-mock. A redacted password
 * in a login becomes the password of the account it names, so that the login succeeds as it did when recorded.
 */
import { Kind, parse, visit, type ValueNode } from 'graphql';
import { errors as houstonErrors } from '../core/errors.js';
import { SEED_ADMIN } from '../fixtures/seed.js';
import { findUserByIdentity, setLocalPassword } from '../resolvers/users/store.js';
import { createHoustonMock, type HoustonMock } from '../server/createHoustonMock.js';
import type { PlatformData } from '../store/state.js';
import { WebSocket } from 'ws';
import type { Cassette, Exchange, HttpExchange, WebSocketExchange } from './cassette.js';
import { isRedactionLabel } from './redact.js';
import { childPath, compareShapes, describeDifference, pairStrings } from './shape.js';

export interface VerifyOptions {
  /** Platform version to emulate. Default: the version the cassette recorded, else houston-mock's default. */
  platformVersion?: string;
  /** The platform to start from (a state file's content) instead of the seeded one. */
  state?: PlatformData;
  /** Seed of the platform replayed on; null for an empty one (a session that starts with `createUser`). */
  seed?: number | null;
  /** Replay against this instance instead of a new one. */
  mock?: HoustonMock;
  /**
   * How long to wait, on a websocket, for the frames the recording got after each client frame. Default 2000 ms;
   * houston-mock answers at once, so the wait only runs out when it sends fewer frames than the platform did.
   */
  frameWaitMs?: number;
}

export interface VerifyDifference {
  /** JSON path in the answer (`$.data.workspace.id`, `$.errors[0].extensions.code`), or `(status)`. */
  path: string;
  message: string;
}

export interface ExchangeResult {
  seq: number;
  transport: Exchange['transport'];
  /** `#3 createWorkspace (mutation)`. */
  request: string;
  outcome: 'match' | 'differs';
  differences: VerifyDifference[];
}

export interface VerifyReport {
  target: string;
  recordedVersion: string | null;
  platformVersion: string;
  exchanges: ExchangeResult[];
  matched: number;
  differing: number;
  /** True when every exchange matched. */
  ok: boolean;
}

/** Frames that only keep a connection alive: neither replayed nor compared. */
const KEEP_ALIVE_TYPES: ReadonlySet<string> = new Set(['ka', 'ping', 'pong']);

function frameType(message: unknown): string | null {
  const type = (message as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : null;
}

const ID_KEY = /^(id|uuid|releaseName)$|(Id|Uuid|UUID|ID)$/;
/** Shorter recorded values are not searched for inside query texts: too likely to match something else. */
const MIN_INLINE_ID_LENGTH = 6;

const SENTINEL = '\u0000';
/**
 * Patterns of the error messages houston-mock reproduces from Houston (src/core/errors.ts), parameters as
 * wildcards. The ones that are knowingly not Houston's text are left out: comparing them would only report what
 * docs/DIFFERENCES.md already says.
 */
const NOT_HOUSTONS: ReadonlySet<string> = new Set(['notImplemented', 'featureDisabled', 'badInput', 'clusterHasDeployments', 'invalidEnvironmentVariableKey']);
const HOUSTON_MESSAGES: readonly RegExp[] = Object.entries(houstonErrors)
  .filter(([name]) => !NOT_HOUSTONS.has(name))
  .flatMap(([, factory]) => {
    const make = factory as (...args: unknown[]) => Error;
    let messages: string[];
    try {
      messages = [make(SENTINEL, SENTINEL, SENTINEL).message];
    } catch {
      // A factory taking a list words one item and several differently ("X is", "X and Y are").
      messages = [make([SENTINEL]).message, make([SENTINEL, SENTINEL]).message];
    }
    return messages.map((message) => new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(SENTINEL).join('.+')}$`));
  });

/** Whether houston-mock's message is one it reproduces from Houston (so a different recorded one is a finding). */
export function isHoustonMessage(message: string): boolean {
  return HOUSTON_MESSAGES.some((pattern) => pattern.test(message));
}

interface ErrorBody {
  message?: unknown;
  extensions?: { code?: unknown };
}

function errorsOf(body: unknown): ErrorBody[] {
  const list = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(list) ? (list as ErrorBody[]) : [];
}

function compareErrors(recorded: ErrorBody[], answered: ErrorBody[], path: string, out: VerifyDifference[]): void {
  if (recorded.length !== answered.length) {
    out.push({ path, message: `${recorded.length} error(s) recorded, ${answered.length} from houston-mock${answered.length > 0 ? ` (first: ${String(answered[0]?.message)})` : ` (first recorded: ${String(recorded[0]?.message)})`}` });
  }
  for (let i = 0; i < Math.min(recorded.length, answered.length); i++) {
    const want = recorded[i] ?? {};
    const got = answered[i] ?? {};
    const at = childPath(path, i);
    const wantCode = want.extensions?.code ?? null;
    const gotCode = got.extensions?.code ?? null;
    if (wantCode !== gotCode) {
      out.push({ path: `${at}.extensions.code`, message: `${JSON.stringify(wantCode)} recorded, ${JSON.stringify(gotCode)} from houston-mock` });
    }
    if (typeof got.message === 'string' && want.message !== got.message && isHoustonMessage(got.message)) {
      out.push({ path: `${at}.message`, message: `${JSON.stringify(want.message)} recorded, ${JSON.stringify(got.message)} from houston-mock` });
    }
  }
}

/** Compares one answer (an object with data/errors) with the recorded one. */
function compareAnswers(recorded: unknown, answered: unknown, path: string, out: VerifyDifference[]): void {
  const want = (recorded ?? {}) as { data?: unknown };
  const got = (answered ?? {}) as { data?: unknown };
  if ('data' in want || 'data' in got) {
    for (const difference of compareShapes(want.data, got.data, `${path}.data`)) out.push({ path: difference.path, message: describeDifference(difference) });
  }
  compareErrors(errorsOf(recorded), errorsOf(answered), `${path}.errors`, out);
}

function describeRequest(exchange: Exchange): string {
  if (exchange.transport === 'websocket') return `#${exchange.seq} websocket ${exchange.path}`;
  const name = exchange.operationName ?? '(anonymous)';
  return `#${exchange.seq} ${name}${exchange.operationType ? ` (${exchange.operationType})` : ''}`;
}

export async function verifyCassette(cassette: Cassette, options: VerifyOptions = {}): Promise<VerifyReport> {
  const version = options.platformVersion ?? cassette.platformVersion ?? undefined;
  const mock =
    options.mock ??
    createHoustonMock({
      ...(version ? { platformVersion: version } : {}),
      ...(options.state ? { data: options.state } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });
  const ids = new Map<string, string>();
  let adminToken: string | null | undefined;

  /** A system admin's token on houston-mock, for credentials the session did not obtain itself. */
  const fallbackToken = async (): Promise<string | null> => {
    if (adminToken !== undefined) return adminToken;
    const bindings = Object.values(mock.store.data.roleBindings);
    const seeded = Object.values(mock.store.data.users).find((u) => u.emails.some((e) => e.address === SEED_ADMIN.email));
    const adminId = seeded?.id ?? bindings.find((b) => b.role === 'SYSTEM_ADMIN' && b.userId)?.userId ?? null;
    adminToken = adminId ? (await mock.tokenFor({ userId: adminId })).token : null;
    return adminToken;
  };

  const authorizationFor = async (recorded: string | null): Promise<string | null> => {
    if (recorded === null) return null;
    const match = /^(Bearer\s+)?(.*)$/i.exec(recorded);
    const prefix = match?.[1] ?? '';
    const credential = match?.[2] ?? recorded;
    const token = ids.get(credential) ?? (isRedactionLabel(credential) ? await fallbackToken() : credential);
    return token === null ? null : `${prefix}${token}`;
  };

  /** The request with recorded ids (and labels) replaced by houston-mock's. */
  const substitute = (value: unknown, key = ''): unknown => {
    if (typeof value === 'string') {
      const mapped = ids.get(value);
      if (mapped !== undefined) return mapped;
      if (key !== 'query') return value;
      let text = value;
      for (const [recorded, answered] of ids) {
        if (recorded.length >= MIN_INLINE_ID_LENGTH && text.includes(recorded)) text = text.split(recorded).join(answered);
      }
      return text;
    }
    if (Array.isArray(value)) return value.map((item) => substitute(item, key));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, substitute(v, k)]));
  };

  /**
   * A login whose password the recording redacted (`createToken(identity:, password: "[redacted:N]")`) could never
   * succeed as sent: the account named gets that label as its password on houston-mock first. An account created in
   * the session (`createUser` with the same label) already has it.
   */
  const prepareLogins = (body: unknown) => {
    for (const request of Array.isArray(body) ? body : [body]) {
      const { query, variables } = (request ?? {}) as { query?: unknown; variables?: Record<string, unknown> | null };
      if (typeof query !== 'string' || !query.includes('createToken')) continue;
      const valueOf = (node: ValueNode | undefined): unknown =>
        node?.kind === Kind.STRING ? node.value : node?.kind === Kind.VARIABLE ? variables?.[node.name.value] : undefined;
      let document;
      try {
        document = parse(query);
      } catch {
        continue;
      }
      visit(document, {
        Field(node) {
          if (node.name.value !== 'createToken') return;
          const argument = (name: string) => valueOf(node.arguments?.find((a) => a.name.value === name)?.value);
          const identity = argument('identity');
          const password = argument('password');
          if (typeof identity !== 'string' || typeof password !== 'string' || !isRedactionLabel(password)) return;
          const user = findUserByIdentity(mock.store, identity);
          if (user) setLocalPassword(mock.store, user, password);
        },
      });
    }
  };

  const learn = (recorded: unknown, answered: unknown) => {
    pairStrings(recorded, answered, (was, is, key) => {
      if (was !== is && (isRedactionLabel(was) || (typeof key === 'string' && ID_KEY.test(key)))) ids.set(was, is);
    });
  };

  const replayHttp = async (exchange: HttpExchange): Promise<ExchangeResult> => {
    const base = { seq: exchange.seq, transport: exchange.transport, request: describeRequest(exchange) };
    const authorization = await authorizationFor(exchange.request.authorization);
    const body = substitute(exchange.request.body);
    prepareLogins(body);
    const response = await mock.fetch(`http://houston-mock${exchange.request.path || '/v1'}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let answered: unknown;
    try {
      answered = JSON.parse(text);
    } catch {
      answered = undefined;
    }
    const differences: VerifyDifference[] = [];
    if (response.status !== exchange.response.status) {
      differences.push({ path: '(status)', message: `HTTP ${exchange.response.status} recorded, ${response.status} from houston-mock` });
    }
    const recorded = exchange.response.body;
    if (recorded === undefined || answered === undefined) {
      if ((recorded === undefined) !== (answered === undefined)) {
        differences.push({ path: '$', message: recorded === undefined ? 'a non-JSON answer recorded, JSON from houston-mock' : 'a JSON answer recorded, non-JSON from houston-mock' });
      }
    } else if (Array.isArray(recorded) || Array.isArray(answered)) {
      const want = Array.isArray(recorded) ? recorded : [recorded];
      const got = Array.isArray(answered) ? answered : [answered];
      if (want.length !== got.length) differences.push({ path: '$', message: `a batch of ${want.length} recorded, ${got.length} answers from houston-mock` });
      for (let i = 0; i < Math.min(want.length, got.length); i++) compareAnswers(want[i], got[i], `$[${i}]`, differences);
    } else compareAnswers(recorded, answered, '$', differences);
    if (recorded !== undefined && answered !== undefined) learn(recorded, answered);
    return { ...base, outcome: differences.length > 0 ? 'differs' : 'match', differences };
  };

  /** Where websockets connect: houston-mock listening on loopback, started at the first websocket exchange. */
  let socketBase: string | undefined;
  let startedListening = false;
  const socketUrl = async (path: string): Promise<string> => {
    if (!socketBase) {
      let graphqlUrl = mock.url;
      if (!graphqlUrl) {
        graphqlUrl = await mock.listen(0, '127.0.0.1');
        startedListening = true;
      }
      socketBase = new URL(graphqlUrl).origin;
    }
    return `${socketBase.replace(/^http/, 'ws')}${path || '/ws'}`;
  };

  /**
   * Sends the recorded client frames in order (ids, tokens and credentials substituted); after each, waits for as
   * many frames as the platform sent before the next client frame, and compares them pairwise (type, then the
   * answer's shape and errors). Fewer frames from houston-mock is a difference; more (a stream that keeps going) is
   * not, nor are keep-alive frames.
   */
  const replayWebSocket = async (exchange: WebSocketExchange): Promise<ExchangeResult> => {
    const base = { seq: exchange.seq, transport: exchange.transport, request: describeRequest(exchange) };
    const differences: VerifyDifference[] = [];
    const frames = exchange.messages.filter((m) => !KEEP_ALIVE_TYPES.has(frameType(m.message) ?? ''));
    const headerAuthorization = await authorizationFor(exchange.authorization);
    const socket = new WebSocket(await socketUrl(exchange.path), exchange.protocol ? [exchange.protocol] : [], headerAuthorization ? { headers: { authorization: headerAuthorization } } : {});
    const received: unknown[] = [];
    let notify: (() => void) | undefined;
    socket.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString()) as unknown;
      } catch {
        message = data.toString();
      }
      if (!KEEP_ALIVE_TYPES.has(frameType(message) ?? '')) received.push(message);
      notify?.();
    });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => notify?.());
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
    } catch (error) {
      return { ...base, outcome: 'differs', differences: [{ path: '$', message: `houston-mock refused the websocket: ${(error as Error).message}` }] };
    }
    const waitFor = (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if (received.length >= count || socket.readyState !== WebSocket.OPEN) {
            clearTimeout(timer);
            notify = undefined;
            resolve();
          }
        };
        const timer = setTimeout(() => {
          notify = undefined;
          resolve();
        }, options.frameWaitMs ?? 2_000);
        notify = check;
        check();
      });

    let expected = 0;
    let compared = 0;
    const compareUpTo = () => {
      const recordedServer = frames.filter((f) => f.from === 'server').slice(compared, expected);
      for (const [offset, recordedFrame] of recordedServer.entries()) {
        const index = compared + offset;
        const at = `$.frames[${index}]`;
        const got = received[index];
        if (got === undefined) {
          differences.push({ path: at, message: `a ${frameType(recordedFrame.message) ?? 'frame'} frame recorded, none from houston-mock` });
          continue;
        }
        const want = recordedFrame.message as { type?: unknown; payload?: unknown };
        const answered = got as { type?: unknown; payload?: unknown };
        if (want.type !== answered.type) {
          differences.push({ path: `${at}.type`, message: `${JSON.stringify(want.type)} recorded, ${JSON.stringify(answered.type)} from houston-mock` });
          continue;
        }
        if (Array.isArray(want.payload) || Array.isArray(answered.payload)) {
          compareErrors((want.payload as ErrorBody[]) ?? [], (answered.payload as ErrorBody[]) ?? [], `${at}.payload`, differences);
        } else if (want.payload && typeof want.payload === 'object' && ('data' in want.payload || 'errors' in want.payload)) {
          compareAnswers(want.payload, answered.payload, `${at}.payload`, differences);
          learn(want.payload, answered.payload);
        }
      }
      compared = expected;
    };

    for (const frame of frames) {
      if (frame.from === 'server') {
        expected++;
        continue;
      }
      await waitFor(expected);
      compareUpTo();
      if (socket.readyState !== WebSocket.OPEN) break;
      let message = substitute(frame.message);
      const payload = (message as { payload?: Record<string, unknown> } | null)?.payload;
      if (frameType(message) === 'connection_init' && payload && typeof payload === 'object') {
        const credentials: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(payload)) {
          credentials[key] = /^authorization$/i.test(key) && typeof value === 'string' ? await authorizationFor(value) : value;
        }
        message = { ...(message as object), payload: credentials };
      }
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    }
    await waitFor(expected);
    compareUpTo();
    socket.close();
    await closed;
    return { ...base, outcome: differences.length > 0 ? 'differs' : 'match', differences };
  };

  const results: ExchangeResult[] = [];
  try {
    for (const exchange of [...cassette.exchanges].sort((a, b) => a.seq - b.seq)) {
      results.push(exchange.transport === 'http' ? await replayHttp(exchange) : await replayWebSocket(exchange));
    }
  } finally {
    if (startedListening) await mock.close();
  }
  const count = (outcome: ExchangeResult['outcome']) => results.filter((r) => r.outcome === outcome).length;
  return {
    target: cassette.target,
    recordedVersion: cassette.platformVersion,
    platformVersion: mock.platformVersion,
    exchanges: results,
    matched: count('match'),
    differing: count('differs'),
    ok: count('differs') === 0,
  };
}

/** The report as text: one line per exchange, each difference under its request. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines = [`Replayed ${report.exchanges.length} exchange(s) recorded from ${report.target} (Houston ${report.recordedVersion ?? 'unknown'}) on houston-mock (Houston ${report.platformVersion})`, ''];
  for (const result of report.exchanges) {
    lines.push(`${result.outcome === 'match' ? 'ok     ' : 'DIFFERS'} ${result.request}`);
    for (const difference of result.differences) lines.push(`          ${difference.path}: ${difference.message}`);
  }
  lines.push('', `${report.matched} matched, ${report.differing} differ`);
  return `${lines.join('\n')}\n`;
}
