import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../index.js';
import type { Deployment, RoleName } from '../../store/entities.js';
import { gql } from '../../../test/support/gql.js';

const FORBIDDEN = 'You do not have the appropriate permissions for that';

interface Person {
  id: string;
  email: string;
  token: string;
}

function emptyPlatform(platformVersion?: string): HoustonMock {
  return createHoustonMock({
    seed: null,
    ...(platformVersion ? { platformVersion } : {}),
    config: { houston: { publicSignups: true, emailConfirmation: false } },
  });
}

async function signUp(mock: HoustonMock, email: string): Promise<Person> {
  const result = await gql(
    mock,
    'mutation ($email: String!, $password: String!) { createUser(email: $email, password: $password) { user { id } token { value } } }',
    { email, password: 'secret' },
  );
  if (!result.data?.createUser) throw new Error(`sign-up failed: ${JSON.stringify(result.errors)}`);
  return { id: result.data.createUser.user.id, email, token: result.data.createUser.token.value };
}

/** An empty platform whose first user (the system admin) and a plain user are signed up. */
async function platform(platformVersion?: string) {
  const mock = emptyPlatform(platformVersion);
  const admin = await signUp(mock, 'admin@example.com');
  const alice = await signUp(mock, 'alice@example.com');
  return { mock, admin, alice };
}

/** A platform in auto-mock mode, where a field nobody resolves would answer generated data, and its system admin. */
async function automockPlatform() {
  const mock = createHoustonMock({
    seed: null,
    automockUnimplemented: true,
    config: { houston: { publicSignups: true, emailConfirmation: false } },
  });
  return { mock, admin: await signUp(mock, 'admin@example.com') };
}

async function createWorkspace(mock: HoustonMock, token: string, label: string): Promise<string> {
  const result = await gql(
    mock,
    'mutation ($label: String!, $description: String = "N/A") { createWorkspace(label: $label, description: $description) { id } }',
    { label },
    token,
  );
  if (!result.data?.createWorkspace) throw new Error(`createWorkspace failed: ${JSON.stringify(result.errors)}`);
  return result.data.createWorkspace.id;
}

/** Puts a role binding straight into the store (the setup of a test, not the behaviour under test). */
function bind(mock: HoustonMock, role: RoleName, scope: { userId?: string; teamId?: string; serviceAccountId?: string; workspaceId?: string }) {
  const id = `cbinding${Object.keys(mock.store.data.roleBindings).length.toString().padStart(17, '0')}`;
  mock.insertRow('roleBindings', {
    id,
    role,
    userId: scope.userId ?? null,
    serviceAccountId: scope.serviceAccountId ?? null,
    teamId: scope.teamId ?? null,
    workspaceId: scope.workspaceId ?? null,
    deploymentId: null,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  });
}

/** A deployment record in a workspace, put straight into the store (deployments are another domain's operations). */
function addDeployment(mock: HoustonMock, workspaceId: string, label: string, deletedAt: string | null = null): Deployment {
  const id = `cdeployment${label.padStart(14, '0')}`.slice(0, 25);
  const component = { resources: null, replicas: null };
  const deployment: Deployment = {
    id,
    workspaceId,
    clusterId: null,
    label,
    description: null,
    releaseName: `${label}-release-1234`,
    namespace: `astronomer-${label}-release-1234`,
    type: 'airflow',
    version: '1.0.0',
    executor: 'CeleryExecutor',
    airflowVersion: null,
    desiredAirflowVersion: null,
    runtimeVersion: '9.1.0',
    desiredRuntimeVersion: null,
    runtimeAirflowVersion: '2.8.1',
    image: null,
    imageTag: null,
    status: 'HEALTHY',
    mode: 'helm',
    cloudRole: null,
    config: {},
    properties: {},
    scheduler: component,
    webserver: component,
    workers: { ...component, terminationGracePeriodSeconds: null },
    triggerer: component,
    environmentVariables: [],
    dagDeployment: {
      type: 'image',
      nfsLocation: null,
      repositoryUrl: null,
      branchName: null,
      syncInterval: null,
      syncTimeout: null,
      ephemeralStorage: null,
      dagDirectoryLocation: null,
      rev: null,
      sshKey: null,
      knownHosts: null,
    },
    alertEmails: [],
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    adopted: false,
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    deletedAt,
  };
  mock.insertRow('deployments', deployment);
  return deployment;
}

