import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../index.js';
import type { HoustonMock } from '../../index.js';
import type { Deployment, RoleBinding, RoleName, Workspace } from '../../store/entities.js';
import { newId, now } from '../../store/state.js';
import { insertUser } from '../users/store.js';
import { gql } from '../../../test/support/gql.js';
import { effectiveDeploymentsConfig, mergeOverride } from './store.js';

const CLUSTER_FIELDS = 'id name baseDomain metadataUrl k8sVersion status statusReason healthStatus configOverride createdAt updatedAt';

function adminId(mock: HoustonMock): string {
  const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
  if (!admin) throw new Error('seeded admin missing');
  return admin.id;
}

async function adminToken(mock: HoustonMock): Promise<string> {
  return mock.issueToken(adminId(mock));
}

/** A signed-in user with no role beyond USER, plus optional bindings on a workspace or deployment. */
async function userToken(
  mock: HoustonMock,
  email: string,
  bindings: { role: RoleName; workspaceId?: string; deploymentId?: string }[] = [],
): Promise<string> {
  const user = insertUser(mock.store, { email, status: 'active', verified: true });
  for (const b of bindings) {
    const at = now(mock.store);
    const binding: RoleBinding = {
      id: newId(mock.store),
      role: b.role,
      userId: user.id,
      serviceAccountId: null,
      teamId: null,
      workspaceId: b.workspaceId ?? null,
      deploymentId: b.deploymentId ?? null,
      createdAt: at,
      updatedAt: at,
    };
    mock.insertRow('roleBindings', binding);
  }
  return mock.issueToken(user.id);
}

