import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_USERS, seededScope, type HoustonMock } from '../../src/index.js';
import { gql } from '../support/gql.js';

/**
 * The example requests Astronomer publishes for the Houston API, each sent as a reader would paste it (the ids of
 * our seeded platform put in for the placeholders) at the platform version of its page. The requests are written
 * here in our own words: same operation, arguments and selection as the page, not its text.
 *
 * Pages: Software "Houston API" (0.32–0.37) and "Houston API examples" (0.34–0.37), "Configure a custom registry for
 * Deployment images" (updateDeploymentImage); Astro Private Cloud `houston-*` pages (example queries, upsert
 * deployment, delete deployment, create deployment user, delete user, verify and bypass email verification, add a
 * System Admin, system and Deployment service accounts, environment variables, KEDA, teams and team roles,
 * Deployment user roles). Where a page is wrong, the test shows it and docs/DIFFERENCES.md gives the evidence.
 */

const APC_1 = '1.0.1';
const APC_2 = '2.1.0';

interface Setup {
  platformVersion: string;
  deployments?: Record<string, unknown>;
  localTeams?: boolean;
}

const mocks = new Map<string, HoustonMock>();

/** One seeded platform per page setup, put back to its seed for every example. */
async function platform(setup: Setup) {
  const key = JSON.stringify(setup);
  let mock = mocks.get(key);
  if (!mock) {
    mock = createHoustonMock({
      platformVersion: setup.platformVersion,
      rolloutTime: 0,
      config: {
        houston: {
          ...(setup.deployments ? { deployments: setup.deployments } : {}),
          ...(setup.localTeams ? { auth: { local: { teams: { enabled: true } } } } : {}),
        },
      },
    });
    mocks.set(key, mock);
  }
  mock.reset();
  const scope = seededScope(mock.store);
  if (!scope) throw new Error('seeded scope missing');
  const userId = (email: string) => {
    const user = Object.values(mock.store.data.users).find((u) => u.username === email);
    if (!user) throw new Error(`no user ${email}`);
    return user.id;
  };
  const token = (await mock.tokenFor({ email: SEED_USERS.SYSTEM_ADMIN.email })).token;
  const deployment = mock.store.data.deployments[scope.deploymentId];
  if (!deployment) throw new Error('seeded deployment missing');
  return { mock, token, ...scope, releaseName: deployment.releaseName, userId };
}

/** Sends the example and expects it to validate and run without errors; answers its data. */
async function runs(mock: HoustonMock, token: string, query: string, variables: Record<string, unknown> | null = null) {
  const result = await gql(mock, query, variables, token);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  expect(result.status).toBe(200);
  return result.data as Record<string, any>;
}

const SOFTWARE_API_PAGES = ['0.32.0', '0.34.0', '0.35.0', '0.36.0', '0.37.0'];
const EXAMPLES_PAGES = ['0.35.0', '0.36.0', '0.37.0', APC_1, APC_2];

describe('Software "Houston API" page: the users query', () => {
  it.each(SOFTWARE_API_PAGES)('finds a user by email with their role bindings (%s)', async (version) => {
    const { mock, token } = await platform({ platformVersion: version });
    const data = await runs(mock, token, `query User { users(user: { email: "${SEED_USERS.WORKSPACE_ADMIN.email}" }) { id roleBindings { role } } }`);
    expect(data.users[0].roleBindings).toContainEqual({ role: 'WORKSPACE_ADMIN' });
  });
});

describe('"Houston API" and example pages: workspaceAddUser with variable defaults and bypassInvite', () => {
  it.each(['0.35.0', '0.36.0', '0.37.0', APC_1, APC_2])('adds a user straight away (%s)', async (version) => {
    const { mock, token, workspaceId, deploymentId } = await platform({ platformVersion: version });
    const data = await runs(
      mock,
      token,
      `mutation workspaceAddUser(
        $workspaceUuid: Uuid = "${workspaceId}"
        $email: String! = "new.colleague@example.com"
        $role: Role! = WORKSPACE_EDITOR
        $bypassInvite: Boolean! = true
        $deploymentRoles: [DeploymentRoles] = [{ deploymentId: "${deploymentId}", role: DEPLOYMENT_VIEWER }]
      ) {
        workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: $role, deploymentRoles: $deploymentRoles, bypassInvite: $bypassInvite) {
          id
        }
      }`,
    );
    expect(data.workspaceAddUser.id).toBe(workspaceId);
  });
});

