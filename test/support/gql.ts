import type { HoustonMock } from '../../src/index.js';
import { derived, registeredViews, staleViews } from '../../src/store/lookups.js';

export interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
  path?: (string | number)[];
}

export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
}

/**
 * Posts a GraphQL request to the mock in-process, the way the Astro CLI does (raw token, no operationName).
 *
 * It also checks, on every request of the suites that use it, that the views derived from the platform stay true:
 * each is derived before the request, and a write the request made without reporting its rows (`rowChanged`), or a
 * view that followed them wrongly, leaves a stale view, which fails the test. Skipped on a large platform, where
 * deriving them all costs too much.
 */
export async function gql<T = Record<string, any>>(
  mock: HoustonMock,
  query: string,
  variables: Record<string, unknown> | null = null,
  token?: string,
): Promise<GraphQLBody<T> & { status: number }> {
  const checked = Object.keys(mock.store.data.roleBindings).length < 5_000;
  if (checked) for (const kept of registeredViews()) derived(mock.store, kept);
  const response = await mock.fetch('http://houston.test/v1', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphQLBody<T>;
  const stale = checked ? staleViews(mock.store) : [];
  if (stale.length > 0) throw new Error(`stale views after ${query.trim().slice(0, 80)}: ${stale.join(', ')}`);
  return { ...body, status: response.status };
}

/** Logs in with a local password, as `astro login` does, and returns the token. */
export async function login(mock: HoustonMock, identity: string, password: string): Promise<string> {
  const result = await gql<{ createToken: { token: { value: string } } }>(
    mock,
    'mutation ($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { token { value } } }',
    { identity, password },
  );
  if (!result.data?.createToken) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.createToken.token.value;
}
