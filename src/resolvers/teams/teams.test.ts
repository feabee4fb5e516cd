import { describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../index.js';
import { gql } from '../../../test/support/gql.js';
import type { Deployment, RoleBinding, RoleName, Workspace } from '../../store/entities.js';
import { newId, now, type Store } from '../../store/state.js';
import * as teams from './store.js';
import { insertRow } from '../../store/rows.js';

// Fixtures are written straight into the store: workspaces and deployments belong to other domains, and these tests
// are about teams only.

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
  /** A member of the teams the tests build. */
  memberId: string;
  memberToken: string;
  /** A user in no team. */
  outsiderId: string;
  outsiderToken: string;
  workspace: Workspace;
  deployment: Deployment;
  otherWorkspace: Workspace;
}

async function platform(localTeams = true): Promise<Platform> {
  const mock = createHoustonMock({
    seed: null,
    config: { houston: { publicSignups: true, emailConfirmation: false, auth: { local: { teams: { enabled: localTeams } } } } },
  });
  const admin = await gql(mock, SIGN_UP, { email: 'admin@example.com', password: 'pw' });
  const member = await gql(mock, SIGN_UP, { email: 'member@example.com', password: 'pw' });
  const outsider = await gql(mock, SIGN_UP, { email: 'outsider@example.com', password: 'pw' });
  const workspace = addWorkspace(mock.store, 'Data');
  return {
    mock,
    adminToken: admin.data?.createUser.token.value,
    memberId: member.data?.createUser.user.id,
    memberToken: member.data?.createUser.token.value,
    outsiderId: outsider.data?.createUser.user.id,
    outsiderToken: outsider.data?.createUser.token.value,
    workspace,
    deployment: addDeployment(mock.store, workspace.id, 'ingest'),
    otherWorkspace: addWorkspace(mock.store, 'Other'),
  };
}

