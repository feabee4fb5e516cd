import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import type { Clock } from '../core/clock.js';
import type { PlatformData } from '../store/state.js';
import { FaultRuleError, type FaultRule, type Faults } from './faults.js';
import type { Journal, JournalFilter } from './journal.js';
import { jsonTooDeep } from '../server/jsonDepth.js';

/** The reserved path prefix of the control API: nothing of Houston's lives there. */
export const CONTROL_PREFIX = '/_mock';
/** The request header that carries the admin key. Not `authorization`, which always means a Houston credential. */
export const ADMIN_KEY_HEADER = 'x-houston-mock-key';

/** What the control API drives: the same abilities the factory offers in-process. */
export interface ControlOperations {
  reset(): void;
  snapshot(name: string): void;
  restore(name: string): void;
  snapshots(): string[];
  dropSnapshot(name: string): boolean;
  load(data: unknown): void;
  exportState(): PlatformData;
  readonly clock: Clock;
  readonly journal: Journal;
  readonly faults: Faults;
  tokenFor(identity: { userId?: string; email?: string }): Promise<{ userId: string; token: string }>;
  setDeploymentStatus(deploymentId: string, status: unknown): { id: string; releaseName: string; status: string };
  info(): Record<string, unknown>;
  /** Endpoints served by other modules (src/control/simulation.ts), tried before answering 404. */
  extraRoutes?: ExtraRoute;
}

/** A further control endpoint: a JSON answer (201 and others via `status`), or undefined when it is not one. */
export type ExtraRoute = (request: {
  method: string;
  segments: string[];
  body: () => Promise<unknown>;
}) => Promise<{ status?: number; body: unknown } | undefined>;

/** A control API request the caller got wrong: answered with its status and a JSON error, never a stack trace. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body, null, 2), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Compares keys in constant time (over their digests, so lengths do not leak either). */
function keyMatches(given: string | null, adminKey: string): boolean {
  return given !== null && timingSafeEqual(digest(given), digest(adminKey));
}

