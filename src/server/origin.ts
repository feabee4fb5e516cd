import { isIP } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CORSOptions } from 'graphql-yoga';

/**
 * Browser-origin safety: a web page the developer visits must not be able to drive a local houston-mock (log in as
 * the seeded admin, change the platform, read it back). Two holes are closed, as Vite and webpack-dev-server close
 * them:
 *
 * - **Cross-origin calls** (fetch from another site): CORS answers only the allowed origins, by default pages
 *   served from this machine (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`). A request from any other
 *   origin gets no CORS headers, so the browser withholds the answer, and the preflight that every JSON POST or
 *   `authorization` header needs fails. Websockets have no CORS: their upgrade is refused instead.
 * - **DNS rebinding** (a site whose name is made to resolve to 127.0.0.1, so its pages count as same-origin): the
 *   request still carries the site's name in `Host`. A server bound to a loopback address answers only Host names
 *   that mean this machine (or ones configured), so a rebound name is refused with 403.
 *
 * The checks apply to requests arriving over the network; `mock.fetch` in-process has no browser behind it.
 */

/** The CORS default: pages served from this machine, on any port. */
export const LOOPBACK_ORIGINS: readonly string[] = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

/** Whether an address the server binds to (`--host`) is a loopback one: only this machine can connect. */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/** The host name of a `Host` header (`localhost:8871` → `localhost`, `[::1]:8871` → `[::1]`), lower-cased. */
function hostName(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end === -1 ? value : value.slice(0, end + 1);
  }
  const colon = value.indexOf(':');
  return colon === -1 ? value : value.slice(0, colon);
}

/** `example.test` matches that name; `.example.test` that name and its subdomains; `*` any name. */
function hostListed(name: string, allowedHosts: readonly string[]): boolean {
  for (const entry of allowedHosts) {
    const allowed = entry.trim().toLowerCase();
    if (allowed === '*' || allowed === name) return true;
    if (allowed.startsWith('.') && (name === allowed.slice(1) || name.endsWith(allowed))) return true;
  }
  return false;
}

/** An origin pattern: `*`, an exact origin, or one whose port is `*` (`http://localhost:*`). */
export function originAllowed(origin: string, patterns: readonly string[]): boolean {
  const wanted = origin.toLowerCase();
  for (const raw of patterns) {
    const pattern = raw.trim().toLowerCase().replace(/\/+$/, '');
    if (pattern === '*' || pattern === wanted) return true;
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      if (wanted === base || (wanted.startsWith(`${base}:`) && /^\d+$/.test(wanted.slice(base.length + 1)))) return true;
    }
  }
  return false;
}

/**
 * yoga's CORS option: the allowed origins (patterns included) get their own origin back, without credentials
 * (tokens travel in the `authorization` header, never in cookies); any other origin gets no CORS headers.
 */
export function corsPolicy(patterns: readonly string[]): false | ((request: Request) => CORSOptions) {
  if (patterns.length === 0) return false;
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !originAllowed(origin, patterns)) return false as unknown as CORSOptions;
    return { origin: [origin], credentials: false };
  };
}

export interface Refusal {
  code: 'FORBIDDEN_HOST' | 'FORBIDDEN_ORIGIN';
  message: string;
}

export interface OriginPolicy {
  /** Host names answered besides loopback ones; `*` answers any. */
  allowedHosts: readonly string[];
  /** CORS origin patterns (also what a websocket's `Origin` must match, unless it is the server's own). */
  corsOrigins: readonly string[];
}

/**
 * Why a request that reached the listening server is refused, or null. The Host check runs when the server is
 * bound to a loopback address, or when hosts are configured (a container binds 0.0.0.0 and can opt in).
 */
export function refusal(request: IncomingMessage, boundHost: string, policy: OriginPolicy, upgrade: boolean): Refusal | null {
  // The health check tells nothing a page could use, and a container's probe may name the bound address.
  if (!upgrade && request.url === '/health') return null;
  const header = request.headers.host;
  const checkHost = !policy.allowedHosts.includes('*') && (isLoopbackAddress(boundHost) || policy.allowedHosts.length > 0);
  if (checkHost && header !== undefined) {
    const name = hostName(header);
    if (!isLoopbackAddress(name) && !hostListed(name, policy.allowedHosts)) {
      return {
        code: 'FORBIDDEN_HOST',
        message:
          `Host "${name.slice(0, 100)}" is not allowed: houston-mock answers only localhost, 127.0.0.1 and [::1] here ` +
          '(protection against DNS rebinding). Allow it with --allowed-host or houstonMock.allowedHosts.',
      };
    }
  }
  if (upgrade) {
    // Browsers do not apply CORS to websockets: a page on another site could open one and sign in over it.
    const origin = request.headers.origin;
    if (origin !== undefined && !originAllowed(origin, policy.corsOrigins) && !sameOrigin(origin, header)) {
      return {
        code: 'FORBIDDEN_ORIGIN',
        message: `Origin "${origin.slice(0, 100)}" is not allowed to open a websocket. Allow it with --cors-origin or houstonMock.corsOrigins.`,
      };
    }
  }
  return null;
}

/** A page served by this very server (the playground, through whatever name the user reached it by). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host.trim().toLowerCase();
  } catch {
    return false;
  }
}

/** The 403 answer to a refused request: a GraphQL-shaped error body, so that clients show the message. */
export function refusalBody(refused: Refusal): string {
  return JSON.stringify({ errors: [{ message: refused.message, extensions: { code: refused.code } }] });
}

export function refuse(response: ServerResponse, refused: Refusal): void {
  const body = refusalBody(refused);
  response.writeHead(403, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.end(body);
}