const FORBIDDEN = { message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' };
const NOT_FOUND = { message: 'The requested resource was not found', code: 'RESOURCE_NOT_FOUND' };

function firstError(result: { errors?: { message: string; extensions?: { code?: string } }[] }) {
  return { message: result.errors?.[0]?.message, code: result.errors?.[0]?.extensions?.code };
}

// The Astro CLI's texts.
const LIST_TEAMS = `query PaginatedTeams($take: Int, $cursor: Uuid, $workspaceUuid: Uuid) {
  paginatedTeams(take: $take, cursor: $cursor, workspaceUuid: $workspaceUuid) { count teams { id name roleBindings { role } } }
}`;
const WORKSPACE_TEAMS = `query WorkspaceGetTeams($workspaceUuid: Uuid!) {
  workspaceTeams(workspaceUuid: $workspaceUuid) { id name roleBindings { role workspace { id label } deployment { id label } } }
}`;
const ADD_WORKSPACE_TEAM = `mutation AddWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role! = WORKSPACE_VIEWER, $deploymentRoles: [DeploymentRoles!] = []) {
  workspaceAddTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid, role: $role, deploymentRoles: $deploymentRoles) { id label description createdAt updatedAt }
}`;
const REMOVE_WORKSPACE_TEAM = `mutation DeleteWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) {
  workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) { id label }
}`;
const ADD_DEPLOYMENT_TEAM = `mutation AddDeploymentTeam($teamUuid: Uuid!, $deploymentUuid: Uuid!, $role: Role! = WORKSPACE_VIEWER) {
  deploymentAddTeamRole(teamUuid: $teamUuid, deploymentUuid: $deploymentUuid, role: $role) { id role }
}`;
const CREATE_TEAM_SYSTEM_ROLE = `mutation CreateTeamSystemRoleBinding($teamUuid: Uuid!, $role: Role!) {
  createTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role }
}`;

function localTeam(p: Platform, name: string, userIds: string[] = [p.memberId]) {
  return teams.insertTeam(p.mock.store, { name, userIds });
}

describe('team store', () => {
  it('numbers teams in creation order with sortId', async () => {
    const p = await platform();
    const a = localTeam(p, 'alpha');
    const b = localTeam(p, 'beta');
    expect([a.sortId, b.sortId]).toEqual([1, 2]);
  });

  it('keeps names unique per provider only', async () => {
    const p = await platform();
    localTeam(p, 'eng');
    expect(() => teams.insertTeam(p.mock.store, { name: 'eng' })).toThrow('A team named eng already exists for provider local');
    expect(teams.insertTeam(p.mock.store, { name: 'eng', provider: 'okta' }).provider).toBe('okta');
  });

  it('counts every matching team, not just the page', async () => {
    const p = await platform();
    for (let i = 0; i < 7; i++) localTeam(p, `team-${i}`);
    const page = teams.paginatedTeams(p.mock.store, { take: 3, cursor: '' });
    expect(page.count).toBe(7);
    expect(page.teams.map((t) => t.name)).toEqual(['team-0', 'team-1', 'team-2']);
  });

  it('walks every team exactly once by cursor', async () => {
    const p = await platform();
    const made = Array.from({ length: 45 }, (_, i) => localTeam(p, `team-${String(i).padStart(2, '0')}`, []));
    const seen: string[] = [];
    let cursor = '';
    for (;;) {
      const page = teams.paginatedTeams(p.mock.store, { take: 20, cursor });
      expect(page.count).toBe(45);
      if (page.teams.length === 0) break;
      seen.push(...page.teams.map((t) => t.id));
      cursor = page.teams[page.teams.length - 1]!.id;
    }
    expect(seen).toEqual(made.map((t) => t.id));
  });

  it('filters by search phrase, case-insensitively, and counts only the matches', async () => {
    const p = await platform();
    localTeam(p, 'Data Engineering');
    localTeam(p, 'data science');
    localTeam(p, 'Marketing');
    const page = teams.paginatedTeams(p.mock.store, { searchPhrase: 'DATA', take: 1 });
    expect(page.count).toBe(2);
    expect(page.teams.map((t) => t.name)).toEqual(['Data Engineering']);
  });

  it('refuses a search phrase under three characters', async () => {
    const p = await platform();
    expect(() => teams.paginatedTeams(p.mock.store, { searchPhrase: 'da' })).toThrow(
      'searchPhrase must be at least 3 characters',
    );
  });

  it('writes nothing when one of the deployment roles given to workspaceAddTeam is invalid', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const before = structuredClone(p.mock.store.data.roleBindings);
    expect(() =>
      teams.workspaceAddTeam(p.mock.store, {
        workspaceUuid: p.workspace.id,
        teamUuid: team.id,
        deploymentRoles: [{ deploymentId: p.deployment.id, role: 'WORKSPACE_ADMIN' }],
      }),
    ).toThrow('Invalid role');
    expect(p.mock.store.data.roleBindings).toEqual(before);
  });
});

