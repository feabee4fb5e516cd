/**
 * Test setup: one houston-mock per test file, put back to its starting platform before every test.
 *
 *   import { useHoustonMock } from './setup.js';
 *
 *   const houston = useHoustonMock();
 *
 *   it('creates a deployment', async () => {
 *     const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
 *     const deployment = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
 *     …
 *   });
 *
 * Call `useHoustonMock()` once at the top of a test file: it registers that file's hooks. Files run in parallel,
 * each against an instance of its own, so tests never see another file's data. No vitest config is needed.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startHoustonMock, type HarnessOptions, type HoustonHarness, type Identity, type Session } from 'houston-mock/testing';
import { HoustonClient, type HoustonClientOptions } from '../src/houston.js';

/** Retries wait 0 ms in tests: injected faults answer at once, and waiting would only slow the suite. */
type ClientOptions = Partial<Omit<HoustonClientOptions, 'url' | 'token'>>;

export interface HoustonFixture {
  /** This file's harness: `harness.mock` holds the clock, the journal and the faults. */
  readonly harness: HoustonHarness;
  /** Provisions `identity` (a role, a user, a service account) and returns our client logged in as it. */
  clientAs(identity: Identity, options?: ClientOptions): Promise<{ client: HoustonClient; session: Session }>;
  /** Our client with a given credential (a token or API key obtained some other way). */
  clientWith(token: string, options?: ClientOptions): HoustonClient;
}

export function useHoustonMock(options: HarnessOptions = {}): HoustonFixture {
  let started: HoustonHarness | undefined;

  beforeAll(async () => {
    started = await startHoustonMock(options);
  });

  beforeEach(() => {
    // The platform and its clock back to the seed, no faults left by the previous test, an empty journal.
    started!.reset();
  });

  afterAll(async () => {
    await started?.close();
  });

  const fixture: HoustonFixture = {
    get harness() {
      if (!started) throw new Error('useHoustonMock(): the harness exists inside tests and hooks only');
      return started;
    },
    clientWith(token, clientOptions = {}) {
      const harness = fixture.harness;
      // In-process (the default transport), harness.fetch hands requests to the instance with no socket.
      return new HoustonClient({ url: harness.url, token, fetch: harness.fetch, retryDelayMs: 0, ...clientOptions });
    },
    async clientAs(identity, clientOptions) {
      const session = await fixture.harness.as(identity);
      if (session.authorization === null) throw new Error('clientAs(): this identity has no credential; use clientWith()');
      return { client: fixture.clientWith(session.authorization, clientOptions), session };
    },
  };
  return fixture;
}
