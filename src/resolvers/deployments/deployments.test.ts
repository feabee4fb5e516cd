import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../index.js';
import { cuid } from '../../core/random.js';
import { gql } from '../../../test/support/gql.js';
import { generateReleaseName } from './names.js';
import { RUNTIME_RELEASES } from './releases.js';
import { compareVersions } from '../../schema/versions.js';

const FORBIDDEN = 'You do not have the appropriate permissions for that';
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const CUID = /^c[0-9a-z]{24}$/;
const RELEASE_NAME = /^[a-z]+-[a-z]+-\d{4}$/;

interface Person {
  id: string;
  token: string;
}

interface PlatformOptions {
  platformVersion?: string;
  deployments?: Record<string, unknown>;
  /** Fields nobody resolves then answer generated data: shows that a field does have a resolver. */
  automockUnimplemented?: boolean;
}

/** An empty platform with a system admin (the first sign-up), a plain user, and a workspace the admin owns. */
async function platform(options: PlatformOptions = {}) {
  const mock = createHoustonMock({
    seed: null,
    ...(options.platformVersion ? { platformVersion: options.platformVersion } : {}),
    ...(options.automockUnimplemented ? { automockUnimplemented: true } : {}),
    config: {
      houston: {
        publicSignups: true,
        emailConfirmation: false,
        ...(options.deployments ? { deployments: options.deployments } : {}),
      },
    },
  });
  const admin = await signUp(mock, 'admin@example.com');
  const alice = await signUp(mock, 'alice@example.com');
  const workspaceId = await createWorkspace(mock, admin.token, 'Data Team');
  return { mock, admin, alice, workspaceId };
}

async function signUp(mock: HoustonMock, email: string): Promise<Person> {
  const result = await gql(
    mock,
    'mutation ($email: String!, $password: String!) { createUser(email: $email, password: $password) { user { id } token { value } } }',
    { email, password: 'secret' },
  );
  if (!result.data?.createUser) throw new Error(`sign-up failed: ${JSON.stringify(result.errors)}`);
  return { id: result.data.createUser.user.id, token: result.data.createUser.token.value };
}

async function createWorkspace(mock: HoustonMock, token: string, label: string): Promise<string> {
  const result = await gql(mock, 'mutation ($label: String!) { createWorkspace(label: $label) { id } }', { label }, token);
  if (!result.data?.createWorkspace) throw new Error(`createWorkspace failed: ${JSON.stringify(result.errors)}`);
  return result.data.createWorkspace.id;
}

async function addToWorkspace(mock: HoustonMock, token: string, workspaceId: string, email: string, role: string) {
  const result = await gql(
    mock,
    'mutation ($w: Uuid!, $e: String!, $r: Role!) { workspaceAddUser(workspaceUuid: $w, email: $e, role: $r) { id } }',
    { w: workspaceId, e: email, r: role },
    token,
  );
  if (result.errors) throw new Error(`workspaceAddUser failed: ${JSON.stringify(result.errors)}`);
}

/** Variable types of the arguments our helpers may send; only those a call uses are declared in its text. */
const ARG_TYPES: Record<string, string> = {
  workspaceUuid: 'Uuid',
  deploymentUuid: 'Uuid',
  label: 'String',
  description: 'String',
  releaseName: 'String',
  namespace: 'String',
  executor: 'ExecutorType',
  airflowVersion: 'String',
  runtimeVersion: 'String',
  desiredRuntimeVersion: 'String',
  clusterId: 'Uuid',
  dagDeployment: 'DagDeployment',
  triggerer: 'Triggerer',
  workers: 'Workers',
  config: 'JSON',
  cloudRole: 'String',
  environmentVariables: '[InputEnvironmentVariable]',
  image: 'String',
  mode: 'AllowedDeploymentModeValues',
};

const SELECTION =
  'id type label releaseName namespace version airflowVersion runtimeVersion runtimeAirflowVersion executor status clusterId urls { type url } workspace { id } deployInfo { nextCli current } createdAt updatedAt';

function operation(field: string, args: Record<string, unknown>, selection: string, fixed = ''): string {
  const keys = Object.keys(args);
  const declared = keys.map((k) => `$${k}: ${ARG_TYPES[k] ?? 'String'}${field === 'createDeployment' && (k === 'workspaceUuid' || k === 'label') ? '!' : ''}`);
  const passed = [...(fixed ? [fixed] : []), ...keys.map((k) => `${k}: $${k}`)];
  return `mutation ${declared.length ? `(${declared.join(', ')})` : ''} { ${field}(${passed.join(', ')}) { ${selection} } }`;
}

function createDeployment(mock: HoustonMock, token: string, args: Record<string, unknown>, selection = SELECTION) {
  return gql(mock, operation('createDeployment', args, selection, 'type: "airflow"'), args, token);
}

function upsertDeployment(mock: HoustonMock, token: string, args: Record<string, unknown>, selection = SELECTION) {
  return gql(mock, operation('upsertDeployment', args, selection), args, token);
}

async function created(mock: HoustonMock, token: string, args: Record<string, unknown>) {
  const result = await createDeployment(mock, token, args);
  if (!result.data?.createDeployment) throw new Error(`createDeployment failed: ${JSON.stringify(result.errors)}`);
  return result.data.createDeployment as Record<string, any>;
}

/** Checks a deployment answer against the Go type the Astro CLI decodes it into (houston.Deployment). */
function expectCliDeployment(d: Record<string, any>): void {
  const strings = [
    'id', 'type', 'label', 'releaseName', 'namespace', 'version', 'airflowVersion', 'desiredAirflowVersion', 'runtimeVersion',
    'runtimeAirflowVersion', 'desiredRuntimeVersion', 'clusterId',
  ];
  for (const key of strings) if (key in d) expect(d[key] === null || typeof d[key] === 'string', key).toBe(true);
  for (const key of ['createdAt', 'updatedAt']) if (key in d) expect(d[key]).toMatch(RFC3339);
  if ('urls' in d) for (const u of d.urls) expect([typeof u.type, typeof u.url]).toEqual(['string', 'string']);
  if (d.deployInfo) for (const v of Object.values(d.deployInfo)) expect(v === null || typeof v === 'string').toBe(true);
  if (d.workspace) expect(typeof d.workspace.id).toBe('string');
  if (d.dagDeployment) expect(typeof d.dagDeployment.type).toBe('string');
}

function comparable(mock: HoustonMock): unknown {
  return structuredClone(mock.store.data);
}

// ---------------------------------------------------------------------------------------------------------------