describe('"Houston API examples" / APC "Example queries" pages', () => {
  it.each(EXAMPLES_PAGES)('finds the id of a workspace by its label (%s)', async (version) => {
    const { mock, token, workspaceId } = await platform({ platformVersion: version });
    const label = mock.store.data.workspaces[workspaceId]?.label;
    const data = await runs(mock, token, `query { workspaces(label: "${label}") { id, label } }`);
    expect(data.workspaces).toEqual([{ id: workspaceId, label }]);
  });

  it.each(EXAMPLES_PAGES)('lists every workspace with sysWorkspaces (%s)', async (version) => {
    const { mock, token } = await platform({ platformVersion: version });
    const data = await runs(mock, token, 'query { sysWorkspaces { id, label } }');
    expect(data.sysWorkspaces.length).toBeGreaterThanOrEqual(5);
  });

  it.each(['0.34.0', ...EXAMPLES_PAGES])('reads a deployment of a workspace with workspaceDeployment (%s)', async (version) => {
    const { mock, token, workspaceId, releaseName, deploymentId } = await platform({ platformVersion: version });
    const data = await runs(
      mock,
      token,
      `query workspaceDeployment {
        workspaceDeployment(releaseName: "${releaseName}", workspaceUuid: "${workspaceId}") {
          id status createdAt updatedAt
          roleBindings { id, role, user { username, emails { primary } } }
        }
      }`,
    );
    expect(data.workspaceDeployment.id).toBe(deploymentId);
    expect(data.workspaceDeployment.roleBindings.length).toBeGreaterThan(0);
  });

  it.each(['0.34.0', ...EXAMPLES_PAGES])('searches users by any userSearch field (%s)', async (version) => {
    const { mock, token, userId } = await platform({ platformVersion: version });
    const id = userId(SEED_USERS.DEPLOYMENT_VIEWER.email);
    const data = await runs(mock, token, `query users { users(user: { userUuid: "${id}" }) { id roleBindings { role } status createdAt } }`);
    expect(data.users).toEqual([expect.objectContaining({ id, status: 'active' })]);
  });
});

const UPSERT = `mutation upsertDeployment(
  $workspaceUuid: Uuid, $deploymentUuid: Uuid, $label: String, $description: String, $releaseName: String,
  $namespace: String, $environmentVariables: [InputEnvironmentVariable], $image: String, $dockerconfigjson: JSON,
  $version: String, $airflowVersion: String, $runtimeVersion: String, $desiredRuntimeVersion: String,
  $executor: ExecutorType, $workers: Workers, $webserver: Webserver, $scheduler: Scheduler, $triggerer: Triggerer,
  $dagDeployment: DagDeployment, $properties: JSON, $cloudRole: String
) {
  upsertDeployment(
    workspaceUuid: $workspaceUuid, deploymentUuid: $deploymentUuid, label: $label, description: $description,
    releaseName: $releaseName, namespace: $namespace, environmentVariables: $environmentVariables, image: $image,
    dockerconfigjson: $dockerconfigjson, version: $version, airflowVersion: $airflowVersion,
    runtimeVersion: $runtimeVersion, desiredRuntimeVersion: $desiredRuntimeVersion, executor: $executor,
    workers: $workers, webserver: $webserver, scheduler: $scheduler, triggerer: $triggerer,
    dagDeployment: $dagDeployment, properties: $properties, cloudRole: $cloudRole
  ) {
    id config urls { type url } properties description label releaseName namespace status type version
    workspace { id label } airflowVersion runtimeVersion desiredAirflowVersion
    upsertedEnvironmentVariables { key value isSecret }
    dagDeployment { type nfsLocation repositoryUrl branchName syncInterval syncTimeout ephemeralStorage dagDirectoryLocation rev sshKey knownHosts }
    createdAt updatedAt
  }
}`;

