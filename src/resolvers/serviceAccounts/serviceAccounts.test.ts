import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../index.js';
import { gql } from '../../../test/support/gql.js';
import type { Deployment, RoleBinding, RoleName, Workspace } from '../../store/entities.js';
import { newId, now, type Store } from '../../store/state.js';
import { HoustonError } from '../../core/errors.js';
import * as sa from './store.js';
import { insertRow } from '../../store/rows.js';

// Fixtures are written straight into the store: workspaces and deployments belong to other domains, and these tests
// are about service accounts only.

function addWorkspace(store: Store, label: string): Workspace {
  const at = now(store);
  const workspace: Workspace = {
    id: newId(store),
    label,
    description: null,
    active: true,
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'workspaces', workspace);
  return workspace;
}

function addDeployment(store: Store, workspaceId: string, label: string): Deployment {
  const at = now(store);
  const component = { resources: null, replicas: null };
  const deployment: Deployment = {
    id: newId(store),
    workspaceId,
    clusterId: null,
    label,
    description: null,
    releaseName: `${label}-1234`,
    namespace: `astronomer-${label}-1234`,
    type: 'airflow',
    version: '1.10.0',
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
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  };
  insertRow(store, 'deployments', deployment);
  return deployment;
}

function grant(store: Store, userId: string, role: RoleName, scope: { workspaceId?: string; deploymentId?: string }): void {
  const at = now(store);
  const binding: RoleBinding = {
    id: newId(store),
    role,
    userId,
    serviceAccountId: null,
    teamId: null,
    workspaceId: scope.workspaceId ?? null,
    deploymentId: scope.deploymentId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'roleBindings', binding);
}

const SIGN_UP = `mutation ($email: String!, $password: String!) {
  createUser(email: $email, password: $password) { user { id } token { value } }
}`;

interface Platform {
  mock: HoustonMock;
  adminToken: string;
  userId: string;
  userToken: string;
  workspace: Workspace;
  deployment: Deployment;
  otherWorkspace: Workspace;
  otherDeployment: Deployment;
}

/** An admin (first sign-up), a plain user, and two workspaces with one deployment each. */
async function platform(): Promise<Platform> {
  const mock = createHoustonMock({ seed: null, config: { houston: { publicSignups: true, emailConfirmation: false } } });
  const admin = await gql(mock, SIGN_UP, { email: 'admin@example.com', password: 'pw' });
  const user = await gql(mock, SIGN_UP, { email: 'user@example.com', password: 'pw' });
  const workspace = addWorkspace(mock.store, 'Data');
  const otherWorkspace = addWorkspace(mock.store, 'Other');
  return {
    mock,
    adminToken: admin.data?.createUser.token.value,
    userId: user.data?.createUser.user.id,
    userToken: user.data?.createUser.token.value,
    workspace,
    deployment: addDeployment(mock.store, workspace.id, 'ingest'),
    otherWorkspace,
    otherDeployment: addDeployment(mock.store, otherWorkspace.id, 'billing'),
  };
}

const FIELDS = 'id apiKey label category entityType entityUuid workspaceUuid deploymentUuid active lastUsedAt createdAt updatedAt';