function addWorkspace(mock: HoustonMock, label = 'Data Platform'): Workspace {
  const at = now(mock.store);
  const workspace: Workspace = {
    id: newId(mock.store),
    label,
    description: null,
    active: true,
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  mock.insertRow('workspaces', workspace);
  return workspace;
}

/** Only the fields these tests read; the deployments domain owns the full record. */
function addDeployment(mock: HoustonMock, workspaceId: string, clusterId: string | null): Deployment {
  const at = now(mock.store);
  const deployment = {
    id: newId(mock.store),
    workspaceId,
    clusterId,
    label: 'etl',
    releaseName: 'mathematical-probe-2087',
    namespace: 'astronomer-mathematical-probe-2087',
    executor: 'CeleryExecutor',
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  } as unknown as Deployment;
  mock.insertRow('deployments', deployment);
  return deployment;
}

async function register(mock: HoustonMock, token: string, name: string, metadataUrl: string, override?: unknown) {
  return gql(
    mock,
    `mutation ($name: String!, $metadataUrl: String!, $o: JSON) {
      registerCluster(name: $name, metadataUrl: $metadataUrl, deploymentsConfigOverride: $o) { ${CLUSTER_FIELDS} }
    }`,
    { name, metadataUrl, o: override ?? null },
    token,
  );
}

async function setStatus(mock: HoustonMock, token: string, id: string, status: 'ACTIVE' | 'INACTIVE') {
  return gql(mock, 'mutation ($id: Uuid!, $s: ClusterStatus) { updateCluster(id: $id, status: $s) { id status } }', { id, s: status }, token);
}

describe('default cluster', () => {
  it('exists from platform 1.0.0, on the platform base domain, ACTIVE and healthy', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await gql(mock, `{ paginatedClusters { count clusters { ${CLUSTER_FIELDS} } } }`, null, await adminToken(mock));
    expect(result.errors).toBeUndefined();
    expect(result.data?.paginatedClusters.count).toBe(1);
    const [cluster] = result.data?.paginatedClusters.clusters;
    expect(cluster).toMatchObject({
      name: 'default',
      baseDomain: 'houston.local',
      status: 'ACTIVE',
      statusReason: null,
      healthStatus: { status: 'HEALTHY', lastCheckedAt: '2024-06-01T12:00:00.000Z' },
      configOverride: null,
      createdAt: '2024-06-01T12:00:00.000Z',
    });
    expect(cluster.id).toMatch(/^c[0-9a-z]{24}$/);
  });

  it('is created on an empty platform too', () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0', seed: null });
    expect(Object.values(mock.store.data.clusters).map((c) => c.name)).toEqual(['default']);
  });

  it('does not exist before 1.0.0, where the cluster fields are absent', async () => {
    const mock = createHoustonMock({ platformVersion: '0.37.0' });
    const result = await gql(mock, '{ paginatedClusters { count } }', null, await adminToken(mock));
    expect(Object.keys(mock.store.data.clusters)).toHaveLength(0);
    expect(result.errors?.[0]?.message).toMatch(/^Cannot query field "paginatedClusters" on type "Query"\./);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('reading clusters', () => {
  it('lists clusters for any signed-in user', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const token = await userToken(mock, 'someone@example.com');
    const result = await gql(mock, '{ paginatedClusters { count clusters { name } } }', null, token);
    expect(result.data).toEqual({ paginatedClusters: { count: 1, clusters: [{ name: 'default' }] } });
  });

  it('refuses the cluster list without a token', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await gql(mock, '{ paginatedClusters { count } }');
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses one cluster to a user without system.clusters.get', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const id = Object.keys(mock.store.data.clusters)[0];
    const result = await gql(mock, 'query ($id: Uuid!) { cluster(id: $id) { id } }', { id }, await userToken(mock, 'u@example.com'));
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers one cluster by id to a system admin', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const id = Object.keys(mock.store.data.clusters)[0];
    const result = await gql(mock, 'query ($id: Uuid!) { cluster(id: $id) { id name } }', { id }, await adminToken(mock));
    expect(result.data).toEqual({ cluster: { id, name: 'default' } });
  });

  it('answers not found for an unknown cluster id', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await gql(mock, '{ cluster(id: "cnosuchcluster000000000000") { id } }', null, await adminToken(mock));
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});

describe('paginatedClusters', () => {
  async function platformWithClusters() {
    const mock = createHoustonMock({ platformVersion: '1.0.1' });
    const token = await adminToken(mock);
    for (const dp of ['alpha', 'bravo', 'charlie', 'delta']) {
      await register(mock, token, `dp-${dp}`, `https://commander.${dp}.example.com`);
    }
    return { mock, token };
  }

  it('counts every matching cluster while returning one page', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(take: 2, pageNumber: 1) { count clusters { name } } }', null, token);
    expect(result.data).toEqual({ paginatedClusters: { count: 5, clusters: [{ name: 'dp-bravo' }, { name: 'dp-charlie' }] } });
  });

  it('starts a page after the cursor cluster', async () => {
    const { mock, token } = await platformWithClusters();
    const bravo = Object.values(mock.store.data.clusters).find((c) => c.name === 'dp-bravo');
    const result = await gql(mock, 'query ($c: Uuid) { paginatedClusters(take: 2, cursor: $c) { clusters { name } } }', { c: bravo?.id }, token);
    expect(result.data?.paginatedClusters.clusters).toEqual([{ name: 'dp-charlie' }, { name: 'dp-delta' }]);
  });

  it('treats an empty cursor as the first page', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(take: 1, cursor: "") { clusters { name } } }', null, token);
    expect(result.data?.paginatedClusters.clusters).toEqual([{ name: 'default' }]);
  });

  it('filters by a search phrase on name or base domain, counting only matches', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(searchPhrase: "CHARLIE.example") { count clusters { baseDomain } } }', null, token);
    expect(result.data).toEqual({ paginatedClusters: { count: 1, clusters: [{ baseDomain: 'charlie.example.com' }] } });
  });

  it('filters by Kubernetes version', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(k8sVersion: "1.29.8") { count clusters { k8sVersion } } }', null, token);
    const expected = Object.values(mock.store.data.clusters).filter((c) => c.k8sVersion === '1.29.8').length;
    expect(result.data?.paginatedClusters.count).toBe(expected);
    expect(result.data?.paginatedClusters.clusters.every((c: { k8sVersion: string }) => c.k8sVersion === '1.29.8')).toBe(true);
  });

  it('sorts by name, descending', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(sortBy: "name", sortDirection: "desc", take: 3) { clusters { name } } }', null, token);
    expect(result.data?.paginatedClusters.clusters).toEqual([{ name: 'dp-delta' }, { name: 'dp-charlie' }, { name: 'dp-bravo' }]);
  });

  it('refuses an unknown sort key', async () => {
    const { mock, token } = await platformWithClusters();
    const result = await gql(mock, '{ paginatedClusters(sortBy: "colour") { count } }', null, token);
    expect(result.errors?.[0]?.message).toBe('sortBy must be one of name, baseDomain, k8sVersion, status, createdAt, updatedAt, id');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('registerCluster', () => {
  it('derives the base domain from the metadata host and registers the cluster ACTIVE', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await register(mock, await adminToken(mock), 'eu-data-plane', 'https://commander.eu.example.com/');
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerCluster).toMatchObject({
      name: 'eu-data-plane',
      baseDomain: 'eu.example.com',
      metadataUrl: 'https://commander.eu.example.com',
      status: 'ACTIVE',
      healthStatus: { status: 'HEALTHY' },
    });
  });

  it('refuses a second cluster on the same base domain and changes nothing', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const token = await adminToken(mock);
    await register(mock, token, 'first', 'https://commander.eu.example.com');
    const before = structuredClone(mock.store.data);
    const result = await register(mock, token, 'second', 'http://EU.example.com:8880');
    expect(result.errors?.[0]?.message).toBe('A cluster with this base domain already exists');
    expect(mock.store.data).toEqual(before);
  });

  it('refuses the default cluster base domain', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await register(mock, await adminToken(mock), 'again', 'https://commander.houston.local');
    expect(result.errors?.[0]?.message).toBe('A cluster with this base domain already exists');
  });

  it('registers an unreachable data plane INACTIVE with the reason', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await register(mock, await adminToken(mock), 'down', 'https://unreachable.dp.example.com');
    expect(result.data?.registerCluster).toMatchObject({
      status: 'INACTIVE',
      statusReason: { message: 'Could not fetch https://unreachable.dp.example.com/metadata' },
      healthStatus: { status: 'UNREACHABLE' },
    });
  });

  it('stores the initial override without DELETE_KEY entries', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const override = { hardDeleteDeployment: true, astroUnit: { price: 'DELETE_KEY' } };
    const result = await register(mock, await adminToken(mock), 'dp', 'https://commander.dp.example.com', override);
    expect(result.data?.registerCluster.configOverride).toEqual({ hardDeleteDeployment: true });
  });

  it('refuses a metadata URL that is not http(s)', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await register(mock, await adminToken(mock), 'dp', 'ftp://commander.dp.example.com');
    expect(result.errors?.[0]?.message).toBe('metadataUrl must be an http or https URL');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is refused to a user without system.clusters.register', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const result = await register(mock, await userToken(mock, 'u@example.com'), 'dp', 'https://commander.dp.example.com');
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(Object.keys(mock.store.data.clusters)).toHaveLength(1);
  });
});