describe('createDeployment', () => {
  it('answers the new deployment in the shape the Astro CLI decodes', async () => {
    const { mock, admin, workspaceId } = await platform();
    const result = await createDeployment(mock, admin.token, {
      workspaceUuid: workspaceId,
      label: 'Pipelines',
      executor: 'CeleryExecutor',
      runtimeVersion: '9.1.0',
      cloudRole: '',
      dagDeployment: {},
    });
    expect(result.errors).toBeUndefined();
    const d = result.data?.createDeployment;
    expectCliDeployment(d);
    expect(d.id).toMatch(CUID);
    expect(d).toMatchObject({
      type: 'airflow',
      label: 'Pipelines',
      runtimeVersion: '9.1.0',
      runtimeAirflowVersion: '2.7.1',
      airflowVersion: null,
      executor: 'CeleryExecutor',
      // Rolling out: HEALTHY once houstonMock.rolloutTime has passed on the platform clock (see rollouts.test.ts).
      status: 'DEPLOYING',
      version: '1.10.0',
      workspace: { id: workspaceId },
      deployInfo: { nextCli: 'deploy-1', current: null },
    });
  });

  it('generates a release name adjective-noun-NNNN and the namespace astronomer-<release name>', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(d.releaseName).toMatch(RELEASE_NAME);
    expect(d.namespace).toBe(`astronomer-${d.releaseName}`);
  });

  it('gives the same release names for the same seed and requests', async () => {
    const names: string[] = [];
    for (let run = 0; run < 2; run++) {
      const { mock, admin, workspaceId } = await platform();
      names.push((await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' })).releaseName);
    }
    expect(names[0]).toBe(names[1]);
  });

  it('draws another release name when the generated one is already used on the platform', async () => {
    const { mock, admin, workspaceId } = await platform();
    const first = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'First' });
    // The name the next create would draw (after its id), given to an existing deployment first.
    const lookahead = { rng: mock.store.data.rng };
    cuid(lookahead);
    const wouldDraw = generateReleaseName(lookahead);
    mock.updateRow('deployments', first.id, (d) => {
      d.releaseName = wouldDraw;
    });
    const second = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Second' });
    expect(second.releaseName).toMatch(RELEASE_NAME);
    expect(second.releaseName).not.toBe(wouldDraw);
  });

  it('ignores a requested release name while manualReleaseNames is off', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', releaseName: 'my-release' });
    expect(d.releaseName).toMatch(RELEASE_NAME);
  });

  it('uses the requested release name when manualReleaseNames is on', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { manualReleaseNames: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', releaseName: 'my-release' });
    expect(d).toMatchObject({ releaseName: 'my-release', namespace: 'astronomer-my-release' });
  });

  it('refuses a manual release name that is not a valid name', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { manualReleaseNames: true } });
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', releaseName: '-bad-' });
    expect(result.errors?.[0]?.message).toBe('Release name not formatted correctly.');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the release name of a soft-deleted deployment reserved', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { manualReleaseNames: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', releaseName: 'my-release' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'B', releaseName: 'my-release' });
    expect(result.errors?.[0]?.message).toBe('A deployment with the release name my-release already exists');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a label the workspace already has', async () => {
    const { mock, admin, workspaceId } = await platform();
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Pipelines' });
    const before = comparable(mock);
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'Pipelines' });
    expect(result.errors?.[0]?.message).toBe('Workspace already has a deployment named Pipelines');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(comparable(mock)).toEqual(before);
  });

  it('accepts a label another workspace already uses', async () => {
    const { mock, admin, workspaceId } = await platform();
    const other = await createWorkspace(mock, admin.token, 'Other');
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Pipelines' });
    const result = await createDeployment(mock, admin.token, { workspaceUuid: other, label: 'Pipelines' });
    expect(result.errors).toBeUndefined();
  });

  it('accepts the label of a soft-deleted deployment', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Pipelines' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'Pipelines' });
    expect(result.errors).toBeUndefined();
  });

  it('is refused to a WORKSPACE_VIEWER', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_VIEWER');
    const result = await createDeployment(mock, alice.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(Object.keys(mock.store.data.deployments)).toHaveLength(0);
  });

  it('is allowed to a WORKSPACE_EDITOR', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_EDITOR');
    const result = await createDeployment(mock, alice.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createDeployment.label).toBe('A');
  });

  it('serves the Airflow UI and Flower of a Celery deployment under deployments.<base domain>/<release name>', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', executor: 'CeleryExecutor' });
    expect(d.urls).toEqual([
      { type: 'airflow', url: `https://deployments.houston.local/${d.releaseName}/airflow` },
      { type: 'flower', url: `https://deployments.houston.local/${d.releaseName}/flower` },
    ]);
  });

  it('has no Flower URL without the CeleryExecutor', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', executor: 'KubernetesExecutor' });
    expect(d.urls.map((u: { type: string }) => u.type)).toEqual(['airflow']);
  });

  it('runs the newest Astro Runtime when no version is asked for (0.29+)', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(d.runtimeVersion).toBe(RUNTIME_RELEASES[RUNTIME_RELEASES.length - 1]?.version);
  });

  it('runs an Astronomer Certified Airflow image on platforms before 0.29', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '0.25.0' });
    const result = await createDeployment(
      mock,
      admin.token,
      { workspaceUuid: workspaceId, label: 'A', airflowVersion: '2.2.5' },
      'id airflowVersion urls { type url } createdAt updatedAt',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.createDeployment.airflowVersion).toBe('2.2.5');
  });

  it('refuses an Astro Runtime version that is not available', async () => {
    const { mock, admin, workspaceId } = await platform();
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '1.2.3' });
    expect(result.errors?.[0]?.message).toBe('Astro Runtime version 1.2.3 is not available; see runtimeReleases for the versions that are');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('gives a triggerer only to Airflow 2.2 and later', async () => {
    const { mock, admin, workspaceId } = await platform();
    const old = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Old', airflowVersion: '2.1.4' });
    const fresh = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'New', runtimeVersion: '9.1.0' });
    expect(mock.store.data.deployments[old.id]?.triggerer.replicas).toBe(0);
    expect(mock.store.data.deployments[fresh.id]?.triggerer.replicas).toBe(1);
  });

  it('sets the triggerer replicas the CLI sends', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', triggerer: { replicas: 2 } });
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { triggerer { replicas { default } } } }', { id: d.id }, admin.token);
    expect(result.data?.deployment.triggerer.replicas.default).toBe(2);
  });

  it('refuses the git_sync DAG mechanism while gitSyncDagDeployment is off', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { configureDagDeployment: true } });
    const result = await createDeployment(mock, admin.token, {
      workspaceUuid: workspaceId,
      label: 'A',
      dagDeployment: { type: 'git_sync', repositoryUrl: 'https://github.com/acme/dags.git' },
    });
    expect(result.errors?.[0]?.message).toBe(
      'The git_sync DAG deployment mechanism is disabled on this platform: set astronomer.houston.config.deployments.gitSyncDagDeployment: true in config.yaml',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('stores git_sync settings when the mechanism is enabled, without returning the SSH key', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { configureDagDeployment: true, gitSyncDagDeployment: true } });
    const d = await created(mock, admin.token, {
      workspaceUuid: workspaceId,
      label: 'A',
      dagDeployment: { type: 'git_sync', repositoryUrl: 'git@github.com:acme/dags.git', branchName: 'prod', sshKey: 'PRIVATE', rev: '' },
    });
    const result = await gql(
      mock,
      'query ($id: String!) { deployment(where: { id: $id }) { dagDeployment { type repositoryUrl branchName syncInterval rev sshKey } } }',
      { id: d.id },
      admin.token,
    );
    expect(result.data?.deployment.dagDeployment).toEqual({
      type: 'git_sync',
      repositoryUrl: 'git@github.com:acme/dags.git',
      branchName: 'prod',
      syncInterval: 1,
      rev: null,
      sshKey: null,
    });
    expect(mock.store.data.deployments[d.id]?.dagDeployment.sshKey).toBe('PRIVATE');
  });

  it('serves a DAG upload URL for dag_deploy deployments', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { dagOnlyDeployment: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', dagDeployment: { type: 'dag_deploy' } });
    expect(d.urls).toContainEqual({ type: 'dagserver', url: `https://deployments.houston.local/${d.releaseName}/dags/upload` });
  });

  it('uses a chosen pre-created namespace when manualNamespaceNames is on', async () => {
    const { mock, admin, workspaceId } = await platform({
      deployments: { manualNamespaceNames: true, preCreatedNamespaces: [{ name: 'team-a' }, { name: 'team-b' }] },
    });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', namespace: 'team-b' });
    expect(d.namespace).toBe('team-b');
  });

  it('refuses a namespace that is not pre-created', async () => {
    const { mock, admin, workspaceId } = await platform({
      deployments: { manualNamespaceNames: true, preCreatedNamespaces: [{ name: 'team-a' }] },
    });
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', namespace: 'kube-system' });
    expect(result.errors?.[0]?.message).toBe("Namespace kube-system is not one of the platform's pre-created namespaces");
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('clusters (1.0+)', () => {
  it('puts a deployment on the default cluster and serves its registry', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0' });
    const clusterId = Object.values(mock.store.data.clusters)[0]?.id;
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(d.clusterId).toBe(clusterId);
    expect(d.urls).toContainEqual({ type: 'registry', url: 'registry.houston.local' });
  });

  it('refuses to create a deployment on an INACTIVE cluster', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0' });
    const cluster = mock.updateRow('clusters', Object.keys(mock.store.data.clusters)[0]!, (c) => {
      c.status = 'INACTIVE';
    });
    const result = await createDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', clusterId: cluster.id });
    expect(result.errors?.[0]?.message).toBe('This operation is not allowed as the cluster is not active');
    expect(Object.keys(mock.store.data.deployments)).toHaveLength(0);
  });

  it('refuses an upsert that creates on an INACTIVE cluster', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0' });
    const cluster = mock.updateRow('clusters', Object.keys(mock.store.data.clusters)[0]!, (c) => {
      c.status = 'INACTIVE';
    });
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', clusterId: cluster.id });
    expect(result.errors?.[0]?.message).toBe('This operation is not allowed as the cluster is not active');
    expect(Object.keys(mock.store.data.deployments)).toHaveLength(0);
  });

  it('lists only one cluster\'s deployments when paginatedDeployments gets a clusterId', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0' });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const mine = await gql(mock, 'query ($c: Uuid) { paginatedDeployments(take: -1, clusterId: $c) { id } }', { c: d.clusterId }, admin.token);
    const other = await gql(mock, 'query ($c: Uuid) { paginatedDeployments(take: -1, clusterId: $c) { id } }', { c: 'cnotacluster0000000000000' }, admin.token);
    expect(mine.data?.paginatedDeployments).toEqual([{ id: d.id }]);
    expect(other.data?.paginatedDeployments).toEqual([]);
  });
});