// The Astro CLI's texts, with the variables it really sends (both uuids, one of them "").
const CREATE_DEPLOYMENT_SA = `mutation CreateDeploymentServiceAccount($label: String!, $category: String, $deploymentUuid: Uuid!, $role: Role!) {
  createDeploymentServiceAccount(label: $label, category: $category, deploymentUuid: $deploymentUuid, role: $role) { ${FIELDS} }
}`;
const CREATE_WORKSPACE_SA = `mutation CreateWorkspaceServiceAccount($label: String!, $category: String, $workspaceUuid: Uuid!, $role: Role!) {
  createWorkspaceServiceAccount(label: $label, category: $category, workspaceUuid: $workspaceUuid, role: $role) { ${FIELDS} }
}`;
const CREATE_SYSTEM_SA = `mutation ($label: String!, $role: Role!) { createSystemServiceAccount(label: $label, role: $role) { ${FIELDS} } }`;
const LIST_DEPLOYMENT_SAS = `query GetDeploymentServiceAccounts($deploymentUuid: Uuid!) { deploymentServiceAccounts(deploymentUuid: $deploymentUuid) { ${FIELDS} } }`;
const LIST_WORKSPACE_SAS = `query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) { workspaceServiceAccounts(workspaceUuid: $workspaceUuid) { ${FIELDS} } }`;
const DELETE_DEPLOYMENT_SA = `mutation DeleteDeploymentServiceAccount($serviceAccountUuid: Uuid!, $deploymentUuid: Uuid!) {
  deleteDeploymentServiceAccount(serviceAccountUuid: $serviceAccountUuid, deploymentUuid: $deploymentUuid) { ${FIELDS} }
}`;
const DELETE_WORKSPACE_SA = `mutation DeleteWorkspaceServiceAccount($serviceAccountUuid: Uuid!, $workspaceUuid: Uuid!) {
  deleteWorkspaceServiceAccount(serviceAccountUuid: $serviceAccountUuid, workspaceUuid: $workspaceUuid) { ${FIELDS} }
}`;