describe('updateCluster', () => {
  async function platformWithInactiveCluster() {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const registered = await register(mock, token, 'dp', 'https://commander.dp.example.com', { triggererEnabled: false });
    const id: string = registered.data?.registerCluster.id;
    await setStatus(mock, token, id, 'INACTIVE');
    return { mock, token, id };
  }

  it('sets the status and the status reason', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const token = await adminToken(mock);
    const id = Object.keys(mock.store.data.clusters)[0];
    const result = await gql(
      mock,
      'mutation ($id: Uuid!) { updateCluster(id: $id, status: INACTIVE, statusReason: { message: "Maintenance window" }) { id status statusReason } }',
      { id },
      token,
    );
    expect(result.data).toEqual({ updateCluster: { id, status: 'INACTIVE', statusReason: { message: 'Maintenance window' } } });
  });

  it('refuses a name change on an INACTIVE cluster and keeps the name', async () => {
    const { mock, token, id } = await platformWithInactiveCluster();
    const result = await gql(mock, 'mutation ($id: Uuid!) { updateCluster(id: $id, name: "renamed") { name } }', { id }, token);
    expect(result.errors?.[0]?.message).toBe('This operation is not allowed as the cluster is not active');
    expect(mock.store.data.clusters[id]?.name).toBe('dp');
  });

  it('refuses an override change on an INACTIVE cluster and keeps the override', async () => {
    const { mock, token, id } = await platformWithInactiveCluster();
    const result = await gql(
      mock,
      'mutation ($id: Uuid!) { updateCluster(id: $id, deploymentsConfigOverride: { triggererEnabled: true }) { id } }',
      { id },
      token,
    );
    expect(result.errors?.[0]?.message).toBe('This operation is not allowed as the cluster is not active');
    expect(mock.store.data.clusters[id]?.deploymentsConfigOverride).toEqual({ triggererEnabled: false });
  });

  it('allows a status change on an INACTIVE cluster', async () => {
    const { mock, token, id } = await platformWithInactiveCluster();
    const result = await setStatus(mock, token, id, 'ACTIVE');
    expect(result.data).toEqual({ updateCluster: { id, status: 'ACTIVE' } });
  });

  it('merges the override into the stored one, DELETE_KEY removing a key', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const registered = await register(mock, token, 'dp', 'https://commander.dp.example.com', {
      triggererEnabled: false,
      deployRollback: { enabled: true },
    });
    const result = await gql(
      mock,
      'mutation ($id: Uuid!, $o: JSON) { updateCluster(id: $id, deploymentsConfigOverride: $o) { configOverride } }',
      { id: registered.data?.registerCluster.id, o: { triggererEnabled: 'DELETE_KEY', deployRollback: { days: 30 }, hardDeleteDeployment: true } },
      token,
    );
    expect(result.data?.updateCluster.configOverride).toEqual({ deployRollback: { enabled: true, days: 30 }, hardDeleteDeployment: true });
  });
});