describe('upsertDeployment pages (Software 0.32–0.37 "Houston API", APC "Upsert a Deployment")', () => {
  // The example creates the deployment in a namespace it names, which needs the platform's manual namespaces.
  const flags = { upsertDeploymentEnabled: true, manualNamespaceNames: true, namespaceFreeFormEntry: true };

  it.each(['0.32.0', '0.35.0', '0.36.0', '0.37.0', APC_1, APC_2])('creates a deployment with the published variables (%s)', async (version) => {
    const { mock, token, workspaceId } = await platform({ platformVersion: version, deployments: flags });
    const data = await runs(mock, token, UPSERT, {
      workspaceUuid: workspaceId,
      label: 'My Deployment',
      description: 'Created through the Houston API',
      namespace: 'test-new-dep',
      environmentVariables: [{ key: 'AIRFLOW__CORE__COLORED_LOG_FORMAT', value: 'false', isSecret: false }],
      runtimeVersion: '7.2.0',
      executor: 'CeleryExecutor',
      workers: { replicas: 1, terminationGracePeriodSeconds: 600, resources: { limits: { cpu: 1000, memory: 3840 }, requests: { cpu: 1000, memory: 3840 } } },
      webserver: { resources: { limits: { cpu: 500, memory: 1920 }, requests: { cpu: 500, memory: 1920 } } },
      scheduler: { replicas: 1, resources: { limits: { cpu: 500, memory: 1920 }, requests: { cpu: 500, memory: 1920 } } },
      triggerer: { replicas: 1, resources: { limits: { cpu: 500, memory: 1920 }, requests: { cpu: 500, memory: 1920 } } },
      dagDeployment: { type: 'image' },
      properties: { component_version: '7.2.0' },
    });
    expect(data.upsertDeployment).toMatchObject({
      namespace: 'test-new-dep',
      runtimeVersion: '7.2.0',
      upsertedEnvironmentVariables: [{ key: 'AIRFLOW__CORE__COLORED_LOG_FORMAT', value: 'false', isSecret: false }],
      dagDeployment: { type: 'image', sshKey: null },
    });
  });

  it.each([APC_1, APC_2])('deploys a pre-built image from CI/CD to an existing deployment (%s)', async (version) => {
    const { mock, token, workspaceId, deploymentId } = await platform({ platformVersion: version });
    const data = await runs(
      mock,
      token,
      `mutation upsertDeployment($workspaceUuid: Uuid, $deploymentUuid: Uuid, $image: String, $runtimeVersion: String) {
        upsertDeployment(workspaceUuid: $workspaceUuid, deploymentUuid: $deploymentUuid, image: $image, runtimeVersion: $runtimeVersion) { id }
      }`,
      { workspaceUuid: workspaceId, deploymentUuid: deploymentId, image: 'registry.example.com/team/airflow:build-42', runtimeVersion: '11.8.0' },
    );
    expect(data.upsertDeployment.id).toBe(deploymentId);
  });
});

describe('updateDeploymentImage (Software custom image registry page, APC "Update a Deployment image")', () => {
  it.each(['0.29.2', '0.32.0', '0.37.0', APC_1, APC_2])('points a deployment at a pushed image (%s)', async (version) => {
    const { mock, token, releaseName } = await platform({ platformVersion: version, deployments: { enableUpdateDeploymentImageEndpoint: true } });
    const data = await runs(
      mock,
      token,
      `mutation updateDeploymentImage {
        updateDeploymentImage(releaseName: "${releaseName}", image: "docker.io/cmart123/ap-airflow:test4", runtimeVersion: "5.0.6") { id }
      }`,
    );
    expect(data.updateDeploymentImage.id).toBeTruthy();
  });
});

