/**
 * Test setup: houston-mock/vitest's `test`, whose `houston` fixture is one houston-mock per test file, put back to its
 * starting platform before every test, extended with `clients`: this example's HoustonClient logged in as whoever a
 * test needs.
 *
 *   import { expect, it } from './setup.js';
 *
 *   it('creates a deployment', async ({ clients }) => {
 *     const { client, session } = await clients.as('WORKSPACE_ADMIN');
 *     const deployment = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
 *     …
 *   });
 *
 * Files run in parallel, each against an instance of its own, so tests never see another file's data. Options for a
 * file's instance: `it.override({ houstonOptions: { transport: 'http' } })` at its top. No vitest config is needed.
 */
import { test as houstonTest, type HoustonHarness, type Identity, type Session } from 'houston-mock/vitest';
import { HoustonClient, type HoustonClientOptions } from '../src/houston.js';

export { describe, expect } from 'houston-mock/vitest';

/** Retries wait 0 ms in tests: injected faults answer at once, and waiting would only slow the suite. */
type ClientOptions = Partial<Omit<HoustonClientOptions, 'url' | 'token'>>;

export interface Clients {
  /** Provisions `identity` (a role, a user, a service account) and returns our client logged in as it. */
  as(identity: Identity, options?: ClientOptions): Promise<{ client: HoustonClient; session: Session }>;
  /** Our client with a given credential (a token or API key obtained some other way). */
  with(token: string, options?: ClientOptions): HoustonClient;
}

function clientsFor(houston: HoustonHarness): Clients {
  const clients: Clients = {
    with(token, options = {}) {
      // In-process (the default transport), houston.fetch hands requests to the instance with no socket.
      return new HoustonClient({ url: houston.url, token, fetch: houston.fetch, retryDelayMs: 0, ...options });
    },
    async as(identity, options) {
      const session = await houston.as(identity);
      if (session.authorization === null) throw new Error('clients.as(): this identity has no credential; use clients.with()');
      return { client: clients.with(session.authorization, options), session };
    },
  };
  return clients;
}

/** houston-mock/vitest's `test` with our `clients` beside its `houston` harness. */
export const it = houstonTest.extend<{ clients: Clients }>({
  clients: async ({ houston }, use) => use(clientsFor(houston)),
});