describe('deregisterCluster', () => {
  it('refuses a cluster that live deployments still use', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const id = Object.keys(mock.store.data.clusters)[0] ?? '';
    addDeployment(mock, addWorkspace(mock).id, id);
    const result = await gql(mock, 'mutation ($id: Uuid!) { deregisterCluster(id: $id) { id name } }', { id }, token);
    expect(result.errors?.[0]?.message).toBe('You must first delete all deployments on this cluster before you can deregister it.');
    expect(mock.store.data.clusters[id]).toBeDefined();
  });

  it('removes a cluster whose deployments are all soft-deleted', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const id = Object.keys(mock.store.data.clusters)[0] ?? '';
    addDeployment(mock, addWorkspace(mock).id, id);
    // The seeded platform has deployments on the default cluster too.
    for (const d of Object.values(mock.store.data.deployments)) {
      mock.updateRow('deployments', d.id, (row) => {
        row.deletedAt ??= now(mock.store);
      });
    }
    const result = await gql(mock, 'mutation ($id: Uuid!) { deregisterCluster(id: $id) { id name } }', { id }, token);
    expect(result.data).toEqual({ deregisterCluster: { id, name: 'default' } });
    expect(mock.store.data.clusters[id]).toBeUndefined();
  });
});

describe('reconcileClusterMetadataJob', () => {
  it('re-derives status from health at the clock time, reactivating a healthy cluster', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.0' });
    const token = await adminToken(mock);
    const id = Object.keys(mock.store.data.clusters)[0] ?? '';
    await setStatus(mock, token, id, 'INACTIVE');
    mock.clock.advance(3_600_000);
    const result = await gql(mock, 'mutation { reconcileClusterMetadataJob }', null, token);
    expect(result.data).toEqual({ reconcileClusterMetadataJob: true });
    expect(mock.store.data.clusters[id]).toMatchObject({
      status: 'ACTIVE',
      healthStatus: { status: 'HEALTHY', lastCheckedAt: '2024-06-01T13:00:00.000Z' },
      updatedAt: '2024-06-01T13:00:00.000Z',
    });
  });
});