describe('APC mutation pages: deployments', () => {
  it.each([APC_1, APC_2])('deletes a deployment (%s)', async (version) => {
    const { mock, token, deploymentId } = await platform({ platformVersion: version });
    const data = await runs(mock, token, `mutation deleteDeployment { deleteDeployment(deploymentUuid: "${deploymentId}") { id } }`);
    expect(data.deleteDeployment.id).toBe(deploymentId);
  });

  it.each([APC_1, APC_2])('replaces the environment variables (%s)', async (version) => {
    const { mock, token, deploymentId, releaseName } = await platform({ platformVersion: version });
    const data = await runs(
      mock,
      token,
      `mutation updateDeploymentVariables($deploymentUuid: Uuid!, $releaseName: String!, $environmentVariables: [InputEnvironmentVariable!]!) {
        updateDeploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName, environmentVariables: $environmentVariables) { key value isSecret }
      }`,
      { deploymentUuid: deploymentId, releaseName, environmentVariables: [{ key: 'MY_SETTING', value: 'on', isSecret: false }] },
    );
    expect(data.updateDeploymentVariables).toEqual([{ key: 'MY_SETTING', value: 'on', isSecret: false }]);
  });

  it.each([APC_1, APC_2])('turns KEDA on for a Celery deployment (%s)', async (version) => {
    const { mock, token, workspaceId } = await platform({ platformVersion: version });
    const created = await runs(mock, token, `mutation { createDeployment(workspaceUuid: "${workspaceId}", label: "Celery", type: "airflow", executor: CeleryExecutor) { id } }`);
    const data = await runs(mock, token, `mutation { updateDeploymentKedaConfig(deploymentUuid: "${created.createDeployment.id}", state: true) { id label } }`);
    expect(data.updateDeploymentKedaConfig.label).toBe('Celery');
  });
});