const FORBIDDEN = { message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' };
const NOT_FOUND = { message: 'The requested resource was not found', code: 'RESOURCE_NOT_FOUND' };

function firstError(result: { errors?: { message: string; extensions?: { code?: string } }[] }) {
  return { message: result.errors?.[0]?.message, code: result.errors?.[0]?.extensions?.code };
}

async function createDeploymentAccount(p: Platform, role = 'DEPLOYMENT_EDITOR', deploymentId = p.deployment.id) {
  const result = await gql(
    p.mock,
    CREATE_DEPLOYMENT_SA,
    { label: 'ci', category: 'default', deploymentUuid: deploymentId, workspaceUuid: '', role },
    p.adminToken,
  );
  expect(result.errors).toBeUndefined();
  return result.data?.createDeploymentServiceAccount as { id: string; apiKey: string };
}

const TEN_MINUTES = 10 * 60_000;

describe('service account store', () => {
  it('gives each account a 32-character hex key and one role binding on its entity', async () => {
    const p = await platform();
    const account = sa.createDeploymentServiceAccount(p.mock.store, {
      label: 'ci',
      deploymentUuid: p.deployment.id,
      role: 'DEPLOYMENT_VIEWER',
    });
    expect(account.apiKey).toMatch(/^[0-9a-f]{32}$/);
    const bindings = sa.serviceAccountRoleBindings(p.mock.store, account.id);
    expect(bindings.map((b) => [b.role, b.deploymentId, b.workspaceId])).toEqual([['DEPLOYMENT_VIEWER', p.deployment.id, null]]);
  });

  it('writes nothing when the deployment does not exist', async () => {
    const p = await platform();
    const before = structuredClone(p.mock.store.data);
    expect(() =>
      sa.createDeploymentServiceAccount(p.mock.store, { label: 'ci', deploymentUuid: 'cnope', role: 'DEPLOYMENT_VIEWER' }),
    ).toThrow(HoustonError);
    expect(p.mock.store.data.serviceAccounts).toEqual(before.serviceAccounts);
    expect(p.mock.store.data.roleBindings).toEqual(before.roleBindings);
  });

  it('refuses a soft-deleted deployment as a home for a new account', async () => {
    const p = await platform();
    p.mock.updateRow('deployments', p.deployment.id, (d) => {
      d.deletedAt = now(p.mock.store);
    });
    expect(() =>
      sa.createDeploymentServiceAccount(p.mock.store, { label: 'ci', deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' }),
    ).toThrow('The requested resource was not found');
  });

  it('masks the key after showFor minutes: the first showFirstChars characters, then asterisks', async () => {
    const p = await platform();
    const account = sa.createSystemServiceAccount(p.mock.store, { label: 'ops', role: 'SYSTEM_VIEWER' });
    expect(sa.visibleApiKey(p.mock.store, account)).toBe(account.apiKey);
    p.mock.clock.advance(TEN_MINUTES);
    expect(sa.visibleApiKey(p.mock.store, account)).toBe(`${account.apiKey.slice(0, 6)}${'*'.repeat(26)}`);
  });

  it('removes every account of an entity with their bindings', async () => {
    const p = await platform();
    const store = p.mock.store;
    sa.createWorkspaceServiceAccount(store, { label: 'a', workspaceUuid: p.workspace.id, role: 'WORKSPACE_VIEWER' });
    sa.createWorkspaceServiceAccount(store, { label: 'b', workspaceUuid: p.workspace.id, role: 'WORKSPACE_EDITOR' });
    const kept = sa.createWorkspaceServiceAccount(store, { label: 'c', workspaceUuid: p.otherWorkspace.id, role: 'WORKSPACE_VIEWER' });
    expect(sa.deleteEntityServiceAccounts(store, 'WORKSPACE', p.workspace.id)).toBe(2);
    expect(Object.keys(store.data.serviceAccounts)).toEqual([kept.id]);
    expect(Object.values(store.data.roleBindings).filter((b) => b.serviceAccountId !== null).map((b) => b.serviceAccountId)).toEqual([kept.id]);
  });
});

describe('createDeploymentServiceAccount', () => {
  it('answers the whole key once, with the deployment as its entity', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      CREATE_DEPLOYMENT_SA,
      { label: 'ci', category: 'default', deploymentUuid: p.deployment.id, workspaceUuid: '', role: 'DEPLOYMENT_EDITOR' },
      p.adminToken,
    );
    expect(result.errors).toBeUndefined();
    const created = result.data?.createDeploymentServiceAccount;
    expect(created.apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(created).toMatchObject({
      label: 'ci',
      category: 'default',
      entityType: 'DEPLOYMENT',
      entityUuid: p.deployment.id,
      deploymentUuid: p.deployment.id,
      workspaceUuid: p.workspace.id,
      active: true,
      lastUsedAt: null,
    });
    expect(created.id).toMatch(/^c[0-9a-z]{24}$/);
  });

  it('refuses a workspace role for a deployment account', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      CREATE_DEPLOYMENT_SA,
      { label: 'ci', deploymentUuid: p.deployment.id, role: 'WORKSPACE_ADMIN' },
      p.adminToken,
    );
    expect(firstError(result)).toEqual({ message: "Entity and role types don't match", code: 'BAD_USER_INPUT' });
    expect(p.mock.store.data.serviceAccounts).toEqual({});
  });

  it('is refused to a user without a role on the deployment', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      CREATE_DEPLOYMENT_SA,
      { label: 'ci', deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' },
      p.userToken,
    );
    expect(firstError(result)).toEqual(FORBIDDEN);
  });

  it('is allowed to a workspace editor on the workspace\'s deployments', async () => {
    const p = await platform();
    grant(p.mock.store, p.userId, 'WORKSPACE_EDITOR', { workspaceId: p.workspace.id });
    const result = await gql(
      p.mock,
      CREATE_DEPLOYMENT_SA,
      { label: 'ci', deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' },
      p.userToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.createDeploymentServiceAccount.entityUuid).toBe(p.deployment.id);
  });
});

describe('reading a service account key back', () => {
  it('shows the whole key in lists during the first showFor minutes', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p);
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.deployment.id }, p.adminToken);
    expect(list.data?.deploymentServiceAccounts.map((a: { apiKey: string }) => a.apiKey)).toEqual([created.apiKey]);
  });

  it('shows only the first six characters afterwards', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p);
    p.mock.clock.advance(TEN_MINUTES);
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.deployment.id }, p.adminToken);
    const [listed] = list.data?.deploymentServiceAccounts;
    expect(listed.apiKey).toBe(`${created.apiKey.slice(0, 6)}${'*'.repeat(26)}`);
    expect(listed.apiKey).not.toBe(created.apiKey);
  });
});