describe('config governance', () => {
  const update = `mutation ($w: Uuid!, $o: JSON!, $r: String!) {
    updateWorkspaceDeploymentsConfig(workspaceUuid: $w, deploymentsConfigOverride: $o, reason: $r) { id config reason createdAt updatedAt deletedAt }
  }`;

  it('merges successive workspace overrides', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const w = addWorkspace(mock).id;
    await gql(mock, update, { w, o: { deploymentLifecycle: { deployRollback: { enabled: true } } }, r: 'enable rollbacks' }, token);
    const result = await gql(mock, update, { w, o: { deploymentLifecycle: { hardDeleteDeployment: { enabled: true } } }, r: 'hard delete' }, token);
    expect(result.data?.updateWorkspaceDeploymentsConfig).toEqual({
      id: w,
      config: { deploymentLifecycle: { deployRollback: { enabled: true }, hardDeleteDeployment: { enabled: true } } },
      reason: 'hard delete',
      createdAt: '2024-06-01T12:00:00.000Z',
      updatedAt: '2024-06-01T12:00:00.000Z',
      deletedAt: null,
    });
  });

  it('removes a key set to DELETE_KEY, dropping parents left empty', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const w = addWorkspace(mock).id;
    await gql(mock, update, { w, o: { deploymentLifecycle: { deployRollback: { enabled: true } }, maxExtraAu: 400 }, r: 'set' }, token);
    const result = await gql(mock, update, { w, o: { deploymentLifecycle: { deployRollback: { enabled: 'DELETE_KEY' } } }, r: 'unset' }, token);
    expect(result.data?.updateWorkspaceDeploymentsConfig.config).toEqual({ maxExtraAu: 400 });
  });

  it('answers the stored workspace override', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const w = addWorkspace(mock).id;
    await gql(mock, update, { w, o: { maxExtraAu: 400 }, r: 'bigger deployments' }, token);
    const result = await gql(mock, 'query ($w: Uuid!) { workspaceDeploymentsConfig(workspaceUuid: $w) { id config reason } }', { w }, token);
    expect(result.data).toEqual({ workspaceDeploymentsConfig: { id: w, config: { maxExtraAu: 400 }, reason: 'bigger deployments' } });
  });

  it('deletes the workspace override, recording when', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const w = addWorkspace(mock).id;
    await gql(mock, update, { w, o: { maxExtraAu: 400 }, r: 'set' }, token);
    mock.clock.advance(60_000);
    const deleted = await gql(
      mock,
      'mutation ($w: Uuid!) { deleteWorkspaceDeploymentsConfig(workspaceUuid: $w, reason: "revert") { id config deletedAt } }',
      { w },
      token,
    );
    expect(deleted.data).toEqual({ deleteWorkspaceDeploymentsConfig: { id: w, config: null, deletedAt: '2024-06-01T12:01:00.000Z' } });
    const read = await gql(mock, 'query ($w: Uuid!) { workspaceDeploymentsConfig(workspaceUuid: $w) { id } }', { w }, token);
    expect(read.data).toEqual({ workspaceDeploymentsConfig: null });
  });

  it('merges and deletes a deployment override', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const token = await adminToken(mock);
    const d = addDeployment(mock, addWorkspace(mock).id, null).id;
    const updated = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeploymentConfig(deploymentUuid: $d, deploymentsConfigOverride: { airflowComponents: { triggerer: { enabled: false } } }, reason: "no triggerer") { id config } }',
      { d },
      token,
    );
    expect(updated.data).toEqual({ updateDeploymentConfig: { id: d, config: { airflowComponents: { triggerer: { enabled: false } } } } });
    const deleted = await gql(mock, 'mutation ($d: Uuid!) { deleteDeploymentConfig(deploymentUuid: $d, reason: "back") { config } }', { d }, token);
    expect(deleted.data).toEqual({ deleteDeploymentConfig: { config: null } });
    expect(mock.store.data.deployments[d]?.deploymentsConfig).toBeNull();
  });

  it('lets a workspace editor update the workspace override', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const token = await userToken(mock, 'editor@example.com', [{ role: 'WORKSPACE_EDITOR', workspaceId: w }]);
    const result = await gql(mock, update, { w, o: { maxExtraAu: 10 }, r: 'ok' }, token);
    expect(result.data?.updateWorkspaceDeploymentsConfig.config).toEqual({ maxExtraAu: 10 });
  });

  it('refuses a workspace viewer an update of the workspace override', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const token = await userToken(mock, 'viewer@example.com', [{ role: 'WORKSPACE_VIEWER', workspaceId: w }]);
    const result = await gql(mock, update, { w, o: { maxExtraAu: 10 }, r: 'no' }, token);
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(mock.store.data.workspaces[w]?.deploymentsConfig).toBeNull();
  });

  it('refuses a workspace editor the deletion of the workspace override (Workspace Admin only)', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const token = await userToken(mock, 'editor@example.com', [{ role: 'WORKSPACE_EDITOR', workspaceId: w }]);
    const result = await gql(mock, 'mutation ($w: Uuid!) { deleteWorkspaceDeploymentsConfig(workspaceUuid: $w, reason: "x") { id } }', { w }, token);
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a workspace editor update a deployment override in that workspace', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const d = addDeployment(mock, w, null).id;
    const token = await userToken(mock, 'editor@example.com', [{ role: 'WORKSPACE_EDITOR', workspaceId: w }]);
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeploymentConfig(deploymentUuid: $d, deploymentsConfigOverride: { maxExtraAu: 5 }, reason: "r") { config } }',
      { d },
      token,
    );
    expect(result.data).toEqual({ updateDeploymentConfig: { config: { maxExtraAu: 5 } } });
  });

  it('refuses a deployment viewer an update of the deployment override', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const d = addDeployment(mock, addWorkspace(mock).id, null).id;
    const token = await userToken(mock, 'viewer@example.com', [{ role: 'DEPLOYMENT_VIEWER', deploymentId: d }]);
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeploymentConfig(deploymentUuid: $d, deploymentsConfigOverride: { maxExtraAu: 5 }, reason: "r") { config } }',
      { d },
      token,
    );
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers not found for a soft-deleted deployment', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const deployment = addDeployment(mock, addWorkspace(mock).id, null);
    mock.updateRow('deployments', deployment.id, (d) => {
      d.deletedAt = now(mock.store);
    });
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeploymentConfig(deploymentUuid: $d, deploymentsConfigOverride: { maxExtraAu: 5 }, reason: "r") { config } }',
      { d: deployment.id },
      await adminToken(mock),
    );
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('refuses a platform setting outside deployments', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const result = await gql(mock, update, { w, o: { webserver: { port: 9000 } }, r: 'x' }, await adminToken(mock));
    expect(result.errors?.[0]?.message).toBe('Only deployments.* settings can be overridden; "webserver" is a platform setting of the Helm values');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an override that is not a JSON object', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const result = await gql(mock, update, { w, o: ['maxExtraAu'], r: 'x' }, await adminToken(mock));
    expect(result.errors?.[0]?.message).toBe('deploymentsConfigOverride must be a JSON object of deployments.* settings');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a blank reason', async () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const w = addWorkspace(mock).id;
    const result = await gql(mock, update, { w, o: { maxExtraAu: 1 }, r: '  ' }, await adminToken(mock));
    expect(result.errors?.[0]?.message).toBe('A required argument was not sent: reason');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('is absent before platform 2.0.0', async () => {
    const mock = createHoustonMock({ platformVersion: '1.0.1' });
    const result = await gql(mock, update, { w: 'x', o: {}, r: 'x' }, await adminToken(mock));
    expect(result.errors?.[0]?.message).toMatch(/^Cannot query field "updateWorkspaceDeploymentsConfig" on type "Mutation"\./);
  });
});