const WORKSPACES = '{ workspaces { id label } }';
const WORKSPACE = 'query ($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { id label description } }';
const ADD_USER = `mutation ($workspaceId: Uuid!, $email: String!, $role: Role!) {
  workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) {
    id label description users { id username roleBindings { role } } createdAt updatedAt
  }
}`;
const WORKSPACE_USERS = `query ($workspaceUuid: Uuid!) {
  workspaceUsers(workspaceUuid: $workspaceUuid) { id username fullName emails { address } roleBindings { workspace { id } role } }
}`;
const WORKSPACE_INVITES = 'query ($workspaceUuid: Uuid!) { workspaceInvites(workspaceUuid: $workspaceUuid) { id email role token } }';

function roleIn(user: { roleBindings: { role: string; workspace: { id: string } | null }[] }, workspaceId: string) {
  return user.roleBindings.find((b) => b.workspace?.id === workspaceId)?.role;
}

describe('createWorkspace', () => {
  it('answers the new workspace with the fields the Astro CLI selects', async () => {
    const { mock, alice } = await platform();
    const result = await gql(
      mock,
      'mutation ($label: String!, $description: String = "N/A") { createWorkspace(label: $label, description: $description) { id label description createdAt updatedAt } }',
      { label: 'Data Team', description: 'pipelines' },
      alice.token,
    );
    expect(result.errors).toBeUndefined();
    const created = result.data?.createWorkspace;
    expect(created.id).toMatch(/^c[0-9a-z]{24}$/);
    expect(created).toMatchObject({ label: 'Data Team', description: 'pipelines' });
    expect(created.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('makes the creator WORKSPACE_ADMIN of the new workspace', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Data Team');
    const result = await gql(
      mock,
      'query ($id: Uuid!) { workspace(workspaceUuid: $id) { roleBindings { role user { id username } serviceAccount { id label } } } }',
      { id },
      alice.token,
    );
    expect(result.data?.workspace.roleBindings).toEqual([
      { role: 'WORKSPACE_ADMIN', user: { id: alice.id, username: alice.email }, serviceAccount: null },
    ]);
  });

  it('is refused without a token', async () => {
    const { mock } = await platform();
    const result = await gql(mock, 'mutation { createWorkspace(label: "x") { id } }');
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses an empty label', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, 'mutation { createWorkspace(label: "  ") { id } }', null, alice.token);
    expect(result.errors?.[0]?.message).toBe('A required argument was not sent: label');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('workspaces', () => {
  it('lists only the workspaces the caller holds a role on', async () => {
    const { mock, admin, alice } = await platform();
    const mine = await createWorkspace(mock, alice.token, 'Mine');
    await createWorkspace(mock, admin.token, 'Not mine');
    const result = await gql(mock, WORKSPACES, null, alice.token);
    expect(result.data?.workspaces).toEqual([{ id: mine, label: 'Mine' }]);
  });

  it('includes the workspaces a team of the caller holds a role on', async () => {
    const { mock, admin, alice } = await platform();
    const workspaceId = await createWorkspace(mock, admin.token, 'Team space');
    mock.insertRow('teams', {
      id: 'cteam0000000000000000000001',
      name: 'analysts',
      description: null,
      provider: 'local',
      userIds: [alice.id],
      sortId: 1,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    bind(mock, 'WORKSPACE_VIEWER', { teamId: 'cteam0000000000000000000001', workspaceId });
    const result = await gql(mock, WORKSPACES, null, alice.token);
    expect(result.data?.workspaces).toEqual([{ id: workspaceId, label: 'Team space' }]);
  });

  it('lists its own workspace to a workspace service account', async () => {
    const { mock, admin } = await platform();
    const workspaceId = await createWorkspace(mock, admin.token, 'Robots');
    await createWorkspace(mock, admin.token, 'Other');
    const apiKey = 'a'.repeat(32);
    mock.insertRow('serviceAccounts', {
      id: 'csa00000000000000000000001',
      label: 'ci',
      category: null,
      apiKey,
      entityType: 'WORKSPACE',
      entityId: workspaceId,
      active: true,
      lastUsedAt: null,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    bind(mock, 'WORKSPACE_EDITOR', { serviceAccountId: 'csa00000000000000000000001', workspaceId });
    const result = await gql(mock, WORKSPACES, null, apiKey);
    expect(result.data?.workspaces).toEqual([{ id: workspaceId, label: 'Robots' }]);
  });

  it('is refused without a token', async () => {
    const { mock } = await platform();
    const result = await gql(mock, WORKSPACES);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('workspace', () => {
  it('answers a workspace to its member', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Mine');
    const result = await gql(mock, WORKSPACE, { workspaceUuid: id }, alice.token);
    expect(result.data?.workspace).toEqual({ id, label: 'Mine', description: 'N/A' });
  });

  it('is refused to a user without a role on the workspace', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Private');
    const result = await gql(mock, WORKSPACE, { workspaceUuid: id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers any workspace to a system admin who is not a member', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Alice only');
    const result = await gql(mock, WORKSPACE, { workspaceUuid: id }, admin.token);
    expect(result.data?.workspace.label).toBe('Alice only');
  });

  it('answers null for an unknown id to a system admin', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, WORKSPACE, { workspaceUuid: 'cunknown00000000000000000' }, admin.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.workspace).toBeNull();
  });
});

describe('sysWorkspaces', () => {
  it('lists every workspace to a system admin', async () => {
    const { mock, admin, alice } = await platform();
    const a = await createWorkspace(mock, alice.token, 'A');
    const b = await createWorkspace(mock, admin.token, 'B');
    const result = await gql(mock, '{ sysWorkspaces { id } }', null, admin.token);
    expect(result.data?.sysWorkspaces).toEqual([{ id: a }, { id: b }]);
  });

  it('is refused to a user without a system role', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, '{ sysWorkspaces { id } }', null, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('paginatedWorkspaces', () => {
  const PAGE = `query ($pageSize: Int, $pageNumber: Int) {
    paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) { id label description createdAt updatedAt }
  }`;

  it('pages through the same workspaces as workspaces, in the same order', async () => {
    const { mock, alice } = await platform();
    for (const label of ['one', 'two', 'three', 'four', 'five']) await createWorkspace(mock, alice.token, label);
    const all = (await gql(mock, WORKSPACES, null, alice.token)).data?.workspaces.map((w: { id: string }) => w.id);
    const pages: string[][] = [];
    for (let pageNumber = 0; pageNumber < 3; pageNumber++) {
      const page = await gql(mock, PAGE, { pageSize: 2, pageNumber }, alice.token);
      pages.push(page.data?.paginatedWorkspaces.map((w: { id: string }) => w.id));
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(all);
  });

  it('answers an empty page past the end', async () => {
    const { mock, alice } = await platform();
    await createWorkspace(mock, alice.token, 'only');
    const result = await gql(mock, PAGE, { pageSize: 2, pageNumber: 1 }, alice.token);
    expect(result.data?.paginatedWorkspaces).toEqual([]);
  });

  it('pages after a cursor', async () => {
    const { mock, alice } = await platform();
    const first = await createWorkspace(mock, alice.token, 'one');
    const second = await createWorkspace(mock, alice.token, 'two');
    const result = await gql(
      mock,
      'query ($cursor: Uuid) { paginatedWorkspaces(take: 5, cursor: $cursor) { id } }',
      { cursor: first },
      alice.token,
    );
    expect(result.data?.paginatedWorkspaces).toEqual([{ id: second }]);
  });
});

describe('updateWorkspace', () => {
  const UPDATE = `mutation ($workspaceId: Uuid!, $payload: JSON!) {
    updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) { id label description createdAt updatedAt }
  }`;

  it('changes the label and description, as later reads show', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Old');
    const result = await gql(mock, UPDATE, { workspaceId: id, payload: { label: 'New', description: 'renamed' } }, alice.token);
    expect(result.data?.updateWorkspace).toMatchObject({ id, label: 'New', description: 'renamed' });
    const read = await gql(mock, WORKSPACE, { workspaceUuid: id }, alice.token);
    expect(read.data?.workspace).toEqual({ id, label: 'New', description: 'renamed' });
  });

  it('keeps the fields the payload leaves out', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Keep');
    await gql(mock, UPDATE, { workspaceId: id, payload: { description: 'only this' } }, alice.token);
    const read = await gql(mock, WORKSPACE, { workspaceUuid: id }, alice.token);
    expect(read.data?.workspace).toEqual({ id, label: 'Keep', description: 'only this' });
  });

  it('is refused to a WORKSPACE_VIEWER', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Viewed');
    bind(mock, 'WORKSPACE_VIEWER', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, UPDATE, { workspaceId: id, payload: { label: 'Hijacked' } }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mock.store.data.workspaces[id]?.label).toBe('Viewed');
  });
});

describe('deleteWorkspace', () => {
  const DELETE = 'mutation ($workspaceId: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceId) { id label description } }';

  it('removes the workspace from the lists', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Doomed');
    const result = await gql(mock, DELETE, { workspaceId: id }, alice.token);
    expect(result.data?.deleteWorkspace).toEqual({ id, label: 'Doomed', description: 'N/A' });
    const list = await gql(mock, WORKSPACES, null, alice.token);
    expect(list.data?.workspaces).toEqual([]);
  });

  it('removes the role bindings and invitations of the workspace', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Doomed');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, alice.token);
    await gql(mock, DELETE, { workspaceId: id }, alice.token);
    expect(Object.values(mock.store.data.roleBindings).filter((b) => b.workspaceId === id)).toEqual([]);
    expect(Object.values(mock.store.data.invites)).toEqual([]);
  });

  it('is refused while the workspace has a deployment', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Busy');
    addDeployment(mock, id, 'etl');
    const result = await gql(mock, DELETE, { workspaceId: id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(
      'You must first deprovision all deployments before you can delete your workspace.',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(mock.store.data.workspaces[id]).toBeDefined();
  });

  it('is allowed when its only deployments are deleted ones', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Quiet');
    addDeployment(mock, id, 'gone', '2024-02-01T00:00:00.000Z');
    const result = await gql(mock, DELETE, { workspaceId: id }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(mock.store.data.workspaces[id]).toBeUndefined();
  });

  it('is refused to a WORKSPACE_EDITOR', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Kept');
    bind(mock, 'WORKSPACE_EDITOR', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, DELETE, { workspaceId: id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers not found for an unknown workspace to a system admin', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, DELETE, { workspaceId: 'cunknown00000000000000000' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});

describe('Workspace fields', () => {
  it('counts and lists only deployments that are not deleted', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Fleet');
    const live = addDeployment(mock, id, 'live');
    addDeployment(mock, id, 'dead', '2024-02-01T00:00:00.000Z');
    const result = await gql(
      mock,
      'query ($id: Uuid!) { workspace(workspaceUuid: $id) { deploymentCount deployments { id } } }',
      { id },
      alice.token,
    );
    expect(result.data?.workspace).toEqual({ deploymentCount: 1, deployments: [{ id: live.id }] });
  });

  it('tells an admin and a viewer apart in workspaceCapabilities', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Caps');
    bind(mock, 'WORKSPACE_VIEWER', { userId: alice.id, workspaceId: id });
    const QUERY = 'query ($id: Uuid!) { workspace(workspaceUuid: $id) { workspaceCapabilities { canUpdateIAM canDeleteWorkspace canCreateDeployment } } }';
    const asAdmin = await gql(mock, QUERY, { id }, admin.token);
    const asViewer = await gql(mock, QUERY, { id }, alice.token);
    expect(asAdmin.data?.workspace.workspaceCapabilities).toEqual({
      canUpdateIAM: true,
      canDeleteWorkspace: true,
      canCreateDeployment: true,
    });
    expect(asViewer.data?.workspace.workspaceCapabilities).toEqual({
      canUpdateIAM: false,
      canDeleteWorkspace: false,
      canCreateDeployment: false,
    });
  });

  it('answers null properties, which Software workspaces never carry, even in auto-mock mode', async () => {
    const { mock, admin } = await automockPlatform();
    const id = await createWorkspace(mock, admin.token, 'Plain');
    const result = await gql(mock, 'query ($id: Uuid!) { workspace(workspaceUuid: $id) { label properties } }', { id }, admin.token);
    expect(result.data?.workspace).toEqual({ label: 'Plain', properties: null });
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });
});

describe('workspaceAddUser', () => {
  it('gives a registered user the role, as workspaceUsers then shows', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const added = await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_EDITOR' }, admin.token);
    expect(added.errors).toBeUndefined();
    expect(added.data?.workspaceAddUser.users.map((u: { id: string }) => u.id)).toEqual([admin.id, alice.id]);
    const users = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, admin.token);
    const member = users.data?.workspaceUsers.find((u: { id: string }) => u.id === alice.id);
    expect(member.emails).toEqual([{ address: alice.email }]);
    expect(roleIn(member, id)).toBe('WORKSPACE_EDITOR');
  });

  it('matches the email without regard to case', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'ALICE@Example.com', role: 'WORKSPACE_VIEWER' }, admin.token);
    const users = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, admin.token);
    expect(users.data?.workspaceUsers.map((u: { id: string }) => u.id)).toEqual([admin.id, alice.id]);
  });

  it('invites an unknown email instead of adding a user', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'Newcomer@Example.com', role: 'WORKSPACE_EDITOR' }, admin.token);
    const invites = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, admin.token);
    expect(invites.data?.workspaceInvites).toHaveLength(1);
    expect(invites.data?.workspaceInvites[0]).toMatchObject({ email: 'newcomer@example.com', role: 'WORKSPACE_EDITOR' });
    const users = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, admin.token);
    expect(users.data?.workspaceUsers.map((u: { id: string }) => u.id)).toEqual([admin.id]);
  });

  it('turns the invitation into the role when the invitee signs up', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_EDITOR' }, admin.token);
    const newcomer = await signUp(mock, 'newcomer@example.com');
    const users = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, admin.token);
    const member = users.data?.workspaceUsers.find((u: { id: string }) => u.id === newcomer.id);
    expect(roleIn(member, id)).toBe('WORKSPACE_EDITOR');
    const invites = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, admin.token);
    expect(invites.data?.workspaceInvites).toEqual([]);
  });

  it('shows a workspace\'s invitations to its admin through Workspace.invites', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_EDITOR' }, admin.token);
    const answer = await gql(mock, 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { invites { email } } }', { w: id }, admin.token);
    expect(answer.data?.workspace.invites).toEqual([{ email: 'newcomer@example.com' }]);
  });

  it('hides a workspace\'s invitations, and their tokens, from a workspace viewer', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_EDITOR' }, admin.token);
    bind(mock, 'WORKSPACE_VIEWER', { userId: alice.id, workspaceId: id });
    const answer = await gql(mock, 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { invites { token } } }', { w: id }, alice.token);
    expect(answer.data?.workspace.invites).toEqual([]);
  });

  it('refuses to invite the same email twice', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, admin.token);
    const again = await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, admin.token);
    expect(again.errors?.[0]?.message).toBe('User already invited');
    expect(again.errors?.[0]?.extensions?.code).toBe('USER_ALREADY_INVITED');
  });

  it('refuses a user who is already a member', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_VIEWER' }, admin.token);
    const again = await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_ADMIN' }, admin.token);
    expect(again.errors?.[0]?.message).toBe('A duplicate role binding already exists');
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a role that is not a workspace role', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'SYSTEM_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(Object.values(mock.store.data.roleBindings).filter((b) => b.userId === alice.id)).toEqual([]);
  });

  it('is refused to a WORKSPACE_VIEWER', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    bind(mock, 'WORKSPACE_VIEWER', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, ADD_USER, { workspaceId: id, email: 'friend@example.com', role: 'WORKSPACE_ADMIN' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(Object.values(mock.store.data.invites)).toEqual([]);
  });

  it('adds an unknown email as an active user at once with bypassInvite (platform 1.0)', async () => {
    const { mock, admin } = await platform('1.0.0');
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(
      mock,
      `mutation ($id: Uuid, $email: String!) {
        workspaceAddUser(workspaceUuid: $id, email: $email, role: WORKSPACE_VIEWER, bypassInvite: true) { users { username status } }
      }`,
      { id, email: 'direct@example.com' },
      admin.token,
    );
    expect(result.data?.workspaceAddUser.users).toContainEqual({ username: 'direct@example.com', status: 'active' });
    expect(Object.values(mock.store.data.invites)).toEqual([]);
  });

  it('takes bypassInvite from platform 0.35, the first release whose docs use it, and not before', async () => {
    const query = `mutation ($id: Uuid, $email: String!) {
      workspaceAddUser(workspaceUuid: $id, email: $email, role: WORKSPACE_VIEWER, bypassInvite: true) { users { username } }
    }`;
    const v035 = await platform('0.35.0');
    const id = await createWorkspace(v035.mock, v035.admin.token, 'Team');
    const added = await gql(v035.mock, query, { id, email: 'direct@example.com' }, v035.admin.token);
    expect(added.data?.workspaceAddUser.users).toContainEqual({ username: 'direct@example.com' });
    const v034 = await platform('0.34.0');
    const refused = await gql(v034.mock, query, { id, email: 'direct@example.com' }, v034.admin.token);
    expect(refused.errors?.[0]?.message).toBe('Unknown argument "bypassInvite" on field "Mutation.workspaceAddUser".');
  });
});

