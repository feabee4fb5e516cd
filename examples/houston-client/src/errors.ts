import { ClientError } from 'graphql-request';

/**
 * What went wrong, as code calling the client can act on it. Houston reports failures as GraphQL errors with an
 * `extensions.code`, usually at HTTP 200; the ingress in front of it answers 502/503/504 when Houston is away.
 */
export type HoustonErrorCode =
  /** No token, an expired or invalid token, or a missing permission: Houston answers all four alike. */
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'RESOURCE_NOT_FOUND'
  /** Houston refused the arguments (a duplicate label, a reserved variable name…). */
  | 'BAD_USER_INPUT'
  /** No answer from Houston itself: HTTP 502, 503 or 504, or the network failed. Worth retrying later. */
  | 'UNAVAILABLE'
  /** Any other failure; `houstonCode` keeps what Houston said. */
  | 'UNKNOWN';

const KNOWN_CODES: ReadonlySet<string> = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'RESOURCE_NOT_FOUND', 'BAD_USER_INPUT']);
const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

export class HoustonError extends Error {
  override readonly name = 'HoustonError';

  constructor(
    /** Houston's own message, unchanged, so callers can show it or match on it. */
    message: string,
    readonly code: HoustonErrorCode,
    /** The operation that failed, e.g. `CreateDeployment`. */
    readonly operation: string,
    /** `extensions.code` exactly as Houston sent it, or null when it sent none. */
    readonly houstonCode: string | null = null,
    /** The HTTP status, when an answer arrived. */
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** True for failures that may pass by themselves (Houston restarting, an ingress hiccup). */
  get transient(): boolean {
    return this.code === 'UNAVAILABLE';
  }

  /** Turns whatever graphql-request or fetch threw into a HoustonError; other errors (bugs) pass through. */
  static from(error: unknown, operation: string): unknown {
    if (error instanceof HoustonError) return error;
    if (error instanceof ClientError) {
      const status = error.response.status;
      const first = error.response.errors?.[0];
      const houstonCode = typeof first?.extensions?.code === 'string' ? first.extensions.code : null;
      const message = first?.message ?? `Houston answered HTTP ${status}`;
      // The status wins over the body: an ingress 503 says nothing reliable about what Houston did.
      if (UNAVAILABLE_STATUSES.has(status)) return new HoustonError(message, 'UNAVAILABLE', operation, houstonCode, status, { cause: error });
      const code: HoustonErrorCode = houstonCode !== null && KNOWN_CODES.has(houstonCode) ? (houstonCode as HoustonErrorCode) : 'UNKNOWN';
      return new HoustonError(message, code, operation, houstonCode, status, { cause: error });
    }
    // fetch rejects with a TypeError when no HTTP answer came back at all (connection refused, DNS, reset).
    if (error instanceof TypeError && /fetch/i.test(error.message)) {
      return new HoustonError(`Houston could not be reached: ${error.message}`, 'UNAVAILABLE', operation, null, null, { cause: error });
    }
    return error;
  }
}