describe('paginatedTeams', () => {
  it('lets the CLI page with take 20 until it has count teams, seeing each once', async () => {
    const p = await platform();
    const made = Array.from({ length: 41 }, (_, i) => localTeam(p, `team-${i}`, []));
    const seen: string[] = [];
    let cursor = '';
    let count = Infinity;
    while (seen.length < count) {
      const result = await gql(p.mock, LIST_TEAMS, { cursor, take: 20 }, p.adminToken);
      expect(result.errors).toBeUndefined();
      const page = result.data?.paginatedTeams;
      count = page.count;
      seen.push(...page.teams.map((t: { id: string }) => t.id));
      cursor = page.teams[page.teams.length - 1].id;
    }
    expect(count).toBe(41);
    expect(seen).toEqual(made.map((t) => t.id));
  });

  it('answers not found for an unknown cursor', async () => {
    const p = await platform();
    localTeam(p, 'eng');
    const result = await gql(p.mock, LIST_TEAMS, { cursor: 'cdoesnotexist000000000000', take: 20 }, p.adminToken);
    expect(firstError(result)).toEqual(NOT_FOUND);
  });

  it('is refused to a user without a system role', async () => {
    const p = await platform();
    const result = await gql(p.mock, LIST_TEAMS, { cursor: '', take: 20 }, p.outsiderToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
  });
});

describe('createTeam', () => {
  const CREATE = `mutation ($name: String!, $provider: String, $userIds: [ID]) {
    createTeam(name: $name, description: "Data engineering team", provider: $provider, userIds: $userIds) {
      team { id name provider description sortId users { id username } } message
    }
  }`;

  it('creates a local team with its members', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE, { name: 'Data Engineering', userIds: [p.memberId] }, p.adminToken);
    expect(result.errors).toBeUndefined();
    expect(result.data?.createTeam.team).toMatchObject({
      name: 'Data Engineering',
      provider: 'local',
      description: 'Data engineering team',
      sortId: 1,
      users: [{ id: p.memberId, username: 'member@example.com' }],
    });
    expect(result.data?.createTeam.message).toBe('Team Data Engineering created');
  });

  it('refuses local teams while they are disabled', async () => {
    const p = await platform(false);
    const result = await gql(p.mock, CREATE, { name: 'eng' }, p.adminToken);
    expect(firstError(result)).toEqual({
      message: 'Local teams are disabled on this platform (config auth.local.teams.enabled)',
      code: 'BAD_USER_INPUT',
    });
  });

  it('creates an identity-provider team while local teams are disabled', async () => {
    const p = await platform(false);
    const result = await gql(p.mock, CREATE, { name: 'engineering-group', provider: 'okta' }, p.adminToken);
    expect(result.data?.createTeam.team).toMatchObject({ name: 'engineering-group', provider: 'okta', users: [] });
  });

  it('refuses members for an identity-provider team', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE, { name: 'g', provider: 'okta', userIds: [p.memberId] }, p.adminToken);
    expect(firstError(result)).toEqual({
      message: 'Users of an identity-provider team come from the identity provider; only local teams take userIds',
      code: 'BAD_USER_INPUT',
    });
    expect(p.mock.store.data.teams).toEqual({});
  });

  it('refuses a second team with the same name and provider', async () => {
    const p = await platform();
    await gql(p.mock, CREATE, { name: 'eng' }, p.adminToken);
    const again = await gql(p.mock, CREATE, { name: 'eng' }, p.adminToken);
    expect(firstError(again)).toEqual({ message: 'A team named eng already exists for provider local', code: 'BAD_USER_INPUT' });
  });

  it('is refused to users who are not system admins', async () => {
    const p = await platform();
    const result = await gql(p.mock, CREATE, { name: 'eng' }, p.memberToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
  });
});

describe('updateTeam and removeTeam', () => {
  it('renames a team found by name and provider and replaces its members', async () => {
    const p = await platform();
    localTeam(p, 'eng');
    const result = await gql(
      p.mock,
      `mutation ($ids: [ID]) { updateTeam(name: "eng", provider: "local", newName: "platform", teamUserIds: $ids) { team { name users { id } } message } }`,
      { ids: [p.outsiderId] },
      p.adminToken,
    );
    expect(result.data?.updateTeam).toEqual({ team: { name: 'platform', users: [{ id: p.outsiderId }] }, message: 'Team platform updated' });
  });

  it('adds and removes members of a local team', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(
      p.mock,
      `mutation ($id: Uuid, $add: [ID], $remove: [ID]) { updateTeam(id: $id, addUserIds: $add, removeUserIds: $remove) { team { users { id } } } }`,
      { id: team.id, add: [p.outsiderId], remove: [p.memberId] },
      p.adminToken,
    );
    expect(result.data?.updateTeam.team.users).toEqual([{ id: p.outsiderId }]);
  });

  it('refuses to remove an identity-provider team that still has members', async () => {
    const p = await platform();
    const team = teams.insertTeam(p.mock.store, { name: 'g', provider: 'okta', userIds: [p.memberId] });
    const result = await gql(p.mock, 'mutation ($id: Uuid) { removeTeam(teamUuid: $id) { id } }', { id: team.id }, p.adminToken);
    expect(firstError(result)).toEqual({ message: 'Only identity-provider teams with no users can be removed', code: 'BAD_USER_INPUT' });
    expect(p.mock.store.data.teams[team.id]).toBeDefined();
  });

  it('removes a team with its role bindings, so its members lose the access', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.workspaceAddTeam(p.mock.store, { workspaceUuid: p.workspace.id, teamUuid: team.id });
    const removed = await gql(
      p.mock,
      'mutation { removeTeam(name: "eng", provider: "local") { id name } }',
      null,
      p.adminToken,
    );
    expect(removed.data?.removeTeam).toEqual({ id: team.id, name: 'eng' });
    expect(Object.values(p.mock.store.data.roleBindings).some((b) => b.teamId === team.id)).toBe(false);
    const read = await gql(p.mock, WORKSPACE_TEAMS, { workspaceUuid: p.workspace.id }, p.memberToken);
    expect(firstError(read)).toEqual(FORBIDDEN);
  });
});