describe('reading deployments', () => {
  it('answers a deployment by id with the CLI selection', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.1' });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(
      mock,
      'query GetDeployment($id: String!) { deployment(where: {id: $id}) { id runtimeVersion runtimeAirflowVersion releaseName urls { type url } dagDeployment { type } clusterId } }',
      { id: d.id },
      admin.token,
    );
    expect(result.errors).toBeUndefined();
    expectCliDeployment(result.data?.deployment);
    expect(result.data?.deployment).toMatchObject({ id: d.id, releaseName: d.releaseName, dagDeployment: { type: 'image' } });
  });

  it('answers null for an unknown deployment id', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, 'query { deployment(where: { id: "cunknown00000000000000000" }) { id } }', null, admin.token);
    expect(result.errors).toBeUndefined();
    expect(result.data?.deployment).toBeNull();
  });

  it('answers null to a member of its workspace for a soft-deleted deployment', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_VIEWER');
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { id } }', { id: d.id }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ deployment: null });
  });

  it('answers null to a member of a soft-deleted deployment who holds no workspace role', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const added = await gql(
      mock,
      'mutation ($d: Id!) { deploymentAddUserRole(deploymentId: $d, email: "alice@example.com", role: DEPLOYMENT_VIEWER) { id } }',
      { d: d.id },
      admin.token,
    );
    expect(added.errors).toBeUndefined();
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { id } }', { id: d.id }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ deployment: null });
  });

  it('answers null to a workspace member looking a soft-deleted deployment up by release name', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_EDITOR');
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await gql(mock, 'query ($r: String!) { deployment(where: { releaseName: $r }) { id } }', { r: d.releaseName }, alice.token);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ deployment: null });
  });

  it('refuses a soft-deleted deployment to a user who held no role on it', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { id } }', { id: d.id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a soft-deleted deployment to the key of its own service account', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const account = await gql(
      mock,
      'mutation ($d: Uuid!) { createDeploymentServiceAccount(label: "ci", deploymentUuid: $d, role: DEPLOYMENT_EDITOR) { apiKey } }',
      { d: d.id },
      admin.token,
    );
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', { d: d.id }, admin.token);
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { id } }', { id: d.id }, account.data?.createDeploymentServiceAccount.apiKey);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the workspace\'s deployments with workspaceDeployments', async () => {
    const { mock, admin, workspaceId } = await platform();
    const a = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const b = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'B' });
    const result = await gql(
      mock,
      'query ($workspaceId: Uuid!, $releaseName: String) { workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) { id label } }',
      { workspaceId, releaseName: '' },
      admin.token,
    );
    expect(result.data?.workspaceDeployments).toEqual([
      { id: a.id, label: 'A' },
      { id: b.id, label: 'B' },
    ]);
  });

  it('narrows workspaceDeployments to one release name', async () => {
    const { mock, admin, workspaceId } = await platform();
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const b = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'B' });
    const result = await gql(
      mock,
      'query ($w: Uuid!, $r: String) { workspaceDeployments(workspaceUuid: $w, releaseName: $r) { id } }',
      { w: workspaceId, r: b.releaseName },
      admin.token,
    );
    expect(result.data?.workspaceDeployments).toEqual([{ id: b.id }]);
  });

  it('lets a WORKSPACE_VIEWER list the workspace\'s deployments', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_VIEWER');
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, 'query ($w: Uuid!) { workspaceDeployments(workspaceUuid: $w) { id } }', { w: workspaceId }, alice.token);
    expect(result.data?.workspaceDeployments).toEqual([{ id: d.id }]);
  });

  it('lists every deployment with paginatedDeployments(take: -1)', async () => {
    const { mock, admin, workspaceId } = await platform();
    const ids = [];
    for (const label of ['A', 'B', 'C']) ids.push((await created(mock, admin.token, { workspaceUuid: workspaceId, label })).id);
    const result = await gql(
      mock,
      'query ($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int) { paginatedDeployments(take: $take, name: $name, cursor: $cursor, pageNumber: $pageNumber) { id workspace { id } deployInfo { nextCli current } createdAt } }',
      { take: -1, clusterId: '' },
      admin.token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.paginatedDeployments.map((d: { id: string }) => d.id)).toEqual(ids);
  });

  it('pages paginatedDeployments with take and cursor', async () => {
    const { mock, admin, workspaceId } = await platform();
    const ids = [];
    for (const label of ['A', 'B', 'C']) ids.push((await created(mock, admin.token, { workspaceUuid: workspaceId, label })).id);
    const result = await gql(mock, 'query ($c: Uuid) { paginatedDeployments(take: 1, cursor: $c) { id } }', { c: ids[0] }, admin.token);
    expect(result.data?.paginatedDeployments).toEqual([{ id: ids[1] }]);
  });

  it('lists in paginatedDeployments only the deployments the caller can see', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    const other = await createWorkspace(mock, alice.token, 'Alice');
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'Hidden' });
    const mine = await created(mock, alice.token, { workspaceUuid: other, label: 'Mine' });
    const result = await gql(mock, '{ paginatedDeployments(take: -1) { id } }', null, alice.token);
    expect(result.data?.paginatedDeployments).toEqual([{ id: mine.id }]);
  });

  it('lists every live deployment to a system admin with deployments', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, '{ deployments { id } }', null, admin.token);
    expect(result.data?.deployments).toEqual([{ id: d.id }]);
  });

  it('refuses deployments to a user without system.deployments.get', async () => {
    const { mock, alice } = await platform();
    const result = await gql(mock, '{ deployments { id } }', null, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('updateDeployment', () => {
  it('changes label and description from the payload', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(
      mock,
      'mutation ($deploymentId: Uuid!, $payload: JSON!) { updateDeployment(deploymentUuid: $deploymentId, payload: $payload) { id label description } }',
      { deploymentId: d.id, payload: { label: 'Renamed', description: 'nightly loads' } },
      admin.token,
    );
    expect(result.data?.updateDeployment).toEqual({ id: d.id, label: 'Renamed', description: 'nightly loads' });
  });

  it('refuses a label another deployment of the workspace has', async () => {
    const { mock, admin, workspaceId } = await platform();
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const b = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'B' });
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeployment(deploymentUuid: $d, payload: { label: "A" }) { id } }',
      { d: b.id },
      admin.token,
    );
    expect(result.errors?.[0]?.message).toBe('Workspace already has a deployment named A');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('changes the executor', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', executor: 'CeleryExecutor' });
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { updateDeployment(deploymentUuid: $d, payload: {}, executor: KubernetesExecutor) { executor urls { type } } }',
      { d: d.id },
      admin.token,
    );
    expect(result.data?.updateDeployment).toEqual({ executor: 'KubernetesExecutor', urls: [{ type: 'airflow' }] });
  });

  it('is refused to a WORKSPACE_VIEWER', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_VIEWER');
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, 'mutation ($d: Uuid!) { updateDeployment(deploymentUuid: $d, payload: { label: "B" }) { id } }', { d: d.id }, alice.token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('environment variables', () => {
  const UPDATE_VARIABLES = `mutation ($d: Uuid!, $r: String!, $v: [InputEnvironmentVariable]!) {
    updateDeploymentVariables(deploymentUuid: $d, releaseName: $r, environmentVariables: $v) { key value isSecret }
  }`;

  it('replaces the whole set and answers it sorted, with secret values blank', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, UPDATE_VARIABLES, { d: d.id, r: d.releaseName, v: [{ key: 'OLD', value: '1', isSecret: false }] }, admin.token);
    const result = await gql(
      mock,
      UPDATE_VARIABLES,
      { d: d.id, r: d.releaseName, v: [{ key: 'TOKEN', value: 's3cret', isSecret: true }, { key: 'AWS_S3_BUCKET', value: 'data', isSecret: false }] },
      admin.token,
    );
    expect(result.data?.updateDeploymentVariables).toEqual([
      { key: 'AWS_S3_BUCKET', value: 'data', isSecret: false },
      { key: 'TOKEN', value: '', isSecret: true },
    ]);
  });

  it('never returns a secret value from deploymentVariables', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'TOKEN', value: 's3cret', isSecret: true }] }, admin.token);
    const result = await gql(mock, 'query ($d: Uuid!) { deploymentVariables(deploymentUuid: $d) { key value isSecret } }', { d: d.id }, admin.token);
    expect(result.data?.deploymentVariables).toEqual([{ key: 'TOKEN', value: '', isSecret: true }]);
  });

  it('keeps a secret\'s stored value when it is sent back with an empty value', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'TOKEN', value: 's3cret', isSecret: true }] }, admin.token);
    await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'TOKEN', value: '', isSecret: true }] }, admin.token);
    expect(mock.store.data.deployments[d.id]?.environmentVariables).toEqual([{ key: 'TOKEN', value: 's3cret', isSecret: true }]);
  });

  it('refuses a variable the platform sets itself', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'AIRFLOW__CORE__EXECUTOR', value: 'x', isSecret: false }] }, admin.token);
    expect(result.errors?.[0]?.message).toBe('AIRFLOW__CORE__EXECUTOR is set automatically and cannot be overridden');
  });

  it('refuses a key that is not upper-case letters, digits and underscores', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'my-var', value: 'x', isSecret: false }] }, admin.token);
    expect(result.errors?.[0]?.message).toBe('Invalid Environment Variable Key: my-var (use A-Z, 0-9 and underscores)');
  });

  it('shows masked variables on the deployment itself', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, UPDATE_VARIABLES, { d: d.id, r: '', v: [{ key: 'TOKEN', value: 's3cret', isSecret: true }] }, admin.token);
    const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { environmentVariables { key value isSecret } } }', { id: d.id }, admin.token);
    expect(result.data?.deployment.environmentVariables).toEqual([{ key: 'TOKEN', value: '', isSecret: true }]);
  });
});

