import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../index.js';
import type { Deployment } from '../../store/entities.js';
import { gql } from '../../../test/support/gql.js';

const FORBIDDEN = 'You do not have the appropriate permissions for that';

interface Person {
  id: string;
  email: string;
  token: string;
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

/** An empty platform with its system admin (the first sign-up) and two plain users. */
async function platform() {
  const mock = createHoustonMock({ seed: null, config: { houston: { publicSignups: true, emailConfirmation: false } } });
  const admin = await signUp(mock, 'admin@example.com');
  const alice = await signUp(mock, 'alice@example.com');
  const bob = await signUp(mock, 'bob@example.com');
  return { mock, admin, alice, bob };
}

async function createWorkspace(mock: HoustonMock, token: string, label: string): Promise<string> {
  const result = await gql(mock, 'mutation ($label: String!) { createWorkspace(label: $label) { id } }', { label }, token);
  if (!result.data?.createWorkspace) throw new Error(`createWorkspace failed: ${JSON.stringify(result.errors)}`);
  return result.data.createWorkspace.id;
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

/** A workspace made by the admin, holding one deployment. */
async function withDeployment() {
  const people = await platform();
  const workspaceId = await createWorkspace(people.mock, people.admin.token, 'Team');
  const deployment = addDeployment(people.mock, workspaceId, 'etl');
  return { ...people, workspaceId, deployment };
}

const CREATE_SYSTEM = 'mutation ($userId: ID!, $role: Role!) { createSystemRoleBinding(userId: $userId, role: $role) { id role user { id } } }';
const DELETE_SYSTEM = 'mutation ($userId: ID!, $role: Role!) { deleteSystemRoleBinding(userId: $userId, role: $role) { id role } }';
const SYS_WORKSPACES = '{ sysWorkspaces { id } }';

const ADD_DEPLOYMENT_USER = `mutation ($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
  deploymentAddUserRole(userId: $userId, email: $email, deploymentId: $deploymentId, role: $role) { id user { username } role deployment { id releaseName } }
}`;
const UPDATE_DEPLOYMENT_USER = `mutation ($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
  deploymentUpdateUserRole(userId: $userId, email: $email, deploymentId: $deploymentId, role: $role) { id user { username } role deployment { id releaseName } }
}`;
const REMOVE_DEPLOYMENT_USER = `mutation ($userId: Id, $email: String!, $deploymentId: Id!) {
  deploymentRemoveUserRole(userId: $userId, email: $email, deploymentId: $deploymentId) { id role }
}`;
const DEPLOYMENT_USERS = `query ($deploymentId: Id!, $user: UserSearch) {
  deploymentUsers(deploymentId: $deploymentId, user: $user) { id fullName username roleBindings { role deployment { id } } }
}`;

function deploymentRoleOf(user: { roleBindings: { role: string; deployment: { id: string } | null }[] }, deploymentId: string) {
  return user.roleBindings.find((b) => b.deployment?.id === deploymentId)?.role;
}

describe('createSystemRoleBinding', () => {
  it('grants a system role that takes effect on the user\'s next call', async () => {
    const { mock, admin, alice } = await platform();
    const created = await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_VIEWER' }, admin.token);
    expect(created.data?.createSystemRoleBinding).toMatchObject({ role: 'SYSTEM_VIEWER', user: { id: alice.id } });
    const read = await gql(mock, SYS_WORKSPACES, null, alice.token);
    expect(read.errors).toBeUndefined();
    expect(read.data?.sysWorkspaces).toEqual([]);
  });

  it('refuses a role that is not a system role', async () => {
    const { mock, admin, alice } = await platform();
    const result = await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'WORKSPACE_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a role the user already holds', async () => {
    const { mock, admin, alice } = await platform();
    await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_EDITOR' }, admin.token);
    const again = await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_EDITOR' }, admin.token);
    expect(again.errors?.[0]?.message).toBe('A duplicate role binding already exists');
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers not found for an unknown user', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, CREATE_SYSTEM, { userId: 'cunknown00000000000000000', role: 'SYSTEM_VIEWER' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('is refused to a user without system.iam.update', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_ADMIN' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('deleteSystemRoleBinding', () => {
  it('takes a system role away, as the user\'s next call shows', async () => {
    const { mock, admin, alice } = await platform();
    await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_VIEWER' }, admin.token);
    const deleted = await gql(mock, DELETE_SYSTEM, { userId: alice.id, role: 'SYSTEM_VIEWER' }, admin.token);
    expect(deleted.data?.deleteSystemRoleBinding.role).toBe('SYSTEM_VIEWER');
    const read = await gql(mock, SYS_WORKSPACES, null, alice.token);
    expect(read.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets an admin step down once another admin exists', async () => {
    const { mock, admin, alice } = await platform();
    await gql(mock, CREATE_SYSTEM, { userId: alice.id, role: 'SYSTEM_ADMIN' }, admin.token);
    const result = await gql(mock, DELETE_SYSTEM, { userId: admin.id, role: 'SYSTEM_ADMIN' }, admin.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.deleteSystemRoleBinding.role).toBe('SYSTEM_ADMIN');
  });

  it('keeps the last system admin', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, DELETE_SYSTEM, { userId: admin.id, role: 'SYSTEM_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe(
      'There are no other system administrators. Please assign another before removing yourself.',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(Object.values(mock.store.data.roleBindings).some((b) => b.userId === admin.id && b.role === 'SYSTEM_ADMIN')).toBe(true);
  });

  it('refuses a role the user does not hold', async () => {
    const { mock, admin, alice } = await platform();
    const result = await gql(mock, DELETE_SYSTEM, { userId: alice.id, role: 'SYSTEM_EDITOR' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The role binding does not exist for this user');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a role that is not a system role', async () => {
    const { mock, admin, alice } = await platform();
    const result = await gql(mock, DELETE_SYSTEM, { userId: alice.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to a user without system.iam.update', async () => {
    const { mock, admin, alice } = await platform();
    const result = await gql(mock, DELETE_SYSTEM, { userId: admin.id, role: 'SYSTEM_ADMIN' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('deploymentAddUserRole', () => {
  it('gives a user a deployment role, answered in the shape the Astro CLI reads', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    const result = await gql(
      mock,
      ADD_DEPLOYMENT_USER,
      { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_EDITOR' },
      admin.token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.deploymentAddUserRole).toMatchObject({
      user: { username: alice.email },
      role: 'DEPLOYMENT_EDITOR',
      deployment: { id: deployment.id, releaseName: deployment.releaseName },
    });
    expect(result.data?.deploymentAddUserRole.id).toMatch(/^c[0-9a-z]{24}$/);
  });

  it('makes the user appear in deploymentUsers with the role', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const users = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, admin.token);
    const member = users.data?.deploymentUsers.find((u: { id: string }) => u.id === alice.id);
    expect(deploymentRoleOf(member, deployment.id)).toBe('DEPLOYMENT_VIEWER');
  });

  it('lets the user act on the deployment with the role\'s permissions', async () => {
    const { mock, admin, alice, bob, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_ADMIN' }, admin.token);
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: bob.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.deploymentAddUserRole.role).toBe('DEPLOYMENT_VIEWER');
  });

  it('refuses a role that is not a deployment role', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'WORKSPACE_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a user who already holds a role on the deployment', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const again = await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_ADMIN' }, admin.token);
    expect(again.errors?.[0]?.message).toBe('A duplicate role binding already exists');
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers not found for an unknown email', async () => {
    const { mock, admin, deployment } = await withDeployment();
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: 'nobody@example.com', deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('answers not found for a deleted deployment', async () => {
    const { mock, admin, alice, workspaceId } = await withDeployment();
    const gone = addDeployment(mock, workspaceId, 'gone', '2024-02-01T00:00:00.000Z');
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: gone.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('is refused to a DEPLOYMENT_EDITOR', async () => {
    const { mock, admin, alice, bob, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_EDITOR' }, admin.token);
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: bob.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is allowed to a WORKSPACE_ADMIN of the deployment\'s workspace', async () => {
    const { mock, alice, bob } = await platform();
    const workspaceId = await createWorkspace(mock, alice.token, 'Alice team');
    const deployment = addDeployment(mock, workspaceId, 'etl');
    const result = await gql(mock, ADD_DEPLOYMENT_USER, { email: bob.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.deploymentAddUserRole.user).toEqual({ username: bob.email });
  });
});

describe('deploymentUpdateUserRole', () => {
  it('changes the user\'s deployment role, as deploymentUsers then shows', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const updated = await gql(mock, UPDATE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_ADMIN' }, admin.token);
    expect(updated.data?.deploymentUpdateUserRole).toMatchObject({ role: 'DEPLOYMENT_ADMIN', user: { username: alice.email } });
    const users = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, admin.token);
    const member = users.data?.deploymentUsers.find((u: { id: string }) => u.id === alice.id);
    expect(deploymentRoleOf(member, deployment.id)).toBe('DEPLOYMENT_ADMIN');
  });

  it('refuses a user without a role on the deployment', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    const result = await gql(mock, UPDATE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The role binding does not exist for this user');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a system role', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const result = await gql(mock, UPDATE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'SYSTEM_ADMIN' }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid role');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('deploymentRemoveUserRole', () => {
  it('takes the user\'s deployment role away, as deploymentUsers then shows', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const removed = await gql(mock, REMOVE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id }, admin.token);
    expect(removed.data?.deploymentRemoveUserRole.role).toBe('DEPLOYMENT_VIEWER');
    const users = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, admin.token);
    expect(users.data?.deploymentUsers.map((u: { id: string }) => u.id)).toEqual([admin.id]);
  });

  it('refuses a user without a role on the deployment', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    const result = await gql(mock, REMOVE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id }, admin.token);
    expect(result.errors?.[0]?.message).toBe('The role binding does not exist for this user');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to a DEPLOYMENT_VIEWER', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const result = await gql(mock, REMOVE_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('deploymentUsers', () => {
  it('lists the members of the deployment\'s workspace and the users given a role on it', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const result = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, admin.token);
    expect(result.data?.deploymentUsers.map((u: { id: string }) => u.id)).toEqual([admin.id, alice.id]);
  });

  it('filters by email, ignoring the empty criteria the Astro CLI sends', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const result = await gql(
      mock,
      DEPLOYMENT_USERS,
      { user: { userId: '', email: alice.email, fullName: '' }, deploymentId: deployment.id },
      admin.token,
    );
    expect(result.data?.deploymentUsers.map((u: { id: string }) => u.id)).toEqual([alice.id]);
  });

  it('is readable by a DEPLOYMENT_VIEWER of the deployment', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    const result = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.deploymentUsers).toHaveLength(2);
  });

  it('is refused to a user without a role on the deployment or its workspace', async () => {
    const { mock, alice, deployment } = await withDeployment();
    const result = await gql(mock, DEPLOYMENT_USERS, { deploymentId: deployment.id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('RoleBinding', () => {
  it('reads null for a deployment that has been deleted', async () => {
    const { mock, admin, alice, deployment } = await withDeployment();
    await gql(mock, ADD_DEPLOYMENT_USER, { email: alice.email, deploymentId: deployment.id, role: 'DEPLOYMENT_VIEWER' }, admin.token);
    mock.updateRow('deployments', deployment.id, (d) => {
      d.deletedAt = '2024-03-01T00:00:00.000Z';
    });
    const result = await gql(
      mock,
      'query ($e: String!) { users(user: { email: $e }) { roleBindings { role deployment { id } } } }',
      { e: alice.email },
      admin.token,
    );
    expect(result.data?.users[0].roleBindings).toEqual([{ role: 'DEPLOYMENT_VIEWER', deployment: null }]);
  });

  it('names the workspace, user and team a binding refers to', async () => {
    const { mock, admin, alice } = await platform();
    const workspaceId = await createWorkspace(mock, admin.token, 'Team');
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
    mock.insertRow('roleBindings', {
      id: 'cbinding00000000000000001',
      role: 'WORKSPACE_VIEWER',
      userId: null,
      serviceAccountId: null,
      teamId: 'cteam0000000000000000000001',
      workspaceId,
      deploymentId: null,
      createdAt: '2024-01-01T00:00:00.000Z',
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    const result = await gql(
      mock,
      'query ($id: Uuid!) { workspace(workspaceUuid: $id) { roleBindings { role user { id } team { name } workspace { label } deployment { id } } } }',
      { id: workspaceId },
      admin.token,
    );
    expect(result.data?.workspace.roleBindings).toEqual([
      { role: 'WORKSPACE_ADMIN', user: { id: admin.id }, team: null, workspace: { label: 'Team' }, deployment: null },
      { role: 'WORKSPACE_VIEWER', user: null, team: { name: 'analysts' }, workspace: { label: 'Team' }, deployment: null },
    ]);
  });
});
