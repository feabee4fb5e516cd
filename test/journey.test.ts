import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../src/index.js';
import { gql } from './support/gql.js';

/**
 * One user journey on a fresh, empty platform, the way a team starts with Astronomer Software: the first person
 * signs up and becomes the system administrator, logs in, creates a workspace and a deployment, invites a colleague,
 * gives CI a deployment service account, changes the deployment and its variables, lists, then tears everything
 * down. Each step is one `it` that acts once and checks one behaviour; the steps share the platform, in order.
 *
 * The operations have the shape the Astro CLI sends to a 0.32–0.37 platform (its texts, reformatted): variables
 * named as the CLI names them, raw token in the `authorization` header, no operationName.
 */

const FORBIDDEN = 'You do not have the appropriate permissions for that';

const CREATE_USER = `
  mutation CreateUser($email: String!, $password: String!, $username: String, $inviteToken: String) {
    createUser(email: $email, password: $password, username: $username, inviteToken: $inviteToken) {
      user { id username status createdAt updatedAt }
      token { value }
    }
  }`;

const CREATE_TOKEN = `
  mutation createBasicToken($identity: String, $password: String!) {
    createToken(identity: $identity, password: $password) {
      user { id fullName username status createdAt updatedAt }
      token { value }
    }
  }`;

const CREATE_WORKSPACE = `
  mutation CreateWorkspace($label: String!, $description: String = "N/A") {
    createWorkspace(label: $label, description: $description) { id label description createdAt updatedAt }
  }`;

const CREATE_DEPLOYMENT = `
  mutation CreateDeployment(
    $label: String!
    $type: String = "airflow"
    $releaseName: String
    $workspaceId: Uuid!
    $executor: ExecutorType!
    $airflowVersion: String
    $runtimeVersion: String
    $namespace: String
    $config: JSON
    $cloudRole: String
    $dagDeployment: DagDeployment
    $triggererReplicas: Int
  ) {
    createDeployment(
      label: $label
      type: $type
      workspaceUuid: $workspaceId
      releaseName: $releaseName
      executor: $executor
      airflowVersion: $airflowVersion
      runtimeVersion: $runtimeVersion
      namespace: $namespace
      config: $config
      cloudRole: $cloudRole
      dagDeployment: $dagDeployment
      triggerer: { replicas: $triggererReplicas }
    ) {
      id type label releaseName version airflowVersion runtimeVersion
      urls { type url }
      createdAt updatedAt
    }
  }`;

const ADD_WORKSPACE_USER = `
  mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) {
    workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) {
      id label description
      users { id username roleBindings { role } }
      createdAt updatedAt
    }
  }`;

const WORKSPACE_INVITES = `
  query ($workspaceUuid: Uuid!) { workspaceInvites(workspaceUuid: $workspaceUuid) { email role token } }`;

const WORKSPACE_USERS = `
  query workspaceListUsers($workspaceUuid: Uuid!) {
    workspaceUsers(workspaceUuid: $workspaceUuid) {
      id username fullName
      emails { address }
      roleBindings { workspace { id } role }
    }
  }`;

const CREATE_DEPLOYMENT_SERVICE_ACCOUNT = `
  mutation createDeploymentServiceAccount($label: String!, $category: String, $deploymentUuid: Uuid!, $role: Role!) {
    createDeploymentServiceAccount(label: $label, category: $category, deploymentUuid: $deploymentUuid, role: $role) {
      id label apiKey entityType deploymentUuid category active lastUsedAt createdAt updatedAt
    }
  }`;

const GET_DEPLOYMENT = `
  query GetDeployment($id: String!) {
    deployment(where: { id: $id }) {
      id airflowVersion desiredAirflowVersion runtimeVersion desiredRuntimeVersion runtimeAirflowVersion releaseName
      urls { type url }
      dagDeployment { type }
    }
  }`;

const UPDATE_DEPLOYMENT = `
  mutation UpdateDeployment(
    $deploymentId: Uuid!
    $payload: JSON!
    $executor: ExecutorType
    $cloudRole: String
    $dagDeployment: DagDeployment
    $triggererReplicas: Int
  ) {
    updateDeployment(
      deploymentUuid: $deploymentId
      payload: $payload
      executor: $executor
      cloudRole: $cloudRole
      dagDeployment: $dagDeployment
      triggerer: { replicas: $triggererReplicas }
    ) {
      id type label description releaseName version airflowVersion
      workspace { id }
      deployInfo { current }
      createdAt updatedAt
    }
  }`;