describe('APC mutation pages: users and service accounts', () => {
  it.each([APC_1, APC_2])('adds a user to a deployment, then updates and removes the role (%s)', async (version) => {
    const { mock, token, deploymentId, userId } = await platform({ platformVersion: version });
    const email = SEED_USERS.WORKSPACE_VIEWER.email;
    const added = await runs(
      mock,
      token,
      `mutation AddDeploymentUser($userId: Id! = "${userId(email)}", $email: String! = "${email}", $deploymentId: Id! = "${deploymentId}", $role: Role! = DEPLOYMENT_VIEWER) {
        deploymentAddUserRole(userId: $userId, email: $email, deploymentId: $deploymentId, role: $role) {
          id user { username } role deployment { id releaseName }
        }
      }`,
    );
    expect(added.deploymentAddUserRole).toMatchObject({ role: 'DEPLOYMENT_VIEWER', user: { username: email } });
    const updated = await runs(
      mock,
      token,
      `mutation { deploymentUpdateUserRole(deploymentId: "${deploymentId}", email: "${email}", role: DEPLOYMENT_EDITOR) { id role } }`,
    );
    expect(updated.deploymentUpdateUserRole.role).toBe('DEPLOYMENT_EDITOR');
    await runs(mock, token, `mutation { deploymentRemoveUserRole(deploymentId: "${deploymentId}", email: "${email}") { id } }`);
  });

  it.each([APC_1, APC_2])('makes a user a System Admin (%s)', async (version) => {
    const { mock, token, userId } = await platform({ platformVersion: version });
    const data = await runs(
      mock,
      token,
      `mutation createSystemRoleBinding($userId: ID! = "${userId(SEED_USERS.SYSTEM_VIEWER.email)}", $role: Role! = SYSTEM_ADMIN) {
        createSystemRoleBinding(userId: $userId, role: $role) { id }
      }`,
    );
    expect(data.createSystemRoleBinding.id).toBeTruthy();
  });

  it.each([APC_1, APC_2])('verifies a pending user\'s email, and bypasses verification with workspaceAddUser (%s)', async (version) => {
    const { mock, token, workspaceId } = await platform({ platformVersion: version });
    const pending = Object.values(mock.store.data.users).find((u) => u.status === 'pending');
    if (!pending) throw new Error('the seed has pending users');
    const verified = await runs(mock, token, `mutation { verifyEmail(email: "${pending.emails[0]?.address}") }`);
    expect(verified.verifyEmail).toBe(true);
    const bypassed = await runs(
      mock,
      token,
      `mutation { workspaceAddUser(workspaceUuid: "${workspaceId}", email: "no.mail@example.com", role: WORKSPACE_VIEWER, bypassInvite: true) { id } }`,
    );
    expect(bypassed.workspaceAddUser.id).toBe(workspaceId);
  });

  it.each([APC_1, APC_2])('creates a system service account and a deployment service account, each key shown once (%s)', async (version) => {
    const { mock, token, deploymentId } = await platform({ platformVersion: version });
    const system = await runs(mock, token, 'mutation { createSystemServiceAccount(label: "ci-admin", category: "automation", role: SYSTEM_ADMIN) { id apiKey } }');
    expect(system.createSystemServiceAccount.apiKey).toMatch(/^[0-9a-f]{32}$/);
    const onDeployment = await runs(
      mock,
      token,
      `mutation { createDeploymentServiceAccount(label: "ci", category: "deploys", deploymentUuid: "${deploymentId}", role: DEPLOYMENT_EDITOR) { id apiKey } }`,
    );
    expect(onDeployment.createDeploymentServiceAccount.apiKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([APC_1, APC_2])('deletes a user with the request the page should show (%s)', async (version) => {
    const { mock, token, userId } = await platform({ platformVersion: version });
    const id = userId(SEED_USERS.WORKSPACE_VIEWER.email);
    // The page's own request names an argument and a field Houston does not have (see docs/DIFFERENCES.md).
    const asPublished = await gql(mock, `mutation { removeUser(id: "${id}") { uuid emails { address } status } }`, null, token);
    expect(asPublished.status).toBe(400);
    expect(asPublished.errors?.map((e) => e.message)).toEqual([
      'Unknown argument "id" on field "Mutation.removeUser".',
      'Cannot query field "uuid" on type "User". Did you mean "id"?',
      'Field "removeUser" argument "userUuid" of type "Uuid!" is required, but it was not provided.',
    ]);
    const data = await runs(mock, token, `mutation { removeUser(userUuid: "${id}") { id emails { address } status } }`);
    expect(data.removeUser.emails).toEqual([{ address: SEED_USERS.WORKSPACE_VIEWER.email }]);
  });
});

describe('APC team pages', () => {
  it('creates local and identity-provider teams, updates, assigns roles and removes them (2.1.0)', async () => {
    const { mock, token, workspaceId, deploymentId, userId } = await platform({ platformVersion: APC_2, localTeams: true });
    const [a, b, c] = [SEED_USERS.WORKSPACE_EDITOR, SEED_USERS.WORKSPACE_VIEWER, SEED_USERS.SYSTEM_VIEWER].map((u) => userId(u.email));
    const local = await runs(
      mock,
      token,
      `mutation { createTeam(name: "Data Engineering", description: "Data engineering team", provider: "local", userIds: ["${a}", "${b}"]) {
        team { id name provider description users { id username } } message
      } }`,
    );
    const teamId = local.createTeam.team.id;
    expect(local.createTeam.team.users).toHaveLength(2);
    await runs(mock, token, 'mutation { createTeam(name: "engineering-group", description: "Synced from Okta", provider: "okta") { team { id name provider } message } }');

    await runs(mock, token, `mutation { updateTeam(id: "${teamId}", newName: "Platform Engineering", description: "Updated description") { team { id name description } message } }`);
    await runs(mock, token, `mutation { updateTeam(id: "${teamId}", addUserIds: ["${c}"]) { team { id users { id username } } } }`);
    await runs(mock, token, `mutation { updateTeam(id: "${teamId}", removeUserIds: ["${a}"]) { team { id users { id username } } } }`);
    const replaced = await runs(mock, token, `mutation { updateTeam(id: "${teamId}", teamUserIds: ["${a}", "${c}"]) { team { users { id username } } } }`);
    expect(replaced.updateTeam.team.users.map((u: { id: string }) => u.id).sort()).toEqual([a, c].sort());
    await runs(mock, token, 'mutation { updateTeam(name: "Platform Engineering", provider: "local", newName: "Data Platform") { team { id name } } }');

    await runs(mock, token, `mutation { workspaceAddTeam(teamUuid: "${teamId}", workspaceUuid: "${workspaceId}", role: WORKSPACE_EDITOR) { id label } }`);
    await runs(mock, token, `mutation { workspaceUpdateTeamRole(teamUuid: "${teamId}", workspaceUuid: "${workspaceId}", role: WORKSPACE_ADMIN) }`);
    await runs(mock, token, `mutation { deploymentAddTeamRole(teamUuid: "${teamId}", deploymentUuid: "${deploymentId}", role: DEPLOYMENT_EDITOR) { id role } }`);
    await runs(mock, token, `mutation { deploymentUpdateTeamRole(teamUuid: "${teamId}", deploymentUuid: "${deploymentId}", role: DEPLOYMENT_ADMIN) { id role } }`);
    await runs(mock, token, `mutation { deploymentRemoveTeamRole(teamUuid: "${teamId}", deploymentUuid: "${deploymentId}") { id } }`);
    await runs(mock, token, `mutation { workspaceRemoveTeam(teamUuid: "${teamId}", workspaceUuid: "${workspaceId}") { id } }`);
    const removed = await runs(mock, token, `mutation { removeTeam(teamUuid: "${teamId}") { id name } }`);
    expect(removed.removeTeam).toEqual({ id: teamId, name: 'Data Platform' });
  });

  it('assigns workspace and deployment roles to a team in one mutation (2.1.0)', async () => {
    const { mock, token, workspaceId, deploymentId } = await platform({ platformVersion: APC_2, localTeams: true });
    const team = await runs(mock, token, 'mutation { createTeam(name: "Analysts", provider: "local") { team { id } } }');
    const data = await runs(
      mock,
      token,
      `mutation { workspaceAddTeam(teamUuid: "${team.createTeam.team.id}", workspaceUuid: "${workspaceId}", role: WORKSPACE_VIEWER, deploymentRoles: [
        { deploymentId: "${deploymentId}", role: DEPLOYMENT_ADMIN }
      ]) { id } }`,
    );
    expect(data.workspaceAddTeam.id).toBe(workspaceId);
  });
});

describe('Software "Houston API" pages before 0.32: the sample queries and mutations', () => {
  it.each(['0.25.0', '0.28.0', '0.30.0', '0.31.0'])('reads, changes and deletes as the page shows (%s)', async (version) => {
    const { mock, token, workspaceId, releaseName, deploymentId, userId } = await platform({ platformVersion: version });
    await runs(mock, token, `query User { users(user: { email: "${SEED_USERS.WORKSPACE_ADMIN.email}" }) { id roleBindings { role } } }`);
    await runs(
      mock,
      token,
      `query workspaceDeployment { workspaceDeployment(releaseName: "${releaseName}", workspaceUuid: "${workspaceId}") {
        id status createdAt updatedAt roleBindings { id role user { username emails { primary } } }
      } }`,
    );
    await runs(mock, token, `mutation { createSystemRoleBinding(userId: "${userId(SEED_USERS.SYSTEM_VIEWER.email)}", role: SYSTEM_ADMIN) { id } }`);
    const pending = Object.values(mock.store.data.users).find((u) => u.status === 'pending');
    await runs(mock, token, `mutation { verifyEmail(email: "${pending?.emails[0]?.address}") }`);
    await runs(
      mock,
      token,
      `mutation { createDeploymentServiceAccount(label: "ci", category: "deploys", deploymentUuid: "${deploymentId}", role: DEPLOYMENT_EDITOR) { id apiKey } }`,
    );
    const deleted = await runs(mock, token, `mutation { deleteDeployment(deploymentUuid: "${deploymentId}") { id } }`);
    expect(deleted.deleteDeployment.id).toBe(deploymentId);
  });
});