describe('team roles on workspaces', () => {
  it('gives the team WORKSPACE_VIEWER when no role is sent, and answers the workspace', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    expect(result.data?.workspaceAddTeam).toMatchObject({ id: p.workspace.id, label: 'Data' });
    expect(teams.teamRoleBindings(p.mock.store, team.id).map((b) => [b.role, b.workspaceId])).toEqual([
      ['WORKSPACE_VIEWER', p.workspace.id],
    ]);
  });

  it('grants the team\'s workspace role to its members', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id, role: 'WORKSPACE_VIEWER' }, p.adminToken);
    const read = await gql(p.mock, WORKSPACE_TEAMS, { workspaceUuid: p.workspace.id }, p.memberToken);
    expect(read.errors).toBeUndefined();
    expect(read.data?.workspaceTeams).toEqual([
      {
        id: team.id,
        name: 'eng',
        roleBindings: [{ role: 'WORKSPACE_VIEWER', workspace: { id: p.workspace.id, label: 'Data' }, deployment: null }],
      },
    ]);
  });

  it('does not grant the team\'s role to users outside it', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    const read = await gql(p.mock, WORKSPACE_TEAMS, { workspaceUuid: p.workspace.id }, p.outsiderToken);
    expect(firstError(read)).toEqual(FORBIDDEN);
  });

  it('does not grant the team\'s role on other workspaces', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    const read = await gql(p.mock, WORKSPACE_TEAMS, { workspaceUuid: p.otherWorkspace.id }, p.memberToken);
    expect(firstError(read)).toEqual(FORBIDDEN);
  });

  it('adds deployment roles in the same call', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    await gql(
      p.mock,
      ADD_WORKSPACE_TEAM,
      {
        workspaceUuid: p.workspace.id,
        teamUuid: team.id,
        role: 'WORKSPACE_VIEWER',
        deploymentRoles: [{ deploymentId: p.deployment.id, role: 'DEPLOYMENT_ADMIN' }],
      },
      p.adminToken,
    );
    const bindings = teams.teamRoleBindings(p.mock.store, team.id).map((b) => [b.role, b.workspaceId, b.deploymentId]);
    expect(bindings).toEqual([
      ['WORKSPACE_VIEWER', p.workspace.id, null],
      ['DEPLOYMENT_ADMIN', null, p.deployment.id],
    ]);
  });

  it('refuses to add the same team to a workspace twice', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    const again = await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    expect(firstError(again)).toEqual({ message: 'A duplicate role binding already exists', code: 'BAD_USER_INPUT' });
  });

  it('is refused to a workspace editor (it needs workspace.iam.update)', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    grant(p.mock.store, p.outsiderId, 'WORKSPACE_EDITOR', { workspaceId: p.workspace.id });
    const result = await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.outsiderToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
  });

  it('is allowed to a workspace admin', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    grant(p.mock.store, p.outsiderId, 'WORKSPACE_ADMIN', { workspaceId: p.workspace.id });
    const result = await gql(p.mock, ADD_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.outsiderToken);
    expect(result.errors).toBeUndefined();
  });

  it('answers the new role as a bare value from workspaceUpdateTeamRole', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.workspaceAddTeam(p.mock.store, { workspaceUuid: p.workspace.id, teamUuid: team.id });
    const result = await gql(
      p.mock,
      'mutation ($w: Uuid!, $t: Uuid!, $r: Role!) { workspaceUpdateTeamRole(workspaceUuid: $w, teamUuid: $t, role: $r) }',
      { w: p.workspace.id, t: team.id, r: 'WORKSPACE_EDITOR' },
      p.adminToken,
    );
    expect(result.data?.workspaceUpdateTeamRole).toBe('WORKSPACE_EDITOR');
  });

  it('takes the team\'s deployment roles in the workspace away with the workspace role', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.workspaceAddTeam(p.mock.store, {
      workspaceUuid: p.workspace.id,
      teamUuid: team.id,
      deploymentRoles: [{ deploymentId: p.deployment.id, role: 'DEPLOYMENT_VIEWER' }],
    });
    const result = await gql(p.mock, REMOVE_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    expect(result.data?.workspaceRemoveTeam).toEqual({ id: p.workspace.id, label: 'Data' });
    expect(teams.teamRoleBindings(p.mock.store, team.id)).toEqual([]);
  });

  it('answers not found when removing a team that is not on the workspace', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(p.mock, REMOVE_WORKSPACE_TEAM, { workspaceUuid: p.workspace.id, teamUuid: team.id }, p.adminToken);
    expect(firstError(result)).toEqual(NOT_FOUND);
  });

  it('shows only the workspace\'s bindings when team is asked with a workspace', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.workspaceAddTeam(p.mock.store, { workspaceUuid: p.workspace.id, teamUuid: team.id, role: 'WORKSPACE_EDITOR' });
    teams.workspaceAddTeam(p.mock.store, { workspaceUuid: p.otherWorkspace.id, teamUuid: team.id, role: 'WORKSPACE_ADMIN' });
    const result = await gql(
      p.mock,
      'query ($t: Uuid!, $w: Uuid) { team(teamUuid: $t, workspaceUuid: $w) { name roleBindings { role workspace { id } } } }',
      { t: team.id, w: p.workspace.id },
      p.adminToken,
    );
    expect(result.data?.team).toEqual({ name: 'eng', roleBindings: [{ role: 'WORKSPACE_EDITOR', workspace: { id: p.workspace.id } }] });
  });
});