describe('a service account key as credentials', () => {
  it('lets a deployment editor account read its own deployment\'s accounts', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_EDITOR');
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.deployment.id }, created.apiKey);
    expect(list.errors).toBeUndefined();
    expect(list.data?.deploymentServiceAccounts.map((a: { id: string }) => a.id)).toEqual([created.id]);
  });

  it('is refused on another workspace\'s deployment', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_EDITOR');
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.otherDeployment.id }, created.apiKey);
    expect(firstError(list)).toEqual(FORBIDDEN);
    expect(list.data?.deploymentServiceAccounts).toBeNull();
  });

  it('is refused on its own workspace\'s workspace-level fields', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_ADMIN');
    const list = await gql(p.mock, LIST_WORKSPACE_SAS, { workspaceUuid: p.workspace.id }, created.apiKey);
    expect(firstError(list)).toEqual(FORBIDDEN);
  });

  it('stops working once the account is deleted', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_EDITOR');
    const deleted = await gql(
      p.mock,
      DELETE_DEPLOYMENT_SA,
      { serviceAccountUuid: created.id, deploymentUuid: p.deployment.id, workspaceUuid: '' },
      p.adminToken,
    );
    expect(deleted.data?.deleteDeploymentServiceAccount.id).toBe(created.id);
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.deployment.id }, created.apiKey);
    expect(firstError(list)).toEqual(FORBIDDEN);
  });

  it('carries a system role everywhere when the account is a system account', async () => {
    const p = await platform();
    const created = await gql(p.mock, CREATE_SYSTEM_SA, { label: 'ops', role: 'SYSTEM_VIEWER' }, p.adminToken);
    const key = created.data?.createSystemServiceAccount.apiKey;
    const list = await gql(p.mock, LIST_WORKSPACE_SAS, { workspaceUuid: p.otherWorkspace.id }, key);
    expect(list.errors).toBeUndefined();
    expect(list.data?.workspaceServiceAccounts).toEqual([]);
  });
});

describe('deleting service accounts', () => {
  it('removes the account\'s role binding with it', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p);
    await gql(p.mock, DELETE_DEPLOYMENT_SA, { serviceAccountUuid: created.id, deploymentUuid: p.deployment.id }, p.adminToken);
    expect(Object.values(p.mock.store.data.roleBindings).some((b) => b.serviceAccountId === created.id)).toBe(false);
  });

  it('answers not found for an account of another workspace', async () => {
    const p = await platform();
    const created = await gql(
      p.mock,
      CREATE_WORKSPACE_SA,
      { label: 'ci', workspaceUuid: p.otherWorkspace.id, deploymentUuid: '', role: 'WORKSPACE_VIEWER' },
      p.adminToken,
    );
    const id = created.data?.createWorkspaceServiceAccount.id;
    const result = await gql(p.mock, DELETE_WORKSPACE_SA, { serviceAccountUuid: id, workspaceUuid: p.workspace.id }, p.adminToken);
    expect(firstError(result)).toEqual(NOT_FOUND);
    expect(p.mock.store.data.serviceAccounts[id]).toBeDefined();
  });

  it('deletes a system account through deleteSystemServiceAccount', async () => {
    const p = await platform();
    const created = await gql(p.mock, CREATE_SYSTEM_SA, { label: 'ops', role: 'SYSTEM_ADMIN' }, p.adminToken);
    const id = created.data?.createSystemServiceAccount.id;
    const result = await gql(
      p.mock,
      `mutation ($id: Uuid!) { deleteSystemServiceAccount(serviceAccountUuid: $id) { id entityType entityUuid } }`,
      { id },
      p.adminToken,
    );
    expect(result.data?.deleteSystemServiceAccount).toEqual({ id, entityType: 'SYSTEM', entityUuid: null });
    expect(p.mock.store.data.serviceAccounts).toEqual({});
  });

  it('refuses the generic deleteServiceAccount to a user without a role on the account\'s workspace', async () => {
    const p = await platform();
    const account = sa.createWorkspaceServiceAccount(p.mock.store, { label: 'ci', workspaceUuid: p.workspace.id, role: 'WORKSPACE_VIEWER' });
    const result = await gql(
      p.mock,
      `mutation ($id: Uuid!) { deleteServiceAccount(serviceAccountUuid: $id) { id } }`,
      { id: account.id },
      p.userToken,
    );
    expect(firstError(result)).toEqual(FORBIDDEN);
    expect(p.mock.store.data.serviceAccounts[account.id]).toBeDefined();
  });
});