describe('deleteDeployment', () => {
  const DELETE = `mutation ($deploymentId: Uuid!, $deploymentHardDelete: Boolean) {
    deleteDeployment(deploymentUuid: $deploymentId, deploymentHardDelete: $deploymentHardDelete) { id type label description releaseName version workspace { id } createdAt updatedAt }
  }`;

  it('soft-deletes: the deployment leaves lists and lookups but its record stays', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, DELETE, { deploymentId: d.id, deploymentHardDelete: false }, admin.token);
    expect(result.data?.deleteDeployment.id).toBe(d.id);
    const list = await gql(mock, 'query ($w: Uuid!) { workspaceDeployments(workspaceUuid: $w) { id } }', { w: workspaceId }, admin.token);
    const one = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { id } }', { id: d.id }, admin.token);
    expect(list.data?.workspaceDeployments).toEqual([]);
    expect(one.data?.deployment).toBeNull();
    expect(mock.store.data.deployments[d.id]?.deletedAt).toMatch(RFC3339);
  });

  it('soft-deletes even when a hard delete is asked for while hardDeleteDeployment is off', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, DELETE, { deploymentId: d.id, deploymentHardDelete: true }, admin.token);
    expect(mock.store.data.deployments[d.id]?.deletedAt).toMatch(RFC3339);
  });

  it('removes the deployment for good when a hard delete is asked for and hardDeleteDeployment is on', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { hardDeleteDeployment: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, DELETE, { deploymentId: d.id, deploymentHardDelete: true }, admin.token);
    expect(result.data?.deleteDeployment.id).toBe(d.id);
    expect(mock.store.data.deployments[d.id]).toBeUndefined();
  });

  it('removes the deployment\'s role bindings and service accounts with a hard delete', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { hardDeleteDeployment: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const account = await gql(
      mock,
      'mutation ($d: Uuid!) { createDeploymentServiceAccount(label: "ci", deploymentUuid: $d, role: DEPLOYMENT_EDITOR) { id } }',
      { d: d.id },
      admin.token,
    );
    expect(mock.store.data.serviceAccounts[account.data?.createDeploymentServiceAccount.id]).toBeDefined();
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d, deploymentHardDelete: true) { id } }', { d: d.id }, admin.token);
    expect(Object.values(mock.store.data.serviceAccounts).filter((sa) => sa.entityId === d.id)).toEqual([]);
    expect(Object.values(mock.store.data.roleBindings).filter((b) => b.deploymentId === d.id)).toEqual([]);
  });

  it('answers not found for a deployment that is already deleted', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, DELETE, { deploymentId: d.id }, admin.token);
    const again = await gql(mock, DELETE, { deploymentId: d.id }, admin.token);
    expect(again.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(again.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});

