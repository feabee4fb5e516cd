/**
 * `expectHoustonError`: one assertion for "this request fails the way Houston fails it", whatever the client.
 * Houston answers most refusals with HTTP 200 and an `errors` list (FORBIDDEN, a validation message, …), but a
 * client may also surface them as a rejected promise (graphql-request's ClientError), a Response (plain `fetch`)
 * or the parsed JSON body. Each is unwrapped to the first GraphQL error.
 */

/** The GraphQL error a request failed with, as Houston sent it. */
export interface HoustonErrorInfo {
  message: string;
  /** `extensions.code` (for example `FORBIDDEN`, `BAD_USER_INPUT`); null when the error has none. */
  code: string | null;
  /** The response path of the field that failed, when the error came from one. */
  path: readonly (string | number)[] | null;
  extensions: Readonly<Record<string, unknown>>;
  /** Every error of the answer. */
  errors: readonly RawGraphQLError[];
  /** The HTTP status, when the client made it known (a Response, or graphql-request's ClientError). */
  status: number | null;
}

export interface RawGraphQLError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: Record<string, unknown>;
}

/** Thrown by expectHoustonError when the request did not fail as expected; the message says what happened. */
export class HoustonErrorExpectation extends Error {
  override name = 'HoustonErrorExpectation';
}

interface Outcome {
  errors: RawGraphQLError[];
  status: number | null;
  /** What the request gave when it did not fail with GraphQL errors, for the failure message. */
  other?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A fetch Response, by shape: the in-process `fetch` answers with graphql-yoga's own Response class. */
function isResponse(value: unknown): value is Response {
  return isRecord(value) && typeof value.status === 'number' && typeof value.text === 'function' && isRecord(value.headers);
}

function graphQLErrors(value: unknown): RawGraphQLError[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.every((e) => isRecord(e) && typeof e.message === 'string') ? (value as RawGraphQLError[]) : null;
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

async function fromResponse(response: Response): Promise<Outcome> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { errors: [], status: response.status, other: `HTTP ${response.status} with a body that is not JSON: ${preview(text)}` };
  }
  return fromBody(body, response.status);
}

function fromBody(body: unknown, status: number | null): Outcome {
  const errors = isRecord(body) ? graphQLErrors(body.errors) : null;
  if (errors) return { errors, status };
  const data = isRecord(body) && 'data' in body ? body.data : body;
  return { errors: [], status, other: `${status !== null ? `HTTP ${status}, ` : ''}data ${preview(data)}` };
}

/** graphql-request's ClientError (and look-alikes): `error.response` holds the body, its `status` the HTTP status. */
function fromRejection(error: unknown): Outcome {
  if (isRecord(error) && isRecord(error.response)) {
    const response = error.response;
    const status = typeof response.status === 'number' ? response.status : null;
    const errors = graphQLErrors(response.errors);
    if (errors) return { errors, status };
    // A non-GraphQL answer (an ingress's 502 page, say): graphql-request keeps the text in `error`.
    return { errors: [], status, other: `HTTP ${status ?? '?'} without GraphQL errors: ${preview(response.error ?? response)}` };
  }
  const errors = isRecord(error) ? graphQLErrors(error.errors) : null;
  if (errors) return { errors, status: null };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : preview(error);
  return { errors: [], status: null, other: `a rejection that is not a GraphQL error: ${message}` };
}

/**
 * Awaits a request and resolves to its first GraphQL error, checking its `extensions.code` when `code` is given.
 * Accepts a promise (or a function returning one) that rejects with graphql-request's ClientError, or resolves to
 * a `Response`, or to a parsed `{ data, errors }` body. With a code, the first error carrying it is returned. Rejects
 * with a readable message when the request succeeded, failed without a GraphQL error, or failed with other codes.
 *
 *   const error = await expectHoustonError(viewer.request(CREATE_WORKSPACE), 'FORBIDDEN');
 *   expect(error.message).toMatch(/permission/);
 */
export async function expectHoustonError(request: Promise<unknown> | (() => Promise<unknown>), code?: string): Promise<HoustonErrorInfo> {
  let outcome: Outcome;
  try {
    const value = await (typeof request === 'function' ? request() : request);
    outcome = isResponse(value) ? await fromResponse(value) : fromBody(value, null);
  } catch (error) {
    outcome = fromRejection(error);
  }
  const wanted = code ? ` with code ${code}` : '';
  if (outcome.errors.length === 0) {
    throw new HoustonErrorExpectation(`expected a Houston error${wanted}, but the request gave ${outcome.other ?? 'no error'}`);
  }
  const codeOf = (error: RawGraphQLError): string | null => (typeof error.extensions?.code === 'string' ? error.extensions.code : null);
  // With a code, the first error carrying it: an answer may hold several errors (one per failed field).
  const first = code === undefined ? outcome.errors[0] : outcome.errors.find((error) => codeOf(error) === code);
  if (!first) {
    const got = outcome.errors.map((error) => `${codeOf(error) ?? 'no code'}: "${error.message}"`).join('; ');
    throw new HoustonErrorExpectation(`expected a Houston error with code ${code}, got ${got}`);
  }
  const extensions = first.extensions ?? {};
  const actual = codeOf(first);
  return {
    message: first.message,
    code: actual,
    path: first.path ?? null,
    extensions,
    errors: outcome.errors,
    status: outcome.status,
  };
}
