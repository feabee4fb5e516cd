/**
 * `houston-mock/testing`: a houston-mock instance for a test file, with graphql-request clients already logged in
 * as whoever a test needs. Each call to `startHoustonMock` makes an instance of its own, so parallel test files
 * never share data.
 *
 *   const houston = await startHoustonMock();
 *   const admin = await houston.as('SYSTEM_ADMIN');
 *   const { workspaces } = await admin.request(gql`{ workspaces { id label } }`);
 */
import { GraphQLClient } from 'graphql-request';
import type { JournalEntry, JournalFilter } from '../control/journal.js';
import { SEED_ADMIN } from '../fixtures/seed.js';
import { announceChange, createHoustonMock, type HoustonMock, type HoustonMockOptions } from '../server/createHoustonMock.js';
import type { RoleName } from '../store/entities.js';
import { PROVISIONED_PASSWORD, provisionServiceAccount, provisionUser, type ProvisionRole, type Scope } from './provision.js';

export { PROVISIONED_PASSWORD } from './provision.js';
export { expectHoustonError, HoustonErrorExpectation, type HoustonErrorInfo, type RawGraphQLError } from './errors.js';
export type { ProvisionRole } from './provision.js';
export type { JournalEntry, JournalFilter } from '../control/journal.js';
export type { Fault, FaultRule } from '../control/faults.js';

export interface HarnessOptions extends HoustonMockOptions {
  /**
   * `in-process` (default): clients call the instance directly, no socket, fastest. `http`: the instance listens on
   * a free port of 127.0.0.1 and clients go over HTTP, for code that needs a real URL (or a child process).
   */
  transport?: 'in-process' | 'http';
}

/** Who a client acts as. */
export type Identity =
  /** A new user holding this role (scoped roles get a new workspace or deployment of their own). */
  | ProvisionRole
  /** A new user holding this role on the given workspace or deployment. */
  | ({ role: ProvisionRole; email?: string } & Scope)
  /** An existing user, by email (for example a seeded one) or id. */
  | { email: string }
  | { userId: string }
  /** A new service account holding this role; the client authenticates with its API key. */
  | ({ serviceAccount: RoleName } & Scope)
  /** No credentials at all. */
  | 'anonymous';

/** A logged-in client and what the harness made for it. */
export interface Session {
  /** A graphql-request client sending this identity's credential in the `authorization` header, as Houston expects. */
  client: GraphQLClient;
  /** Shorthand for `client.request(document, variables)`. */
  request: GraphQLClient['request'];
  /** The raw credential: a user JWT or a service account's API key (null when anonymous). */
  authorization: string | null;
  userId?: string;
  email?: string;
  /** Every user the harness provisions has this password, so `createToken` works for them too. */
  password?: string;
  serviceAccountId?: string;
  workspaceId?: string;
  deploymentId?: string;
}

export interface HoustonHarness {
  readonly mock: HoustonMock;
  /** The GraphQL endpoint clients use (`http://127.0.0.1:PORT/v1` over HTTP; a placeholder host in-process). */
  readonly url: string;
  /**
   * The `fetch` that reaches this instance: the global one over HTTP; in-process, one that hands each request
   * to the instance without a socket. Give it to a client of your own.
   */
  readonly fetch: typeof fetch;
  /** A client with this raw `authorization` value (a token or API key), or none. */
  client(authorization?: string | null): GraphQLClient;
  /** A client acting as the given identity, provisioning the user or service account first when needed. */
  as(identity: Identity): Promise<Session>;
  /** The seeded system administrator (admin@example.com), logged in. */
  admin(): Promise<Session>;
  /**
   * Everything back for the next test: the platform and its clock to the checkpoint (by default the seeded start),
   * no injected faults, an empty journal. Milliseconds at the default size. (`mock.reset()` alone keeps the
   * journal.)
   */
  reset(): void;
  /** Makes the current platform what `reset()` returns to: provision in `beforeAll`, checkpoint, reset per test. */
  checkpoint(): void;
  /** An independent copy of this instance (same transport), for a test that must not touch the shared one. */
  fork(): Promise<HoustonHarness>;
  /** The journal's entries (oldest first), optionally filtered. */
  requests(filter?: JournalFilter): JournalEntry[];
  /** The most recent journal entry. */
  lastRequest(): JournalEntry | undefined;
  close(): Promise<void>;
}