describe('createWorkspaceServiceAccount and createSystemServiceAccount', () => {
  it('creates a workspace account with the workspace as entity', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      CREATE_WORKSPACE_SA,
      { label: 'ci', category: 'default', workspaceUuid: p.workspace.id, deploymentUuid: '', role: 'WORKSPACE_EDITOR' },
      p.adminToken,
    );
    expect(result.data?.createWorkspaceServiceAccount).toMatchObject({
      entityType: 'WORKSPACE',
      entityUuid: p.workspace.id,
      workspaceUuid: p.workspace.id,
      deploymentUuid: null,
    });
  });

  it('refuses a system account with a workspace role as an invalid role', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE_SYSTEM_SA, { label: 'ops', role: 'WORKSPACE_ADMIN' }, p.adminToken);
    expect(firstError(result)).toEqual({ message: 'Invalid role', code: 'BAD_USER_INPUT' });
  });

  it('refuses system accounts to users who are not system admins', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE_SYSTEM_SA, { label: 'ops', role: 'SYSTEM_VIEWER' }, p.userToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
  });

  it('refuses anonymous callers', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE_WORKSPACE_SA, { label: 'ci', workspaceUuid: p.workspace.id, role: 'WORKSPACE_VIEWER' });
    expect(firstError(result)).toEqual(FORBIDDEN);
  });

  it('creates through the older createServiceAccount with an entity type', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      `mutation ($uuid: Uuid) { createServiceAccount(label: "ci", entityType: WORKSPACE, entityUuid: $uuid, role: WORKSPACE_VIEWER) { apiKey entityType entityUuid roleBindings { role } } }`,
      { uuid: p.workspace.id },
      p.adminToken,
    );
    expect(result.data?.createServiceAccount).toMatchObject({
      entityType: 'WORKSPACE',
      entityUuid: p.workspace.id,
      roleBindings: [{ role: 'WORKSPACE_VIEWER' }],
    });
    expect(result.data?.createServiceAccount.apiKey).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('listing service accounts', () => {
  it('lists only the workspace\'s own accounts', async () => {
    const p = await platform();
    const mine = sa.createWorkspaceServiceAccount(p.mock.store, { label: 'mine', workspaceUuid: p.workspace.id, role: 'WORKSPACE_VIEWER' });
    sa.createWorkspaceServiceAccount(p.mock.store, { label: 'theirs', workspaceUuid: p.otherWorkspace.id, role: 'WORKSPACE_VIEWER' });
    sa.createDeploymentServiceAccount(p.mock.store, { label: 'dep', deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' });
    const list = await gql(p.mock, LIST_WORKSPACE_SAS, { workspaceUuid: p.workspace.id }, p.adminToken);
    expect(list.data?.workspaceServiceAccounts.map((a: { id: string }) => a.id)).toEqual([mine.id]);
  });

  it('lets a workspace viewer list the workspace\'s accounts', async () => {
    const p = await platform();
    grant(p.mock.store, p.userId, 'WORKSPACE_VIEWER', { workspaceId: p.workspace.id });
    sa.createWorkspaceServiceAccount(p.mock.store, { label: 'mine', workspaceUuid: p.workspace.id, role: 'WORKSPACE_VIEWER' });
    const list = await gql(p.mock, LIST_WORKSPACE_SAS, { workspaceUuid: p.workspace.id }, p.userToken);
    expect(list.data?.workspaceServiceAccounts.map((a: { label: string }) => a.label)).toEqual(['mine']);
  });

  it('answers not found for a soft-deleted deployment', async () => {
    const p = await platform();
    p.mock.updateRow('deployments', p.deployment.id, (d) => {
      d.deletedAt = now(p.mock.store);
    });
    const list = await gql(p.mock, LIST_DEPLOYMENT_SAS, { deploymentUuid: p.deployment.id }, p.adminToken);
    expect(firstError(list)).toEqual(NOT_FOUND);
  });

  it('answers null from deploymentServiceAccount for another deployment\'s account', async () => {
    const p = await platform();
    const other = sa.createDeploymentServiceAccount(p.mock.store, { label: 'x', deploymentUuid: p.otherDeployment.id, role: 'DEPLOYMENT_VIEWER' });
    const result = await gql(
      p.mock,
      'query ($d: Uuid!, $s: Uuid!) { deploymentServiceAccount(deploymentUuid: $d, serviceAccountUuid: $s) { id } }',
      { d: p.deployment.id, s: other.id },
      p.adminToken,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.deploymentServiceAccount).toBeNull();
  });

  it('needs an account or entity id in the older serviceAccounts query', async () => {
    const p = await platform();
    const result = await gql(p.mock, '{ serviceAccounts(entityType: WORKSPACE) { id } }', null, p.adminToken);
    expect(firstError(result)).toEqual({
      message: 'A required argument was not sent: serviceAccountUuid or entityUuid',
      code: 'BAD_USER_INPUT',
    });
  });

  it('refuses the older serviceAccounts query on a workspace the caller cannot read', async () => {
    const p = await platform();
    const result = await gql(
      p.mock,
      'query ($id: Uuid) { serviceAccounts(entityType: WORKSPACE, entityUuid: $id) { id } }',
      { id: p.workspace.id },
      p.userToken,
    );
    expect(firstError(result)).toEqual(FORBIDDEN);
  });
});

describe('updating service accounts', () => {
  it('changes label, category and role of a deployment account', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_VIEWER');
    const result = await gql(
      p.mock,
      `mutation ($s: Uuid!, $d: Uuid!, $payload: JSON) {
        updateDeploymentServiceAccount(serviceAccountUuid: $s, deploymentUuid: $d, payload: $payload) { label category roleBindings { role } }
      }`,
      { s: created.id, d: p.deployment.id, payload: { label: 'deployer', category: 'ci', role: 'DEPLOYMENT_EDITOR' } },
      p.adminToken,
    );
    expect(result.data?.updateDeploymentServiceAccount).toEqual({
      label: 'deployer',
      category: 'ci',
      roleBindings: [{ role: 'DEPLOYMENT_EDITOR' }],
    });
  });

  it('refuses a role of another level and changes nothing', async () => {
    const p = await platform();
    const created = await createDeploymentAccount(p, 'DEPLOYMENT_VIEWER');
    const result = await gql(
      p.mock,
      `mutation ($s: Uuid!, $payload: JSON) { updateServiceAccount(serviceAccountUuid: $s, payload: $payload) { label } }`,
      { s: created.id, payload: { label: 'renamed', role: 'SYSTEM_ADMIN' } },
      p.adminToken,
    );
    expect(firstError(result)).toEqual({ message: 'Invalid role', code: 'BAD_USER_INPUT' });
    expect(p.mock.store.data.serviceAccounts[created.id]?.label).toBe('ci');
  });
});