describe('team roles on deployments', () => {
  it('adds a deployment role and lists the team among the deployment\'s teams', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const added = await gql(p.mock, ADD_DEPLOYMENT_TEAM, { teamUuid: team.id, deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_EDITOR' }, p.adminToken);
    expect(added.data?.deploymentAddTeamRole.role).toBe('DEPLOYMENT_EDITOR');
    const listed = await gql(
      p.mock,
      'query ($d: Uuid!) { deploymentTeams(deploymentUuid: $d) { id roleBindings { role deployment { id } } } }',
      { d: p.deployment.id },
      p.memberToken,
    );
    expect(listed.data?.deploymentTeams).toEqual([
      { id: team.id, roleBindings: [{ role: 'DEPLOYMENT_EDITOR', deployment: { id: p.deployment.id } }] },
    ]);
  });

  it('refuses a workspace role on a deployment', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(p.mock, ADD_DEPLOYMENT_TEAM, { teamUuid: team.id, deploymentUuid: p.deployment.id, role: 'WORKSPACE_VIEWER' }, p.adminToken);
    expect(firstError(result)).toEqual({ message: 'Invalid role', code: 'BAD_USER_INPUT' });
  });

  it('is refused to a deployment editor (it needs deployment.teamRoles.update)', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    grant(p.mock.store, p.outsiderId, 'DEPLOYMENT_EDITOR', { deploymentId: p.deployment.id });
    const result = await gql(p.mock, ADD_DEPLOYMENT_TEAM, { teamUuid: team.id, deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' }, p.outsiderToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
  });

  it('updates and then removes the team\'s deployment role', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.deploymentAddTeamRole(p.mock.store, { teamUuid: team.id, deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_VIEWER' });
    const vars = { teamUuid: team.id, deploymentUuid: p.deployment.id, role: 'DEPLOYMENT_ADMIN' };
    const updated = await gql(
      p.mock,
      'mutation ($deploymentUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) { deploymentUpdateTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid, role: $role) { id role } }',
      vars,
      p.adminToken,
    );
    expect(updated.data?.deploymentUpdateTeamRole.role).toBe('DEPLOYMENT_ADMIN');
    const removed = await gql(
      p.mock,
      'mutation ($deploymentUuid: Uuid!, $teamUuid: Uuid!) { deploymentRemoveTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid) { id } }',
      vars,
      p.adminToken,
    );
    expect(removed.data?.deploymentRemoveTeamRole.id).toBe(updated.data?.deploymentUpdateTeamRole.id);
    expect(teams.teamRoleBindings(p.mock.store, team.id)).toEqual([]);
  });
});

describe('team system roles', () => {
  it('grants a system role to the team\'s members', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const created = await gql(p.mock, CREATE_TEAM_SYSTEM_ROLE, { teamUuid: team.id, role: 'SYSTEM_VIEWER' }, p.adminToken);
    expect(created.data?.createTeamSystemRoleBinding).toEqual({ role: 'SYSTEM_VIEWER' });
    const list = await gql(p.mock, LIST_TEAMS, { cursor: '', take: 20 }, p.memberToken);
    expect(list.errors).toBeUndefined();
    expect(list.data?.paginatedTeams).toEqual({ count: 1, teams: [{ id: team.id, name: 'eng', roleBindings: [{ role: 'SYSTEM_VIEWER' }] }] });
  });

  it('takes the system role away again', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    teams.createTeamSystemRoleBinding(p.mock.store, { teamUuid: team.id, role: 'SYSTEM_VIEWER' });
    const deleted = await gql(
      p.mock,
      'mutation ($teamUuid: Uuid!, $role: Role!) { deleteTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role } }',
      { teamUuid: team.id, role: 'SYSTEM_VIEWER' },
      p.adminToken,
    );
    expect(deleted.data?.deleteTeamSystemRoleBinding).toEqual({ role: 'SYSTEM_VIEWER' });
    const list = await gql(p.mock, LIST_TEAMS, { cursor: '', take: 20 }, p.memberToken);
    expect(firstError(list)).toEqual(FORBIDDEN);
  });

  it('refuses a workspace role as a system role', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(p.mock, CREATE_TEAM_SYSTEM_ROLE, { teamUuid: team.id, role: 'WORKSPACE_ADMIN' }, p.adminToken);
    expect(firstError(result)).toEqual({ message: 'Invalid role', code: 'BAD_USER_INPUT' });
  });

  it('is refused to users without system.iam.update', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng');
    const result = await gql(p.mock, CREATE_TEAM_SYSTEM_ROLE, { teamUuid: team.id, role: 'SYSTEM_ADMIN' }, p.memberToken);
    expect(firstError(result)).toEqual(FORBIDDEN);
    expect(teams.teamRoleBindings(p.mock.store, team.id)).toEqual([]);
  });
});

describe('team and teamUsers', () => {
  it('lists a team\'s members with their emails', async () => {
    const p = await platform();
    const team = localTeam(p, 'eng', [p.memberId, p.outsiderId]);
    const result = await gql(
      p.mock,
      'query ($teamUuid: Uuid!) { teamUsers(teamUuid: $teamUuid) { username id emails { address verified primary } status } }',
      { teamUuid: team.id },
      p.adminToken,
    );
    expect(result.data?.teamUsers.map((u: { username: string }) => u.username)).toEqual(['member@example.com', 'outsider@example.com']);
    expect(result.data?.teamUsers[0].emails).toEqual([{ address: 'member@example.com', verified: true, primary: true }]);
  });

  it('answers not found for an unknown team', async () => {
    const p = await platform();
    const result = await gql(p.mock, 'query ($t: Uuid!) { team(teamUuid: $t) { id } }', { t: 'cdoesnotexist000000000000' }, p.adminToken);
    expect(firstError(result)).toEqual(NOT_FOUND);
  });
});