describe('upsertDeployment', () => {
  it('is refused while upsertDeploymentEnabled is off (0.32–0.37 default) and changes nothing', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '0.35.0' });
    const before = comparable(mock);
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors?.[0]?.message).toBe(
      'upsertDeployment is disabled on this platform: set astronomer.houston.config.deployments.upsertDeploymentEnabled: true in config.yaml',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(comparable(mock)).toEqual(before);
  });

  it('creates a deployment when the flag is on and no deploymentUuid is sent', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, deploymentUuid: '', label: 'A', executor: 'LocalExecutor' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.upsertDeployment).toMatchObject({ label: 'A', executor: 'LocalExecutor', workspace: { id: workspaceId } });
  });

  it('needs workspaceUuid to create', async () => {
    const { mock, admin } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const result = await upsertDeployment(mock, admin.token, { label: 'A' });
    expect(result.errors?.[0]?.message).toBe('A required argument was not sent: workspaceUuid');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('updates the deployment named by deploymentUuid', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await upsertDeployment(mock, admin.token, { deploymentUuid: d.id, label: 'B', description: 'renamed' }, 'id label description');
    expect(result.data?.upsertDeployment).toEqual({ id: d.id, label: 'B', description: 'renamed' });
  });

  it('answers not found for an unknown deploymentUuid', async () => {
    const { mock, admin } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const result = await upsertDeployment(mock, admin.token, { deploymentUuid: 'cunknown00000000000000000', label: 'B' });
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('drops the environment variables that are not sent again', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const vars = [{ key: 'A', value: '1', isSecret: false }, { key: 'B', value: '2', isSecret: false }];
    await upsertDeployment(mock, admin.token, { deploymentUuid: d.id, environmentVariables: vars }, 'id');
    const result = await upsertDeployment(
      mock,
      admin.token,
      { deploymentUuid: d.id, environmentVariables: [{ key: 'B', value: '3', isSecret: false }] },
      'upsertedEnvironmentVariables { key value isSecret } environmentVariables { key value }',
    );
    expect(result.data?.upsertDeployment).toEqual({
      upsertedEnvironmentVariables: [{ key: 'B', value: '3', isSecret: false }],
      environmentVariables: [{ key: 'B', value: '3' }],
    });
  });

  it('keeps the environment variables when none are sent', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await upsertDeployment(mock, admin.token, { deploymentUuid: d.id, environmentVariables: [{ key: 'A', value: '1', isSecret: false }] }, 'id');
    await upsertDeployment(mock, admin.token, { deploymentUuid: d.id, label: 'B' }, 'id');
    expect(mock.store.data.deployments[d.id]?.environmentVariables).toEqual([{ key: 'A', value: '1', isSecret: false }]);
  });

  it('is on by default from 1.0', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0' });
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors).toBeUndefined();
  });

  it('is always on in 2.x, which has no flag', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.0.0' });
    expect(mock.config.deployments.upsertDeploymentEnabled).toBeNull();
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors).toBeUndefined();
  });

  it('can be switched off on 1.x', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.0', deployments: { upsertDeploymentEnabled: false } });
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('is not in the schema before 0.32', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '0.30.0' });
    const result = await upsertDeployment(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' }, 'id');
    expect(result.status).toBe(400);
    // graphql-js appends "Did you mean …?" suggestions; the Astro CLI matches the start of the sentence.
    expect(result.errors?.[0]?.message).toMatch(/^Cannot query field "upsertDeployment" on type "Mutation"\./);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('finds the deployment by release name on 2.1 (image deploys)', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '11.3.0' });
    const result = await upsertDeployment(
      mock,
      admin.token,
      { releaseName: d.releaseName, image: `registry.houston.local/${d.releaseName}/airflow:deploy-1`, runtimeVersion: '12.0.0' },
      'id releaseName runtimeVersion',
    );
    expect(result.data?.upsertDeployment).toEqual({ id: d.id, releaseName: d.releaseName, runtimeVersion: '12.0.0' });
  });

  it('answers Houston\'s error for an unknown release name on 2.1', async () => {
    const { mock, admin } = await platform({ platformVersion: '2.1.0' });
    const result = await upsertDeployment(mock, admin.token, { releaseName: 'lunar-probe-0001', image: 'x/y:1', runtimeVersion: '12.0.0' }, 'id');
    expect(result.errors?.[0]?.message).toBe('No deployment exists with releaseName: lunar-probe-0001');
  });

  it('lets a DEPLOYMENT_EDITOR update but not create', async () => {
    const { mock, admin, alice, workspaceId } = await platform({ deployments: { upsertDeploymentEnabled: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(
      mock,
      'mutation ($d: Id!, $e: String!) { deploymentAddUserRole(deploymentId: $d, email: $e, role: DEPLOYMENT_EDITOR) { id } }',
      { d: d.id, e: 'alice@example.com' },
      admin.token,
    );
    const update = await upsertDeployment(mock, alice.token, { deploymentUuid: d.id, label: 'B' }, 'label');
    const create = await upsertDeployment(mock, alice.token, { workspaceUuid: workspaceId, label: 'C' }, 'id');
    expect(update.data?.upsertDeployment).toEqual({ label: 'B' });
    expect(create.errors?.[0]?.message).toBe(FORBIDDEN);
  });
});

describe('Airflow and Runtime versions', () => {
  it('lists the Runtime releases a deployment on an Airflow version may move to', async () => {
    const { mock, admin } = await platform();
    const result = await gql(
      mock,
      'query ($airflowVersion: String, $clusterId: Uuid) { runtimeReleases(airflowVersion: $airflowVersion, clusterId: $clusterId) { version airflowVersion airflowDatabaseMigrations } }',
      { airflowVersion: '2.10.0', clusterId: '' },
      admin.token,
    );
    expect(result.data?.runtimeReleases).toEqual([
      { version: '12.0.0', airflowVersion: '2.10.0', airflowDatabaseMigrations: true },
      { version: '12.1.0', airflowVersion: '2.10.1', airflowDatabaseMigrations: false },
      { version: '12.4.0', airflowVersion: '2.10.3', airflowDatabaseMigrations: false },
      { version: '12.8.0', airflowVersion: '2.10.5', airflowDatabaseMigrations: false },
    ]);
  });

  it('records a desired Runtime version and cancels it', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '9.1.0' });
    const update = await gql(
      mock,
      'mutation ($u: Uuid!, $v: String!) { updateDeploymentRuntime(deploymentUuid: $u, desiredRuntimeVersion: $v) { runtimeVersion desiredRuntimeVersion } }',
      { u: d.id, v: '10.1.0' },
      admin.token,
    );
    expect(update.data?.updateDeploymentRuntime).toEqual({ runtimeVersion: '9.1.0', desiredRuntimeVersion: '10.1.0' });
    const cancel = await gql(mock, 'mutation ($u: Uuid!) { cancelRuntimeUpdate(deploymentUuid: $u) { desiredRuntimeVersion } }', { u: d.id }, admin.token);
    expect(cancel.data?.cancelRuntimeUpdate).toEqual({ desiredRuntimeVersion: null });
  });

  it('refuses a Runtime downgrade', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '9.1.0' });
    const result = await gql(
      mock,
      'mutation ($u: Uuid!, $v: String!) { updateDeploymentRuntime(deploymentUuid: $u, desiredRuntimeVersion: $v) { id } }',
      { u: d.id, v: '8.0.0' },
      admin.token,
    );
    expect(result.errors?.[0]?.message).toBe("Astro Runtime 8.0.0 is not newer than the deployment's current 9.1.0");
  });

  it('records a desired Airflow version for an Astronomer Certified deployment', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '0.25.0' });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', airflowVersion: '2.2.5' });
    const result = await gql(
      mock,
      'mutation ($deploymentId: Uuid!, $desiredAirflowVersion: String!) { updateDeploymentAirflow(deploymentUuid: $deploymentId, desiredAirflowVersion: $desiredAirflowVersion) { id label version releaseName airflowVersion desiredAirflowVersion } }',
      { deploymentId: d.id, desiredAirflowVersion: '2.3.4' },
      admin.token,
    );
    expect(result.data?.updateDeploymentAirflow).toMatchObject({ airflowVersion: '2.2.5', desiredAirflowVersion: '2.3.4' });
  });

  it('lists the Airflow images in deploymentConfig', async () => {
    const { mock, admin } = await platform({ platformVersion: '0.25.0' });
    const result = await gql(mock, 'query { deploymentConfig { airflowImages { version tag } airflowVersions defaultAirflowImageTag } }', null, admin.token);
    const config = result.data?.deploymentConfig;
    expect(config.airflowVersions).toContain('2.2.5');
    expect(config.airflowImages).toContainEqual({ version: '2.2.5', tag: '2.2.5-onbuild' });
    expect(config.defaultAirflowImageTag).toBe('2.4.3-onbuild');
  });

  it('offers every published Runtime release from 4.2.5 on (0.30.3+), with the day and Airflow version of each', async () => {
    const { mock, admin } = await platform({ platformVersion: '0.32.0' });
    const result = await gql(mock, 'query { runtimeReleases { version airflowVersion channel releaseDate } }', null, admin.token);
    const releases: { version: string; airflowVersion: string; channel: string; releaseDate: string }[] = result.data?.runtimeReleases;
    expect(releases[0]?.version).toBe('4.2.5');
    expect(releases).toHaveLength(RUNTIME_RELEASES.filter((r) => compareVersions(r.version, '4.2.5') >= 0).length);
    expect(releases).toHaveLength(107);
    expect(releases.find((r) => r.version === '7.2.0')).toEqual({ version: '7.2.0', airflowVersion: '2.5.1', channel: 'deprecated', releaseDate: '2023-01-20T00:00:00.000Z' });
    // The frozen clock stands at 2024-06-01: line 9 (maintained to January 2025) is still stable, line 7 is not.
    expect(releases.find((r) => r.version === '9.10.0')?.channel).toBe('stable');
    expect(releases.map((r) => r.version)).toContain('11.0.0');
  });

  it('offers Runtime 3.x and older 4.x releases on platforms before 0.30.3, and no Runtime before 0.29', async () => {
    const early = await platform({ platformVersion: '0.29.0' });
    const result = await gql(early.mock, 'query { runtimeReleases { version } }', null, early.admin.token);
    expect(result.data?.runtimeReleases[0]).toEqual({ version: '3.0.0' });
    expect(result.data?.runtimeReleases).toHaveLength(RUNTIME_RELEASES.length);
    const old = await platform({ platformVersion: '0.28.0' });
    const refused = await created(old.mock, old.admin.token, { workspaceUuid: old.workspaceId, label: 'A', airflowVersion: '2.2.5' });
    expect(refused.runtimeVersion).toBeNull();
  });

  it('accepts any published Runtime version for a new deployment, such as 7.2.0 from the docs\' upsertDeployment example', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '0.32.0' });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '7.2.0' });
    expect(d.runtimeVersion).toBe('7.2.0');
    const yanked = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'B', runtimeVersion: '9.0.0' });
    expect(yanked.runtimeVersion).toBe('9.0.0');
  });

  it('gives a new deployment the newest Runtime that was not yanked', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const newest = RUNTIME_RELEASES.filter((r) => !r.yanked).at(-1);
    expect(d.runtimeVersion).toBe(newest?.version);
  });

  it('lists every Astronomer Certified build and the floating entry of each Airflow version', async () => {
    const { mock, admin } = await platform({ platformVersion: '0.25.0' });
    const result = await gql(mock, 'query { airflowReleases { version tag level releaseDate } }', null, admin.token);
    const releases: { version: string; tag: string; level: string; releaseDate: string }[] = result.data?.airflowReleases;
    expect(releases.filter((r) => r.level === 'bug_fix')).toHaveLength(143);
    expect(releases).toContainEqual({ version: '1.10.5-11', tag: '1.10.5-11-buster-onbuild', level: 'bug_fix', releaseDate: '2020-10-05T00:00:00.000Z' });
    expect(releases).toContainEqual({ version: '2.4.3', tag: '2.4.3-onbuild', level: 'new_feature', releaseDate: '2022-11-14T00:00:00.000Z' });
    expect(releases.at(-1)?.version).toBe('2.4.3');
  });

  it('finds an Airflow release by tag', async () => {
    const { mock, admin } = await platform();
    const result = await gql(mock, 'query { airflowRelease(where: { tag: "2.2.5-onbuild" }) { version channel releaseDate } }', null, admin.token);
    expect(result.data?.airflowRelease).toEqual({ version: '2.2.5', channel: 'stable', releaseDate: '2022-04-04T00:00:00.000Z' });
  });
});