const UPDATE_VARIABLES = `
  mutation ($deploymentUuid: Uuid!, $releaseName: String!, $environmentVariables: [InputEnvironmentVariable]!) {
    updateDeploymentVariables(
      deploymentUuid: $deploymentUuid
      releaseName: $releaseName
      environmentVariables: $environmentVariables
    ) { key value isSecret }
  }`;

const DEPLOYMENT_VARIABLES = `
  query ($deploymentUuid: Uuid!) { deploymentVariables(deploymentUuid: $deploymentUuid) { key value isSecret } }`;

const WORKSPACE_DEPLOYMENTS = `
  query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
    workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) {
      id type label releaseName
      workspace { id }
      deployInfo { nextCli current }
      version airflowVersion runtimeVersion createdAt updatedAt
    }
  }`;

const PAGINATED_DEPLOYMENTS = `
  query paginatedDeployments($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int) {
    paginatedDeployments(take: $take, name: $name, cursor: $cursor, pageNumber: $pageNumber) {
      id type label releaseName
      workspace { id }
      deployInfo { nextCli current }
      version airflowVersion runtimeVersion createdAt updatedAt
    }
  }`;

const DEPLOYMENT_COUNT = `query ($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { deploymentCount } }`;

const DELETE_DEPLOYMENT = `
  mutation DeleteDeployment($deploymentId: Uuid!, $deploymentHardDelete: Boolean) {
    deleteDeployment(deploymentUuid: $deploymentId, deploymentHardDelete: $deploymentHardDelete) {
      id type label description releaseName version
      workspace { id }
      createdAt updatedAt
    }
  }`;

const DELETE_WORKSPACE = `
  mutation DeleteWorkspace($workspaceId: Uuid!) {
    deleteWorkspace(workspaceUuid: $workspaceId) { id label description }
  }`;

const SELF = '{ self { user { username roleBindings { role } } isAdmin } }';
const WORKSPACES = '{ workspaces { id label } }';

/** The Astro CLI's first page of paginatedDeployments: everything, first-page cursor sent as "". */
const ALL_DEPLOYMENTS = { take: -1, name: '', cursor: '', pageNumber: 0 };

interface DeploymentRow {
  id: string;
  label: string;
  releaseName: string;
  workspace: { id: string };
  deployInfo: { nextCli: string; current: string | null };
}