describe('workspaces(label:)', () => {
  it('answers only the caller\'s workspace with that label', async () => {
    const { mock, admin } = await platform('0.36.0');
    await createWorkspace(mock, admin.token, 'Team');
    const other = await createWorkspace(mock, admin.token, 'example-workspace');
    const result = await gql(mock, 'query { workspaces(label: "example-workspace") { id, label } }', null, admin.token);
    expect(result.data?.workspaces).toEqual([{ id: other, label: 'example-workspace' }]);
    const none = await gql(mock, 'query { workspaces(label: "nothing") { id } }', null, admin.token);
    expect(none.data?.workspaces).toEqual([]);
  });

  it('is unknown before platform 0.35', async () => {
    const { mock, admin } = await platform('0.34.0');
    const result = await gql(mock, 'query { workspaces(label: "x") { id } }', null, admin.token);
    expect(result.errors?.[0]?.message).toBe('Unknown argument "label" on field "Query.workspaces".');
  });
});

describe('workspaceRemoveUser', () => {
  const REMOVE = `mutation ($workspaceId: Uuid!, $userId: Uuid!) {
    workspaceRemoveUser(workspaceUuid: $workspaceId, userUuid: $userId) { id label description users { id username } createdAt updatedAt }
  }`;

  it('takes the user out of the workspace and out of their workspace list', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_VIEWER' }, admin.token);
    const removed = await gql(mock, REMOVE, { workspaceId: id, userId: alice.id }, admin.token);
    expect(removed.data?.workspaceRemoveUser.users).toEqual([{ id: admin.id, username: admin.email }]);
    const list = await gql(mock, WORKSPACES, null, alice.token);
    expect(list.data?.workspaces).toEqual([]);
  });

  it('also takes away the user\'s roles on the workspace\'s deployments', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const deployment = addDeployment(mock, id, 'etl');
    await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_VIEWER' }, admin.token);
    await gql(
      mock,
      'mutation ($d: Id!, $e: String!) { deploymentAddUserRole(deploymentId: $d, email: $e, role: DEPLOYMENT_EDITOR) { id } }',
      { d: deployment.id, e: alice.email },
      admin.token,
    );
    await gql(mock, REMOVE, { workspaceId: id, userId: alice.id }, admin.token);
    expect(Object.values(mock.store.data.roleBindings).filter((b) => b.userId === alice.id)).toEqual([]);
  });

  it('refuses a user who is not a member', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(mock, REMOVE, { workspaceId: id, userId: alice.id }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The role binding does not exist for this user');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to a WORKSPACE_EDITOR', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    bind(mock, 'WORKSPACE_EDITOR', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, REMOVE, { workspaceId: id, userId: admin.id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('workspaceUpsertUserRole and workspaceUpdateUserRole', () => {
  const UPSERT = 'mutation ($workspaceUuid: Uuid!, $email: String!, $role: Role!) { workspaceUpsertUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }';
  const UPDATE = 'mutation ($workspaceUuid: Uuid!, $email: String!, $role: Role!) { workspaceUpdateUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }';
  const WORKSPACE_USER = `query ($workspaceUuid: Uuid!, $email: String!) {
    workspaceUser(workspaceUuid: $workspaceUuid, user: { email: $email }) { id username roleBindings { workspace { id } role } }
  }`;

  it('changes a member\'s role and answers the new role', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_VIEWER' }, admin.token);
    const result = await gql(mock, UPSERT, { workspaceUuid: id, email: alice.email, role: 'WORKSPACE_ADMIN' }, admin.token);
    expect(result.data?.workspaceUpsertUserRole).toBe('WORKSPACE_ADMIN');
    const user = await gql(mock, WORKSPACE_USER, { workspaceUuid: id, email: alice.email }, admin.token);
    expect(roleIn(user.data?.workspaceUser, id)).toBe('WORKSPACE_ADMIN');
  });

  it('changes the role of a pending invitation', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, admin.token);
    await gql(mock, UPDATE, { workspaceUuid: id, email: 'newcomer@example.com', role: 'WORKSPACE_EDITOR' }, admin.token);
    const invites = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, admin.token);
    expect(invites.data?.workspaceInvites[0].role).toBe('WORKSPACE_EDITOR');
  });

  it('adds a registered user who is not yet a member (upsert)', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, UPSERT, { workspaceUuid: id, email: alice.email, role: 'WORKSPACE_EDITOR' }, admin.token);
    const user = await gql(mock, WORKSPACE_USER, { workspaceUuid: id, email: alice.email }, admin.token);
    expect(roleIn(user.data?.workspaceUser, id)).toBe('WORKSPACE_EDITOR');
  });

  it('answers not found for a non-member with workspaceUpdateUserRole', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(mock, UPDATE, { workspaceUuid: id, email: alice.email, role: 'WORKSPACE_EDITOR' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('refuses a deployment role', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: alice.email, role: 'WORKSPACE_VIEWER' }, admin.token);
    const result = await gql(mock, UPSERT, { workspaceUuid: id, email: alice.email, role: 'DEPLOYMENT_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to a WORKSPACE_EDITOR', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    bind(mock, 'WORKSPACE_EDITOR', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, UPSERT, { workspaceUuid: id, email: alice.email, role: 'WORKSPACE_ADMIN' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('workspaceUser and workspaceUsers', () => {
  it('answers not found for a user who is not a member', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(
      mock,
      'query ($id: Uuid!, $email: String!) { workspaceUser(workspaceUuid: $id, user: { email: $email }) { id } }',
      { id, email: alice.email },
      admin.token,
    );
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('refuses the member list to a user without a role on the workspace', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const result = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a WORKSPACE_VIEWER read the member list', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    bind(mock, 'WORKSPACE_VIEWER', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, alice.token);
    expect(result.data?.workspaceUsers.map((u: { id: string }) => u.id)).toEqual([admin.id, alice.id]);
  });
});

describe('paginatedWorkspaceUsers', () => {
  const PAGE = `query ($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) {
    paginatedWorkspaceUsers(workspaceUuid: $workspaceUuid, cursor: $cursorUuid, take: $take) {
      id username fullName emails { address } roleBindings { workspace { id } role }
    }
  }`;

  async function teamOfSix() {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    for (const name of ['b', 'c', 'd', 'e', 'f']) {
      await signUp(mock, `${name}@example.com`);
      await gql(mock, ADD_USER, { workspaceId: id, email: `${name}@example.com`, role: 'WORKSPACE_VIEWER' }, admin.token);
    }
    const all = (await gql(mock, WORKSPACE_USERS, { workspaceUuid: id }, admin.token)).data?.workspaceUsers;
    return { mock, admin, id, all: all.map((u: { id: string }) => u.id) as string[] };
  }

  it('pages forward from the "" cursor through the same users as workspaceUsers', async () => {
    const { mock, admin, id, all } = await teamOfSix();
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = await gql(mock, PAGE, { workspaceUuid: id, cursorUuid: cursor, take: 4 }, admin.token);
      const ids = page.data?.paginatedWorkspaceUsers.map((u: { id: string }) => u.id) as string[];
      seen.push(...ids);
      if (ids.length < 4) break;
      cursor = ids[ids.length - 1] as string;
    }
    expect(all).toHaveLength(6);
    expect(seen).toEqual(all);
  });

  it('reads the page before a cursor with a negative take', async () => {
    const { mock, admin, id, all } = await teamOfSix();
    const page = await gql(mock, PAGE, { workspaceUuid: id, cursorUuid: all[4], take: -2 }, admin.token);
    expect(page.data?.paginatedWorkspaceUsers.map((u: { id: string }) => u.id)).toEqual([all[2], all[3]]);
  });

  it('is refused to a user without a role on the workspace', async () => {
    const { mock, admin } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    const outsider = await signUp(mock, 'outsider@example.com');
    const result = await gql(mock, PAGE, { workspaceUuid: id, cursorUuid: '', take: 5 }, outsider.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('invitations', () => {
  const INVITE = 'mutation ($email: String!) { inviteUser(email: $email) { id uuid email role token } }';
  const INVITES = '{ invites { id email } }';
  const DELETE_INVITE = 'mutation ($inviteUuid: Uuid) { deleteInviteToken(inviteUuid: $inviteUuid) { id email } }';

  it('invites someone to the platform, as invites then shows', async () => {
    const { mock, admin } = await platform();
    const invited = await gql(mock, INVITE, { email: 'Guest@Example.com' }, admin.token);
    expect(invited.data?.inviteUser).toMatchObject({ email: 'guest@example.com', role: 'USER' });
    expect(invited.data?.inviteUser.uuid).toBe(invited.data?.inviteUser.id);
    const list = await gql(mock, INVITES, null, admin.token);
    expect(list.data?.invites).toEqual([{ id: invited.data?.inviteUser.id, email: 'guest@example.com' }]);
  });

  it('lets the invitee sign up with the invitation token while public sign-ups are off', async () => {
    const mock = createHoustonMock({ seed: null, config: { houston: { publicSignups: false, emailConfirmation: true } } });
    const admin = await signUp(mock, 'admin@example.com');
    const invited = await gql(mock, INVITE, { email: 'guest@example.com' }, admin.token);
    const signedUp = await gql(
      mock,
      'mutation ($t: String) { createUser(email: "guest@example.com", password: "pw", inviteToken: $t) { user { status } } }',
      { t: invited.data?.inviteUser.token },
    );
    expect(signedUp.data?.createUser.user.status).toBe('active');
  });

  it('refuses to invite a registered email', async () => {
    const { mock, admin, alice } = await platform();
    const result = await gql(mock, INVITE, { email: alice.email }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Email address in use');
    expect(result.errors?.[0]?.extensions?.code).toBe('DUPLICATE_EMAIL');
  });

  it('refuses to invite an email twice', async () => {
    const { mock, admin } = await platform();
    await gql(mock, INVITE, { email: 'guest@example.com' }, admin.token);
    const again = await gql(mock, INVITE, { email: 'guest@example.com' }, admin.token);
    expect(again.errors?.[0]?.message).toBe('User already invited');
    expect(again.errors?.[0]?.extensions?.code).toBe('USER_ALREADY_INVITED');
  });

  it('answers null assignments on an invitation, a field Houston leaves empty, even in auto-mock mode', async () => {
    const { mock, admin } = await automockPlatform();
    await gql(mock, INVITE, { email: 'guest@example.com' }, admin.token);
    const result = await gql(mock, '{ invites { email role assignments } }', null, admin.token);
    expect(result.data?.invites).toEqual([{ email: 'guest@example.com', role: 'USER', assignments: null }]);
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });

  it('refuses inviteUser to a user without a system role', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, INVITE, { email: 'guest@example.com' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses the invitation list to a user without a system role', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, INVITES, null, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a workspace\'s invitations to its WORKSPACE_EDITOR', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    bind(mock, 'WORKSPACE_EDITOR', { userId: alice.id, workspaceId: id });
    const result = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('withdraws a workspace invitation with deleteInviteToken', async () => {
    const { mock, alice } = await platform();
    const id = await createWorkspace(mock, alice.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, alice.token);
    const before = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, alice.token);
    const inviteId = before.data?.workspaceInvites[0].id;
    const deleted = await gql(mock, DELETE_INVITE, { inviteUuid: inviteId }, alice.token);
    expect(deleted.data?.deleteInviteToken).toEqual({ id: inviteId, email: 'newcomer@example.com' });
    const after = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: id }, alice.token);
    expect(after.data?.workspaceInvites).toEqual([]);
  });

  it('refuses deleteInviteToken on a workspace invitation to a user without a role there', async () => {
    const { mock, admin, alice } = await platform();
    const id = await createWorkspace(mock, admin.token, 'Team');
    await gql(mock, ADD_USER, { workspaceId: id, email: 'newcomer@example.com', role: 'WORKSPACE_VIEWER' }, admin.token);
    const inviteId = Object.keys(mock.store.data.invites)[0];
    const result = await gql(mock, DELETE_INVITE, { inviteUuid: inviteId }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(Object.keys(mock.store.data.invites)).toEqual([inviteId]);
  });

  it('answers not found for an unknown invitation', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, DELETE_INVITE, { inviteUuid: 'cunknown00000000000000000' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});
