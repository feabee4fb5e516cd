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
    const harness = started!;
    // reset() puts the platform and its clock back; faults and the journal are the test's own business, so they
    // are cleared too: a fault left without `times` would otherwise answer the next test.
    harness.reset();
    harness.mock.faults.clear();
    harness.mock.journal.clear();
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
      return new HoustonClient({ url: harness.url, token, fetch: fetchFor(harness), retryDelayMs: 0, ...clientOptions });
    },
    async clientAs(identity, clientOptions) {
      const session = await fixture.harness.as(identity);
      if (session.authorization === null) throw new Error('clientAs(): this identity has no credential; use clientWith()');
      return { client: fixture.clientWith(session.authorization, clientOptions), session };
    },
  };
  return fixture;
}

/**
 * In-process (the default transport) requests go straight to the instance, with no socket; over HTTP the client
 * keeps its own global fetch, as in production.
 */
function fetchFor(harness: HoustonHarness): typeof fetch | undefined {
  if (harness.mock.url !== undefined) return undefined;
  return async (input, init) => harness.mock.fetch(new Request(input, init));
}