describe('journey: from an empty platform to a torn-down workspace', () => {
  const mock = createHoustonMock({ seed: null, platformVersion: '0.37.0' });
  const ada = { email: 'ada@example.com', password: 'first-user-password' };
  const bob = { email: 'bob@example.com', password: 'invited-user-password' };
  let signUpToken = '';
  let adminToken = '';
  let workspaceId = '';
  let deploymentId = '';
  let releaseName = '';
  let apiKey = '';

  it('lets the first sign-up in and makes that user SYSTEM_ADMIN', async () => {
    // The Astro CLI sends only the email and the password.
    const signUp = await gql(mock, CREATE_USER, { ...ada });
    expect(signUp.errors).toBeUndefined();
    expect(signUp.data?.createUser.user.status).toBe('active');
    signUpToken = signUp.data?.createUser.token.value;

    const self = await gql(mock, SELF, null, signUpToken);
    expect(self.data?.self).toEqual({ user: { username: ada.email, roleBindings: [{ role: 'SYSTEM_ADMIN' }] }, isAdmin: true });
  });

  it('logs the new administrator in with createToken, giving a token that authenticates', async () => {
    const logIn = await gql(mock, CREATE_TOKEN, { identity: ada.email, password: ada.password });
    expect(logIn.errors).toBeUndefined();
    adminToken = logIn.data?.createToken.token.value;
    expect(adminToken).not.toBe('');

    const self = await gql(mock, SELF, null, adminToken);
    expect(self.data?.self.user.username).toBe(ada.email);
  });

  it('creates a workspace that the creator then lists as their own', async () => {
    const created = await gql(mock, CREATE_WORKSPACE, { label: 'Data Platform' }, adminToken);
    expect(created.errors).toBeUndefined();
    workspaceId = created.data?.createWorkspace.id;
    // The CLI's operation defaults the description to "N/A" when the user gives none.
    expect(created.data?.createWorkspace).toMatchObject({ label: 'Data Platform', description: 'N/A' });

    const listed = await gql(mock, WORKSPACES, null, adminToken);
    expect(listed.data?.workspaces).toEqual([{ id: workspaceId, label: 'Data Platform' }]);
  });

  it('creates a Celery deployment in the workspace with a generated release name and its URLs', async () => {
    const created = await gql(
      mock,
      CREATE_DEPLOYMENT,
      { label: 'etl', workspaceId, executor: 'CeleryExecutor', releaseName: '', runtimeVersion: '', namespace: '', cloudRole: '' },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const deployment = created.data?.createDeployment;
    deploymentId = deployment.id;
    releaseName = deployment.releaseName;
    expect(deploymentId).toMatch(/^c[a-z0-9]{24}$/);
    expect(releaseName).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
    expect(deployment.urls.map((u: { type: string }) => u.type)).toEqual(['airflow', 'flower']);
    expect(deployment.urls[0].url).toBe(`https://deployments.houston.local/${releaseName}/airflow`);
  });

  it('refuses to delete a workspace that still has a live deployment', async () => {
    const refused = await gql(mock, DELETE_WORKSPACE, { workspaceId }, adminToken);
    expect(refused.errors?.[0]?.message).toBe(
      'You must first deprovision all deployments before you can delete your workspace.',
    );
    // Houston's error has no code of its own; Apollo Server 2 gives it INTERNAL_SERVER_ERROR.
    expect(refused.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });

  it('turns workspaceAddUser for an unregistered email into a pending invitation with the role', async () => {
    const added = await gql(mock, ADD_WORKSPACE_USER, { workspaceId, email: bob.email, role: 'WORKSPACE_VIEWER' }, adminToken);
    expect(added.errors).toBeUndefined();
    expect(added.data?.workspaceAddUser.users.map((u: { username: string }) => u.username)).toEqual([ada.email]);

    const invites = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: workspaceId }, adminToken);
    expect(invites.data?.workspaceInvites).toEqual([{ email: bob.email, role: 'WORKSPACE_VIEWER', token: expect.any(String) }]);
  });

  it('lets the invitee sign up with the invitation token and join the workspace with the invited role', async () => {
    const invites = await gql(mock, WORKSPACE_INVITES, { workspaceUuid: workspaceId }, adminToken);
    const inviteToken: string = invites.data?.workspaceInvites[0].token;
    // Houston emails the token; the invitee's sign-up page passes it back to createUser.
    const signUp = await gql(mock, CREATE_USER, { ...bob, inviteToken });
    expect(signUp.data?.createUser.user.status).toBe('active');

    const members = await gql(mock, WORKSPACE_USERS, { workspaceUuid: workspaceId }, adminToken);
    const bobRow = members.data?.workspaceUsers.find((u: { username: string }) => u.username === bob.email);
    expect(bobRow.roleBindings).toEqual([{ workspace: { id: workspaceId }, role: 'WORKSPACE_VIEWER' }]);
  });

  it('creates a deployment service account whose whole 32-character API key is shown at creation', async () => {
    const created = await gql(
      mock,
      CREATE_DEPLOYMENT_SERVICE_ACCOUNT,
      { label: 'ci', category: 'CI', deploymentUuid: deploymentId, role: 'DEPLOYMENT_VIEWER' },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    apiKey = created.data?.createDeploymentServiceAccount.apiKey;
    expect(apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(created.data?.createDeploymentServiceAccount).toMatchObject({ entityType: 'DEPLOYMENT', deploymentUuid: deploymentId, active: true });
  });

  it('reads the deployment with the API key as the authorization header', async () => {
    const read = await gql(mock, GET_DEPLOYMENT, { id: deploymentId }, apiKey);
    expect(read.errors).toBeUndefined();
    expect(read.data?.deployment).toMatchObject({ id: deploymentId, releaseName, dagDeployment: { type: 'image' } });
  });

  it('refuses a DEPLOYMENT_VIEWER API key the deletion of its deployment', async () => {
    const refused = await gql(mock, DELETE_DEPLOYMENT, { deploymentId }, apiKey);
    expect(refused.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('updates the label and description sent in the payload', async () => {
    const updated = await gql(
      mock,
      UPDATE_DEPLOYMENT,
      { deploymentId, payload: { label: 'etl-prod', description: 'Nightly loads' }, cloudRole: '' },
      adminToken,
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateDeployment).toMatchObject({
      id: deploymentId,
      label: 'etl-prod',
      description: 'Nightly loads',
      releaseName,
      workspace: { id: workspaceId },
    });
  });

  it('answers updateDeploymentVariables with the stored set, sorted by key, secret values blanked', async () => {
    const variables = [
      { key: 'WAREHOUSE_PASSWORD', value: 's3cret', isSecret: true },
      { key: 'LOG_LEVEL', value: 'INFO', isSecret: false },
    ];
    const updated = await gql(mock, UPDATE_VARIABLES, { deploymentUuid: deploymentId, releaseName, environmentVariables: variables }, adminToken);
    expect(updated.errors).toBeUndefined();
    expect(updated.data?.updateDeploymentVariables).toEqual([
      { key: 'LOG_LEVEL', value: 'INFO', isSecret: false },
      { key: 'WAREHOUSE_PASSWORD', value: '', isSecret: true },
    ]);
  });

  it('replaces the whole variable set on the next updateDeploymentVariables: variables not sent again are gone', async () => {
    const variables = [{ key: 'LOG_LEVEL', value: 'DEBUG', isSecret: false }];
    await gql(mock, UPDATE_VARIABLES, { deploymentUuid: deploymentId, releaseName, environmentVariables: variables }, adminToken);

    const read = await gql(mock, DEPLOYMENT_VARIABLES, { deploymentUuid: deploymentId }, adminToken);
    expect(read.data?.deploymentVariables).toEqual([{ key: 'LOG_LEVEL', value: 'DEBUG', isSecret: false }]);
  });

  it('lists the same deployment in workspaceDeployments, paginatedDeployments and the workspace count', async () => {
    const inWorkspace = await gql<{ workspaceDeployments: DeploymentRow[] }>(mock, WORKSPACE_DEPLOYMENTS, { workspaceId, releaseName: '' }, adminToken);
    const paged = await gql<{ paginatedDeployments: DeploymentRow[] }>(mock, PAGINATED_DEPLOYMENTS, ALL_DEPLOYMENTS, adminToken);
    const count = await gql(mock, DEPLOYMENT_COUNT, { workspaceUuid: workspaceId }, adminToken);

    expect(inWorkspace.data?.workspaceDeployments).toEqual(paged.data?.paginatedDeployments);
    expect(paged.data?.paginatedDeployments).toHaveLength(1);
    expect(paged.data?.paginatedDeployments[0]).toMatchObject({
      id: deploymentId,
      label: 'etl-prod',
      workspace: { id: workspaceId },
      deployInfo: { nextCli: 'deploy-1', current: null },
    });
    expect(count.data?.workspace.deploymentCount).toBe(1);
  });

  it('soft-deletes the deployment, which then leaves every list and lookup', async () => {
    const deleted = await gql(mock, DELETE_DEPLOYMENT, { deploymentId, deploymentHardDelete: false }, adminToken);
    expect(deleted.data?.deleteDeployment).toMatchObject({ id: deploymentId, releaseName });

    const inWorkspace = await gql(mock, WORKSPACE_DEPLOYMENTS, { workspaceId, releaseName: '' }, adminToken);
    const paged = await gql(mock, PAGINATED_DEPLOYMENTS, ALL_DEPLOYMENTS, adminToken);
    const everywhere = await gql(mock, '{ deployments { id } }', null, adminToken);
    const count = await gql(mock, DEPLOYMENT_COUNT, { workspaceUuid: workspaceId }, adminToken);
    const lookup = await gql(mock, GET_DEPLOYMENT, { id: deploymentId }, adminToken);
    expect(inWorkspace.data?.workspaceDeployments).toEqual([]);
    expect(paged.data?.paginatedDeployments).toEqual([]);
    expect(everywhere.data?.deployments).toEqual([]);
    expect(count.data?.workspace.deploymentCount).toBe(0);
    expect(lookup.data?.deployment).toBeNull();
  });

  it('stops accepting the service account key of the deleted deployment', async () => {
    const read = await gql(mock, GET_DEPLOYMENT, { id: deploymentId }, apiKey);
    expect(read.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(read.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('deletes the workspace once its deployments are gone, and it leaves the creator\'s list', async () => {
    const deleted = await gql(mock, DELETE_WORKSPACE, { workspaceId }, adminToken);
    expect(deleted.data?.deleteWorkspace).toEqual({ id: workspaceId, label: 'Data Platform', description: 'N/A' });

    const listed = await gql(mock, WORKSPACES, null, adminToken);
    expect(listed.data?.workspaces).toEqual([]);
  });
});