describe('effectiveDeploymentsConfig', () => {
  it('layers platform defaults, then the cluster, workspace and deployment overrides', () => {
    const mock = createHoustonMock({ platformVersion: '2.0.0' });
    const cluster = Object.values(mock.store.data.clusters)[0];
    if (!cluster) throw new Error('no default cluster');
    const workspace = addWorkspace(mock);
    const deployment = addDeployment(mock, workspace.id, cluster.id);
    mock.updateRow('clusters', cluster.id, (c) => {
      c.deploymentsConfigOverride = { hardDeleteDeployment: true, deployRollback: { enabled: true }, custom: 'cluster' };
    });
    mock.updateRow('workspaces', workspace.id, (w) => {
      w.deploymentsConfig = { deployRollback: { enabled: false }, custom: 'workspace' };
    });
    mock.updateRow('deployments', deployment.id, (d) => {
      d.deploymentsConfig = { custom: 'deployment' };
    });
    const effective = effectiveDeploymentsConfig(mock.store, { deploymentId: deployment.id });
    expect(effective).toMatchObject({
      hardDeleteDeployment: true,
      deployRollback: { enabled: false },
      custom: 'deployment',
      triggererEnabled: true,
    });
  });
});

describe('mergeOverride', () => {
  it('replaces arrays rather than merging them', () => {
    expect(mergeOverride({ preCreatedNamespaces: ['a', 'b'] }, { preCreatedNamespaces: ['c'] })).toEqual({ preCreatedNamespaces: ['c'] });
  });
});