describe('updateDeploymentImage', () => {
  const UPDATE_IMAGE = `mutation ($releaseName: String!, $image: String!, $airflowVersion: String, $runtimeVersion: String) {
    updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion, runtimeVersion: $runtimeVersion) { releaseName airflowVersion runtimeVersion }
  }`;

  it('is refused while enableUpdateDeploymentImageEndpoint is off', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, UPDATE_IMAGE, { releaseName: d.releaseName, image: 'acme/airflow:1', runtimeVersion: '12.0.0' }, admin.token);
    expect(result.errors?.[0]?.message).toBe(
      'updateDeploymentImage is disabled on this platform: set astronomer.houston.config.deployments.enableUpdateDeploymentImageEndpoint: true in config.yaml',
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('points the deployment at the image and moves the next CLI tag on', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { enableUpdateDeploymentImageEndpoint: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', runtimeVersion: '11.3.0' });
    const result = await gql(
      mock,
      UPDATE_IMAGE,
      { releaseName: d.releaseName, image: `registry.houston.local/${d.releaseName}/airflow:deploy-1`, runtimeVersion: '12.0.0' },
      admin.token,
    );
    expect(result.data?.updateDeploymentImage).toEqual({ releaseName: d.releaseName, airflowVersion: null, runtimeVersion: '12.0.0' });
    const info = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { deployInfo { current nextCli } } }', { id: d.id }, admin.token);
    expect(info.data?.deployment.deployInfo).toEqual({ current: 'deploy-1', nextCli: 'deploy-2' });
  });
});