/** Far deeper than any platform or rule, far shallower than what would overflow the stack of what reads it. */
const MAX_JSON_DEPTH = 200;

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  if (jsonTooDeep(text, MAX_JSON_DEPTH)) throw new ControlError(400, 'BAD_REQUEST', `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ControlError(400, 'BAD_REQUEST', 'the request body is not valid JSON');
  }
}

function requireName(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w.-]{1,100}$/.test(value)) {
    throw new ControlError(400, 'BAD_REQUEST', 'a snapshot name is 1–100 letters, digits, "_", "-" or "."');
  }
  return value;
}

function journalFilter(url: URL): JournalFilter {
  const filter: JournalFilter = {};
  const operationName = url.searchParams.get('operationName');
  const field = url.searchParams.get('field');
  const errorsOnly = url.searchParams.get('errors');
  const limit = url.searchParams.get('limit');
  if (operationName) filter.operationName = operationName;
  if (field) filter.field = field;
  if (errorsOnly === 'true' || errorsOnly === 'false') filter.errors = errorsOnly === 'true';
  if (limit !== null) {
    if (!/^\d+$/.test(limit)) throw new ControlError(400, 'BAD_REQUEST', '"limit" must be a whole number');
    filter.limit = Number(limit);
  }
  return filter;
}

/** Parses "1500", "90s", "15m", "2h" or "1d" into milliseconds (a negative value moves back). */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const match = typeof value === 'string' ? /^(-?\d+)(ms|s|m|h|d)?$/.exec(value.trim()) : null;
  if (!match) throw new ControlError(400, 'BAD_REQUEST', '"advance" must be milliseconds or a duration such as "90s", "15m", "2h", "1d"');
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 'ms'] ?? 1;
  return Number(match[1]) * unit;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ControlError(400, 'BAD_REQUEST', 'the path has a malformed percent-encoding');
  }
}

async function route(ops: ControlOperations, request: Request, url: URL): Promise<Response> {
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
  const method = request.method.toUpperCase();
  const segments = path.split('/').filter(Boolean).map(decodeSegment);
  const [resource, id, action] = segments;

  if (path === '/' && method === 'GET') return json(ops.info());
  if (resource === 'reset' && !id && method === 'POST') {
    ops.reset();
    return json({ ok: true, now: new Date(ops.clock.now()).toISOString() });
  }
  if (resource === 'snapshots') {
    if (!id && method === 'GET') return json({ snapshots: ops.snapshots() });
    if (!id && method === 'POST') {
      const body = (await readJson(request)) as { name?: unknown };
      const name = requireName(body.name);
      ops.snapshot(name);
      return json({ ok: true, name }, 201);
    }
    if (id && action === 'restore' && method === 'POST') {
      ops.restore(requireName(id));
      return json({ ok: true, name: id });
    }
    if (id && !action && method === 'DELETE') {
      if (!ops.dropSnapshot(requireName(id))) throw new ControlError(404, 'NOT_FOUND', `no snapshot named "${id}"`);
      return json({ ok: true });
    }
  }
  if (resource === 'state' && !id) {
    if (method === 'GET') return json(ops.exportState());
    if (method === 'PUT' || method === 'POST') {
      ops.load(await readJson(request));
      return json({ ok: true });
    }
  }
  if (resource === 'clock' && !id) {
    if (method === 'GET') return json({ now: new Date(ops.clock.now()).toISOString(), mode: ops.clock.mode });
    if (method === 'POST') {
      const body = (await readJson(request)) as { set?: unknown; advance?: unknown };
      if (body.set === undefined && body.advance === undefined) {
        throw new ControlError(400, 'BAD_REQUEST', 'send { "set": "<RFC 3339 time>" } or { "advance": "<duration>" }');
      }
      if (body.set !== undefined) {
        if (typeof body.set !== 'string' || !Number.isFinite(Date.parse(body.set))) {
          throw new ControlError(400, 'BAD_REQUEST', '"set" must be an RFC 3339 time');
        }
        ops.clock.set(body.set);
      }
      if (body.advance !== undefined) ops.clock.advance(parseDuration(body.advance));
      return json({ now: new Date(ops.clock.now()).toISOString(), mode: ops.clock.mode });
    }
  }
  if (resource === 'journal' && !id) {
    if (method === 'GET') return json({ limit: ops.journal.limit, entries: ops.journal.entries(journalFilter(url)) });
    if (method === 'DELETE') {
      ops.journal.clear();
      return json({ ok: true });
    }
  }
  if (resource === 'faults') {
    if (!id && method === 'GET') return json({ faults: ops.faults.list() });
    if (!id && method === 'POST') return json({ fault: ops.faults.add((await readJson(request)) as FaultRule) }, 201);
    if (!id && method === 'DELETE') return json({ removed: ops.faults.clear() });
    if (id && !action && method === 'DELETE') {
      if (ops.faults.clear(id) === 0) throw new ControlError(404, 'NOT_FOUND', `no fault with id "${id}"`);
      return json({ removed: 1 });
    }
  }
  if (resource === 'deployments' && id && action === 'status' && method === 'POST') {
    const body = (await readJson(request)) as { status?: unknown };
    return json(ops.setDeploymentStatus(id, body.status));
  }
  if (resource === 'tokens' && !id && method === 'POST') {
    const body = (await readJson(request)) as { userId?: unknown; email?: unknown };
    if (typeof body.userId !== 'string' && typeof body.email !== 'string') {
      throw new ControlError(400, 'BAD_REQUEST', 'send { "email": "…" } or { "userId": "…" }');
    }
    return json(
      await ops.tokenFor({
        ...(typeof body.userId === 'string' ? { userId: body.userId } : {}),
        ...(typeof body.email === 'string' ? { email: body.email } : {}),
      }),
      201,
    );
  }
  const extra = await ops.extraRoutes?.({ method, segments, body: () => readJson(request) });
  if (extra) return json(extra.body, extra.status ?? 200);
  throw new ControlError(404, 'NOT_FOUND', `no control endpoint ${method} ${CONTROL_PREFIX}${path === '/' ? '' : path} (see GET ${CONTROL_PREFIX})`);
}

/** A control API call's answer: its own, or the error it ended with (never a stack trace). */
async function answerControl(ops: ControlOperations, request: Request, url: URL): Promise<Response> {
  try {
    return await route(ops, request, url);
  } catch (error) {
    if (error instanceof ControlError) return json({ error: { code: error.code, message: error.message } }, error.status);
    if (error instanceof FaultRuleError) return json({ error: { code: 'BAD_REQUEST', message: error.message } }, 400);
    // Anything else is our bug: answered without its stack trace or file paths (the adapter's default shows both).
    return json({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'unexpected error in the control API' } }, 500);
  }
}

/**
 * The control API under `/_mock`: reset, snapshots, state import/export, clock, journal, faults, tokens. Every call
 * needs the admin key in the `x-houston-mock-key` header, so that the emulated permissions cannot be bypassed
 * through it by a client that only holds a Houston token.
 */
export function controlApiPlugin(ops: ControlOperations, adminKey: string): Plugin {
  return {
    // Not async: every request passes here, and only the control API's own need to wait (for their body).
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== CONTROL_PREFIX && !url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return undefined;
      const given = request.headers.get(ADMIN_KEY_HEADER);
      if (given === null) {
        endResponse(json({ error: { code: 'ADMIN_KEY_REQUIRED', message: `the control API needs the admin key in the ${ADMIN_KEY_HEADER} header` } }, 401));
        return undefined;
      }
      if (!keyMatches(given, adminKey)) {
        endResponse(json({ error: { code: 'ADMIN_KEY_INVALID', message: 'the admin key is not valid' } }, 403));
        return undefined;
      }
      return answerControl(ops, request, url).then(endResponse);
    },
  };
}
