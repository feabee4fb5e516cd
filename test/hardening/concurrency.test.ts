import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { login } from '../support/gql.js';

/**
 * Hundreds of mutations of several kinds sent at once over HTTP to one instance. Node runs one request's store
 * operation at a time, but requests interleave at every `await` (token checks, token signing, body reading): the
 * final state must be exactly what the same requests would give one after another, with nothing lost or doubled.
 */

interface Answer<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

function poster(base: string) {
  return async <T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<Answer<T>> => {
    const response = await fetch(`${base}/v1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as Omit<Answer<T>, 'status'>) };
  };
}

const CREATE_WORKSPACE = 'mutation ($label: String!) { createWorkspace(label: $label) { id label } }';
const ADD_USER = 'mutation ($ws: Uuid!, $email: String!, $role: Role!) { workspaceAddUser(workspaceUuid: $ws, email: $email, role: $role) { id } }';
const CREATE_SERVICE_ACCOUNT =
  'mutation ($ws: Uuid!, $label: String!) { createWorkspaceServiceAccount(workspaceUuid: $ws, label: $label, role: WORKSPACE_VIEWER) { id apiKey } }';
const UPDATE_WORKSPACE = 'mutation ($ws: Uuid!, $payload: JSON!) { updateWorkspace(workspaceUuid: $ws, payload: $payload) { id description } }';
const SIGN_UP = 'mutation ($email: String!, $password: String!) { createUser(email: $email, password: $password) { user { id } token { value } } }';

describe('concurrent mutations over HTTP', () => {
  let mock: HoustonMock;
  let post: ReturnType<typeof poster>;
  let admin: string;
  /** Workspaces made before the burst, each the target of one kind of concurrent mutation. */
  let target: { members: string; described: string; duplicates: string; accounts: string };
  let workspacesBefore: number;
  const sent = { workspaces: 60, signUps: 40, invites: 40, descriptions: 50, duplicateInvites: 20, serviceAccounts: 60 };
  const answers: Record<keyof typeof sent, Answer[]> = {
    workspaces: [],
    signUps: [],
    invites: [],
    descriptions: [],
    duplicateInvites: [],
    serviceAccounts: [],
  };
  const memberAdds: Answer[] = [];

  beforeAll(async () => {
    // Public sign-ups without email confirmation, so sign-ups can race with the workspace additions that follow.
    mock = createHoustonMock({ config: { houston: { publicSignups: true, emailConfirmation: false } } });
    post = poster(new URL(await mock.listen(0)).origin);
    admin = await login(mock, 'admin@example.com', 'admin');

    const make = async (label: string) => (await post<{ createWorkspace: { id: string } }>(CREATE_WORKSPACE, { label }, admin)).data!.createWorkspace.id;
    target = {
      members: await make('Target members'),
      described: await make('Target described'),
      duplicates: await make('Target duplicates'),
      accounts: await make('Target accounts'),
    };
    workspacesBefore = Object.keys(mock.store.data.workspaces).length;

    // The burst: every request below is in flight at the same time.
    const burst: Promise<void>[] = [];
    const push = (kind: keyof typeof sent, p: Promise<Answer>) => burst.push(p.then((a) => void answers[kind].push(a)));
    for (let i = 0; i < sent.workspaces; i++) push('workspaces', post(CREATE_WORKSPACE, { label: `Burst ${i}` }, admin));
    for (let i = 0; i < sent.duplicateInvites; i++) {
      push('duplicateInvites', post(ADD_USER, { ws: target.duplicates, email: 'same.person@example.com', role: 'WORKSPACE_VIEWER' }, admin));
    }
    for (let i = 0; i < sent.serviceAccounts; i++) push('serviceAccounts', post(CREATE_SERVICE_ACCOUNT, { ws: target.accounts, label: `ci-${i}` }, admin));
    for (let i = 0; i < sent.signUps; i++) {
      const email = `member${i}@example.com`;
      // Sign up, then (still concurrently with everything else) join the members workspace.
      push(
        'signUps',
        post(SIGN_UP, { email, password: `pw-${i}` }).then(async (answer) => {
          memberAdds.push(await post(ADD_USER, { ws: target.members, email, role: i % 2 ? 'WORKSPACE_EDITOR' : 'WORKSPACE_VIEWER' }, admin));
          return answer;
        }),
      );
    }
    for (let i = 0; i < sent.invites; i++) push('invites', post(ADD_USER, { ws: target.members, email: `invitee${i}@example.com`, role: 'WORKSPACE_VIEWER' }, admin));
    for (let i = 0; i < sent.descriptions; i++) push('descriptions', post(UPDATE_WORKSPACE, { ws: target.described, payload: { description: `description ${i}` } }, admin));
    await Promise.all(burst);
  }, 60_000);

  afterAll(() => mock?.close());

  it('sends several hundred mutations in one burst', () => {
    const total = Object.values(answers).reduce((n, list) => n + list.length, 0) + memberAdds.length;
    expect(total).toBeGreaterThanOrEqual(300);
  });

  it('answers every request with HTTP 200', () => {
    const statuses = [...Object.values(answers).flat(), ...memberAdds].map((a) => a.status);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('creates every workspace exactly once', async () => {
    expect(answers.workspaces.filter((a) => a.errors)).toEqual([]);
    const ids = answers.workspaces.map((a) => a.data.createWorkspace.id);
    expect(new Set(ids).size).toBe(sent.workspaces);
    expect(Object.keys(mock.store.data.workspaces)).toHaveLength(workspacesBefore + sent.workspaces);
    const listed = await post<{ workspaces: { id: string; label: string }[] }>('{ workspaces { id label } }', {}, admin);
    const burstLabels = listed.data!.workspaces.map((w) => w.label).filter((l) => l.startsWith('Burst '));
    expect(burstLabels.sort()).toEqual(Array.from({ length: sent.workspaces }, (_, i) => `Burst ${i}`).sort());
  });

  it('lets exactly one of twenty concurrent invitations of the same email in, refusing the others with Houston\'s message', () => {
    expect(answers.duplicateInvites.filter((a) => !a.errors)).toHaveLength(1);
    const refusals = answers.duplicateInvites.filter((a) => a.errors).map((a) => [a.errors![0]!.message, a.errors![0]!.extensions?.code]);
    expect(refusals).toHaveLength(sent.duplicateInvites - 1);
    expect(new Set(refusals.map((r) => r.join(' ')))).toEqual(new Set(['User already invited USER_ALREADY_INVITED']));
    expect(Object.values(mock.store.data.invites).filter((i) => i.workspaceId === target.duplicates)).toHaveLength(1);
  });

  it('creates every service account with its own API key and one role binding on the workspace', async () => {
    expect(answers.serviceAccounts.filter((a) => a.errors)).toEqual([]);
    const keys = answers.serviceAccounts.map((a) => a.data.createWorkspaceServiceAccount.apiKey as string);
    expect(new Set(keys).size).toBe(sent.serviceAccounts);
    const listed = await post<{ workspaceServiceAccounts: { label: string }[] }>(
      'query ($ws: Uuid!) { workspaceServiceAccounts(workspaceUuid: $ws) { label } }',
      { ws: target.accounts },
      admin,
    );
    expect(listed.data!.workspaceServiceAccounts.map((a) => a.label).sort()).toEqual(Array.from({ length: sent.serviceAccounts }, (_, i) => `ci-${i}`).sort());
    const bindings = Object.values(mock.store.data.roleBindings).filter((b) => b.serviceAccountId && b.workspaceId === target.accounts);
    expect(bindings).toHaveLength(sent.serviceAccounts);
  });

  it('signs up every user, each active with one account', () => {
    expect(answers.signUps.filter((a) => a.errors)).toEqual([]);
    const emails = Object.values(mock.store.data.users).flatMap((u) => u.emails.map((e) => e.address));
    for (let i = 0; i < sent.signUps; i++) expect(emails.filter((e) => e === `member${i}@example.com`)).toHaveLength(1);
  });

  it('adds every signed-up user to the members workspace with the role asked for, losing none', async () => {
    expect(memberAdds.filter((a) => a.errors)).toEqual([]);
    const listed = await post<{ workspaceUsers: { username: string; roleBindings: { role: string; workspace: { id: string } | null }[] }[] }>(
      'query ($ws: Uuid!) { workspaceUsers(workspaceUuid: $ws) { username roleBindings { role workspace { id } } } }',
      { ws: target.members },
      admin,
    );
    const members = listed.data!.workspaceUsers.filter((u) => u.username.startsWith('member'));
    expect(members).toHaveLength(sent.signUps);
    for (const member of members) {
      const i = Number(member.username.replace(/\D/g, ''));
      const roles = member.roleBindings.filter((b) => b.workspace?.id === target.members).map((b) => b.role);
      expect(roles).toEqual([i % 2 ? 'WORKSPACE_EDITOR' : 'WORKSPACE_VIEWER']);
    }
  });

  it('records one pending invitation per invited email', async () => {
    expect(answers.invites.filter((a) => a.errors)).toEqual([]);
    const listed = await post<{ workspaceInvites: { email: string }[] }>(
      'query ($ws: Uuid!) { workspaceInvites(workspaceUuid: $ws) { email } }',
      { ws: target.members },
      admin,
    );
    const emails = listed.data!.workspaceInvites.map((i) => i.email).sort();
    expect(emails).toEqual(Array.from({ length: sent.invites }, (_, i) => `invitee${i}@example.com`).sort());
  });

  it('keeps the description of one of the concurrent updates, and the label untouched', async () => {
    expect(answers.descriptions.filter((a) => a.errors)).toEqual([]);
    const listed = await post<{ workspace: { label: string; description: string } }>(
      'query ($ws: Uuid!) { workspace(workspaceUuid: $ws) { label description } }',
      { ws: target.described },
      admin,
    );
    expect(listed.data!.workspace.label).toBe('Target described');
    expect(Array.from({ length: sent.descriptions }, (_, i) => `description ${i}`)).toContain(listed.data!.workspace.description);
  });

  it('keeps every relation pointing at something that exists', () => {
    const data = mock.store.data;
    for (const binding of Object.values(data.roleBindings)) {
      if (binding.userId) expect(data.users[binding.userId]).toBeDefined();
      if (binding.workspaceId) expect(data.workspaces[binding.workspaceId]).toBeDefined();
      if (binding.deploymentId) expect(data.deployments[binding.deploymentId]).toBeDefined();
      if (binding.serviceAccountId) expect(data.serviceAccounts[binding.serviceAccountId]).toBeDefined();
      if (binding.teamId) expect(data.teams[binding.teamId]).toBeDefined();
    }
    for (const deployment of Object.values(data.deployments)) expect(data.workspaces[deployment.workspaceId]).toBeDefined();
    for (const invite of Object.values(data.invites)) if (invite.workspaceId) expect(data.workspaces[invite.workspaceId]).toBeDefined();
  });
});

describe('concurrent sign-ups on an empty platform', () => {
  it('makes exactly one of them SYSTEM_ADMIN (the first) and refuses the rest while sign-ups are closed', async () => {
    const mock = createHoustonMock({ seed: null });
    const post = poster(new URL(await mock.listen(0)).origin);
    try {
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, i) => post(SIGN_UP, { email: `first${i}@example.com`, password: 'pw' })),
      );
      const ok = answers.filter((a) => !a.errors);
      expect(ok).toHaveLength(1);
      expect(new Set(answers.filter((a) => a.errors).map((a) => a.errors![0]!.message))).toEqual(
        new Set(['Public sign ups are disabled, a valid inviteToken is required to login to the platform. Public sign ups can be enabled via configuration change.']),
      );
      const admins = Object.values(mock.store.data.roleBindings).filter((b) => b.role === 'SYSTEM_ADMIN');
      expect(admins).toHaveLength(1);
      expect(Object.keys(mock.store.data.users)).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });
});