describe('availableNamespaces', () => {
  it('lists the pre-created namespaces no deployment uses', async () => {
    const { mock, admin, workspaceId } = await platform({
      deployments: { manualNamespaceNames: true, preCreatedNamespaces: [{ name: 'team-a' }, { name: 'team-b' }] },
    });
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', namespace: 'team-a' });
    const result = await gql(mock, 'query { availableNamespaces { name } }', null, admin.token);
    expect(result.data?.availableNamespaces).toEqual([{ name: 'team-b' }]);
  });
});

describe('operator mode (2.1)', () => {
  const ADOPT = `mutation ($workspaceId: Uuid!, $clusterId: Uuid!, $crNamespace: String!, $crName: String!, $label: String) {
    adoptDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, crNamespace: $crNamespace, crName: $crName, label: $label) {
      id label releaseName namespace clusterId workspace { id } createdAt updatedAt
    }
  }`;

  it('adopts an operator-managed Airflow as a deployment of the workspace', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const clusterId = Object.values(mock.store.data.clusters)[0]?.id;
    const result = await gql(mock, ADOPT, { workspaceId, clusterId, crNamespace: 'airflow-prod', crName: 'prod-airflow', label: '' }, admin.token);
    expect(result.errors).toBeUndefined();
    expectCliDeployment(result.data?.adoptDeployment);
    expect(result.data?.adoptDeployment).toMatchObject({
      label: 'prod-airflow',
      releaseName: 'prod-airflow',
      namespace: 'airflow-prod',
      clusterId,
      workspace: { id: workspaceId },
    });
  });

  it('unadopts an adopted deployment, which leaves the platform', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const clusterId = Object.values(mock.store.data.clusters)[0]?.id;
    const adopted = await gql(mock, ADOPT, { workspaceId, clusterId, crNamespace: 'airflow-prod', crName: 'prod-airflow' }, admin.token);
    const id = adopted.data?.adoptDeployment.id;
    const result = await gql(mock, 'mutation ($deploymentId: Uuid!) { unadoptDeployment(deploymentUuid: $deploymentId) { id releaseName } }', { deploymentId: id }, admin.token);
    expect(result.data?.unadoptDeployment).toEqual({ id, releaseName: 'prod-airflow' });
    expect(mock.store.data.deployments[id]).toBeUndefined();
  });
});

describe('Git over HTTPS settings of dagDeployment (2.1)', () => {
  const GIT_SYNC = { configureDagDeployment: true, gitSyncDagDeployment: true };
  const READ_HTTPS = 'query ($id: String!) { deployment(where: { id: $id }) { dagDeployment { type authType httpsUsername gitSyncRepoFetchMode } } }';

  it('stores the HTTPS credentials and fetch mode of a git_sync deployment and answers them without the token', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0', deployments: GIT_SYNC });
    const d = await created(mock, admin.token, {
      workspaceUuid: workspaceId,
      label: 'A',
      dagDeployment: {
        type: 'git_sync',
        repositoryUrl: 'https://github.com/acme/dags.git',
        authType: 'HTTPS_PAT',
        httpsUsername: 'octocat',
        httpsToken: 'ghp_secret',
        gitSyncRepoFetchMode: 'webhook',
      },
    });
    const result = await gql(mock, READ_HTTPS, { id: d.id }, admin.token);
    expect(result.data?.deployment.dagDeployment).toEqual({
      type: 'git_sync',
      authType: 'HTTPS_PAT',
      httpsUsername: 'octocat',
      gitSyncRepoFetchMode: 'webhook',
    });
    expect(mock.store.data.deployments[d.id]?.dagDeployment.httpsToken).toBe('ghp_secret');
  });

  it('answers HTTPS_NONE and poll for an https git_sync deployment created without credentials or a fetch mode', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0', deployments: GIT_SYNC });
    const d = await created(mock, admin.token, {
      workspaceUuid: workspaceId,
      label: 'A',
      dagDeployment: { type: 'git_sync', repositoryUrl: 'https://github.com/acme/dags.git' },
    });
    const result = await gql(mock, READ_HTTPS, { id: d.id }, admin.token);
    expect(result.data?.deployment.dagDeployment).toEqual({
      type: 'git_sync',
      authType: 'HTTPS_NONE',
      httpsUsername: null,
      gitSyncRepoFetchMode: 'poll',
    });
  });

  it('answers null HTTPS settings for a deployment whose DAGs come in its image, even in auto-mock mode', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0', automockUnimplemented: true });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(mock, READ_HTTPS, { id: d.id }, admin.token);
    expect(result.data?.deployment.dagDeployment).toEqual({ type: 'image', authType: null, httpsUsername: null, gitSyncRepoFetchMode: null });
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });

  it('answers null HTTPS settings for a deployment stored before they existed, even in auto-mock mode', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0', automockUnimplemented: true });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const stored = mock.store.data.deployments[d.id]!.dagDeployment;
    delete stored.authType;
    delete stored.httpsUsername;
    delete stored.httpsToken;
    delete stored.gitSyncRepoFetchMode;
    const result = await gql(mock, READ_HTTPS, { id: d.id }, admin.token);
    expect(result.data?.deployment.dagDeployment).toEqual({ type: 'image', authType: null, httpsUsername: null, gitSyncRepoFetchMode: null });
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });
});