/** The in-process URL: never resolved, since requests go straight to the instance. */
const IN_PROCESS_URL = 'http://houston-mock.in-process/v1';

function isRoleName(identity: string): identity is ProvisionRole {
  return identity !== 'anonymous';
}

async function harnessFor(mock: HoustonMock, transport: 'in-process' | 'http'): Promise<HoustonHarness> {
  const url = transport === 'http' ? await mock.listen(0, '127.0.0.1') : IN_PROCESS_URL;
  // graphql-request's own fetch would go to the network; in-process, requests are handed to the instance.
  const inProcess = async (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    mock.fetch(input instanceof Request ? input : new Request(String(input), init));
  const fetchImpl = (transport === 'http' ? fetch : inProcess) as typeof fetch;

  const client = (authorization?: string | null) =>
    new GraphQLClient(url, { fetch: fetchImpl, headers: authorization ? { authorization } : {} });

  const session = (authorization: string | null, details: Omit<Session, 'client' | 'request' | 'authorization'>): Session => {
    const c = client(authorization);
    return { client: c, request: c.request.bind(c) as GraphQLClient['request'], authorization, ...details };
  };

  const asUser = async (userId: string, email: string, extra: Omit<Session, 'client' | 'request' | 'authorization'> = {}) =>
    session(await mock.issueToken(userId), { userId, email, ...extra });

  const harness: HoustonHarness = {
    mock,
    url,
    fetch: fetchImpl,
    client,
    async as(identity) {
      const store = mock.store;
      if (identity === 'anonymous') return session(null, {});
      if (typeof identity === 'string' && isRoleName(identity)) {
        const made = provisionUser(store, identity);
        announceChange(mock);
        return asUser(made.userId, made.email, { password: PROVISIONED_PASSWORD, ...scopeOf(made) });
      }
      if (typeof identity !== 'object' || identity === null) throw new Error(`houston-mock/testing: unknown identity ${String(identity)}`);
      if ('serviceAccount' in identity) {
        const made = provisionServiceAccount(store, identity.serviceAccount, identity);
        announceChange(mock);
        return session(made.apiKey, { serviceAccountId: made.serviceAccountId, ...scopeOf(made) });
      }
      if ('role' in identity) {
        const made = provisionUser(store, identity.role, identity, identity.email);
        announceChange(mock);
        return asUser(made.userId, made.email, { password: PROVISIONED_PASSWORD, ...scopeOf(made) });
      }
      const { userId, token } = await mock.tokenFor('email' in identity ? { email: identity.email } : { userId: identity.userId });
      const user = store.data.users[userId]!;
      return session(token, { userId, email: user.emails.find((e) => e.primary)?.address ?? user.username });
    },
    admin() {
      return harness.as({ email: SEED_ADMIN.email });
    },
    reset: () => {
      // mock.reset() brings back the platform, the clock and no faults; a test also starts with an empty journal.
      mock.reset();
      mock.journal.clear();
    },
    checkpoint: () => mock.load(mock.exportState()),
    async fork() {
      return harnessFor(mock.fork(), transport);
    },
    requests: (filter) => mock.journal.entries(filter),
    lastRequest: () => mock.journal.last(),
    close: () => mock.close(),
  };
  return harness;
}

function scopeOf(made: Scope): Scope {
  return {
    ...(made.workspaceId ? { workspaceId: made.workspaceId } : {}),
    ...(made.deploymentId ? { deploymentId: made.deploymentId } : {}),
  };
}

/** Starts an isolated instance for a test file (seed 1 unless told otherwise) and returns its harness. */
export async function startHoustonMock(options: HarnessOptions = {}): Promise<HoustonHarness> {
  const { transport = 'in-process', ...mockOptions } = options;
  return harnessFor(createHoustonMock(mockOptions), transport);
}