describe('validateGitSyncCredentials (2.1)', () => {
  const VALIDATE = `mutation ($c: Uuid!, $u: String!, $t: String!, $w: Uuid) {
    validateGitSyncCredentials(clusterId: $c, repositoryUrl: $u, httpsToken: $t, workspaceUuid: $w) { valid category }
  }`;

  it('accepts an https repository with a token', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const c = Object.values(mock.store.data.clusters)[0]?.id;
    const result = await gql(mock, VALIDATE, { c, u: 'https://github.com/acme/dags.git', t: 'ghp_token', w: workspaceId }, admin.token);
    expect(result.data?.validateGitSyncCredentials).toEqual({ valid: true, category: 'OK' });
  });

  it('answers a scripted rule for the repository host, and OK for other hosts', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const c = Object.values(mock.store.data.clusters)[0]?.id;
    mock.gitSync.addRule({ match: 'unreachable.example.com', category: 'UNREACHABLE' });
    const result = await gql(mock, VALIDATE, { c, u: 'https://unreachable.example.com/acme/dags.git', t: 'ghp_token', w: workspaceId }, admin.token);
    expect(result.data?.validateGitSyncCredentials).toEqual({ valid: false, category: 'UNREACHABLE' });
    const other = await gql(mock, VALIDATE, { c, u: 'https://invalid.example.com/acme/dags.git', t: 'invalid', w: workspaceId }, admin.token);
    expect(other.data?.validateGitSyncCredentials).toEqual({ valid: true, category: 'OK' });
  });

  it('answers INVALID_URL for a URL that is not https://host/path, whatever the rules', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const c = Object.values(mock.store.data.clusters)[0]?.id;
    const result = await gql(mock, VALIDATE, { c, u: 'git@github.com:acme/dags.git', t: 'ghp_token', w: workspaceId }, admin.token);
    expect(result.data?.validateGitSyncCredentials).toEqual({ valid: false, category: 'INVALID_URL' });
  });
});

describe('Deployment fields', () => {
  it('answers workspaceDeployments with the CLI 1.0.1 selection in the shape it decodes', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '1.0.1' });
    await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(
      mock,
      `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
        workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) {
          id type label releaseName workspace { id } deployInfo { nextCli current } version runtimeVersion clusterId createdAt updatedAt
        }
      }`,
      { workspaceId, releaseName: '' },
      admin.token,
    );
    expect(result.errors).toBeUndefined();
    const [d] = result.data?.workspaceDeployments;
    expectCliDeployment(d);
    expect(d.version).toBe('1.15.0');
  });

  it('tells each caller what they may do on the deployment', async () => {
    const { mock, admin, alice, workspaceId } = await platform();
    await addToWorkspace(mock, admin.token, workspaceId, 'alice@example.com', 'WORKSPACE_VIEWER');
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const query = 'query ($id: String!) { deployment(where: { id: $id }) { deploymentCapabilities { canDeploy canUpdateDeployment canDeleteDeployment } } }';
    const asAdmin = await gql(mock, query, { id: d.id }, admin.token);
    const asViewer = await gql(mock, query, { id: d.id }, alice.token);
    expect(asAdmin.data?.deployment.deploymentCapabilities).toEqual({ canDeploy: true, canUpdateDeployment: true, canDeleteDeployment: true });
    expect(asViewer.data?.deployment.deploymentCapabilities).toEqual({ canDeploy: false, canUpdateDeployment: false, canDeleteDeployment: false });
  });

  it('lists image deploys newest first in paginatedDeployRevisions, with the count', async () => {
    const { mock, admin, workspaceId } = await platform({ deployments: { enableUpdateDeploymentImageEndpoint: true } });
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    for (const tag of ['deploy-1', 'deploy-2']) {
      await gql(
        mock,
        'mutation ($r: String!, $i: String!) { updateDeploymentImage(releaseName: $r, image: $i, runtimeVersion: "12.4.0") { releaseName } }',
        { r: d.releaseName, i: `registry.houston.local/${d.releaseName}/airflow:${tag}` },
        admin.token,
      );
    }
    const result = await gql(
      mock,
      'query ($d: Uuid!) { paginatedDeployRevisions(deploymentUuid: $d, take: 10) { count deployRevisions { deploymentUuid deployType tag isCurrent } } }',
      { d: d.id },
      admin.token,
    );
    expect(result.data?.paginatedDeployRevisions).toEqual({
      count: 2,
      deployRevisions: [
        { deploymentUuid: d.id, deployType: 'image', tag: 'deploy-2', isCurrent: true },
        { deploymentUuid: d.id, deployType: 'image', tag: 'deploy-1', isCurrent: false },
      ],
    });
  });

  it('sets the alert email addresses', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    const result = await gql(
      mock,
      'mutation ($d: Uuid!) { deploymentAlertsUpdate(deploymentUuid: $d, alertEmails: ["ops@example.com", "data@example.com"]) { alertEmails } }',
      { d: d.id },
      admin.token,
    );
    expect(result.data?.deploymentAlertsUpdate.alertEmails).toEqual(['ops@example.com', 'data@example.com']);
  });

  it('refuses KEDA autoscaling without the CeleryExecutor', async () => {
    const { mock, admin, workspaceId } = await platform();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A', executor: 'LocalExecutor' });
    const result = await gql(mock, 'mutation ($d: Uuid!) { updateDeploymentKedaConfig(deploymentUuid: $d, state: true) { id } }', { d: d.id }, admin.token);
    expect(result.errors?.[0]?.message).toBe('KEDA autoscaling applies only to deployments that run the CeleryExecutor');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('configuration overrides (2.x)', () => {
  it('honours a workspace override that enables hard deletes under its 2.x name', async () => {
    const { mock, admin, workspaceId } = await platform({ platformVersion: '2.0.0' });
    const override = await gql(
      mock,
      'mutation ($w: Uuid!) { updateWorkspaceDeploymentsConfig(workspaceUuid: $w, deploymentsConfigOverride: { deploymentLifecycle: { hardDeleteDeployment: { enabled: true } } }, reason: "cleanup") { id } }',
      { w: workspaceId },
      admin.token,
    );
    expect(override.errors).toBeUndefined();
    const d = await created(mock, admin.token, { workspaceUuid: workspaceId, label: 'A' });
    await gql(mock, 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d, deploymentHardDelete: true) { id } }', { d: d.id }, admin.token);
    expect(mock.store.data.deployments[d.id]).toBeUndefined();
  });
});
