import { assert, errors, type HoustonError } from '../../core/errors.js';
import type { Deployment, RoleBinding, RoleName, Team, User, Workspace } from '../../store/entities.js';
import { newId, now, type Store } from '../../store/state.js';
import { rowChanged } from '../../store/lookups.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';

/**
 * Teams: groups of users granted roles as a whole. A team's role bindings (teamId set) count for every member. Local
 * teams (provider `local`) are made and filled on the platform; identity-provider teams get their members from the
 * provider, which the emulator does not run, so their membership is whatever the platform data says.
 */

export const LOCAL_PROVIDER = 'local';
export const MIN_SEARCH_PHRASE = 3;

/**
 * Houston validates these but publishes no texts for them: our wording, all BAD_USER_INPUT (see DIFFERENCES.md).
 */
export const teamErrors = {
  duplicateName: (name: string, provider: string): HoustonError =>
    errors.badInput(`A team named ${name} already exists for provider ${provider}`),
  localTeamsDisabled: (): HoustonError =>
    errors.badInput('Local teams are disabled on this platform (config auth.local.teams.enabled)'),
  idpTeamMembers: (): HoustonError =>
    errors.badInput('Users of an identity-provider team come from the identity provider; only local teams take userIds'),
  idpTeamHasUsers: (): HoustonError =>
    errors.badInput('Only identity-provider teams with no users can be removed'),
  searchPhraseTooShort: (): HoustonError =>
    errors.badInput(`searchPhrase must be at least ${MIN_SEARCH_PHRASE} characters`),
};

function liveDeployment(store: Store, deploymentId: string | null | undefined): Deployment | undefined {
  const deployment = deploymentId ? store.data.deployments[deploymentId] : undefined;
  return deployment && deployment.deletedAt === null ? deployment : undefined;
}

function requireTeam(store: Store, teamId: string | null | undefined): Team {
  const team = teamId ? store.data.teams[teamId] : undefined;
  assert(team, errors.notFound);
  return team;
}

function requireWorkspace(store: Store, workspaceId: string | null | undefined): Workspace {
  const workspace = workspaceId ? store.data.workspaces[workspaceId] : undefined;
  assert(workspace, errors.notFound);
  return workspace;
}

function requireDeployment(store: Store, deploymentId: string | null | undefined): Deployment {
  const deployment = liveDeployment(store, deploymentId);
  assert(deployment, errors.notFound);
  return deployment;
}

function requireRole(role: string | null | undefined, prefix: 'SYSTEM_' | 'WORKSPACE_' | 'DEPLOYMENT_'): RoleName {
  if (!role || !role.startsWith(prefix)) throw errors.invalidRole();
  return role as RoleName;
}

function bySortId(a: Team, b: Team): number {
  return a.sortId - b.sortId;
}

export function getTeam(store: Store, teamId: string): Team | undefined {
  return store.data.teams[teamId];
}

/** Every role binding of a team, on the system, workspaces and deployments. */
export function teamRoleBindings(store: Store, teamId: string): RoleBinding[] {
  return Object.values(store.data.roleBindings).filter((b) => b.teamId === teamId);
}

/** A team's bindings on one workspace: on the workspace itself and on its live deployments. */
export function teamWorkspaceRoleBindings(store: Store, teamId: string, workspaceId: string): RoleBinding[] {
  return teamRoleBindings(store, teamId).filter(
    (b) => b.workspaceId === workspaceId || liveDeployment(store, b.deploymentId)?.workspaceId === workspaceId,
  );
}

/** A team's bindings on one deployment. */
export function teamDeploymentRoleBindings(store: Store, teamId: string, deploymentId: string): RoleBinding[] {
  return teamRoleBindings(store, teamId).filter((b) => b.deploymentId === deploymentId);
}

/** The members of a team that still exist, in membership order. */
export function teamMembers(store: Store, team: Team): User[] {
  return team.userIds.map((id) => store.data.users[id]).filter((u): u is User => u !== undefined);
}

function insertBinding(
  store: Store,
  teamId: string,
  role: RoleName,
  scope: { workspaceId?: string; deploymentId?: string },
): RoleBinding {
  const at = now(store);
  const binding: RoleBinding = {
    id: newId(store),
    role,
    userId: null,
    serviceAccountId: null,
    teamId,
    workspaceId: scope.workspaceId ?? null,
    deploymentId: scope.deploymentId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'roleBindings', binding);
  return binding;
}

export interface InsertTeamInput {
  name: string;
  description?: string | null;
  provider?: string | null;
  userIds?: readonly string[] | null;
}

/**
 * Adds a team row without the API's rules (no local-teams switch, IdP teams may get members): for seeding and
 * fixtures. Names stay unique per provider.
 */
export function insertTeam(store: Store, input: InsertTeamInput): Team {
  const provider = input.provider || LOCAL_PROVIDER;
  const name = input.name.trim();
  assert(name, () => errors.missingArgument('name'));
  if (findTeamByName(store, name, provider)) throw teamErrors.duplicateName(name, provider);
  const userIds = [...new Set(input.userIds ?? [])];
  for (const id of userIds) assert(store.data.users[id], errors.notFound);
  const at = now(store);
  const sortId = Object.values(store.data.teams).reduce((max, t) => Math.max(max, t.sortId), 0) + 1;
  const team: Team = {
    id: newId(store),
    name,
    description: input.description ?? null,
    provider,
    userIds,
    sortId,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'teams', team);
  return team;
}

export function findTeamByName(store: Store, name: string, provider: string): Team | undefined {
  return Object.values(store.data.teams).find((t) => t.name === name && t.provider === provider);
}

export interface TeamMutationResult {
  team: Team;
  message: string;
}

/**
 * Houston's `createTeam`. `provider` defaults to `local`; local teams need `auth.local.teams.enabled`; only local teams
 * take `userIds` (an identity provider fills its own teams).
 */
export function createTeam(store: Store, input: InsertTeamInput): TeamMutationResult {
  const provider = input.provider || LOCAL_PROVIDER;
  if (provider === LOCAL_PROVIDER && !store.config.auth.local.teams.enabled) throw teamErrors.localTeamsDisabled();
  if (provider !== LOCAL_PROVIDER && (input.userIds?.length ?? 0) > 0) throw teamErrors.idpTeamMembers();
  const team = insertTeam(store, { ...input, provider });
  return { team, message: `Team ${team.name} created` };
}

/** A team named by id, or by name and provider (names are unique per provider only). */
export interface TeamRef {
  id?: string | null;
  name?: string | null;
  provider?: string | null;
}

function resolveTeamRef(store: Store, ref: TeamRef, idName: string): Team {
  if (ref.id) return requireTeam(store, ref.id);
  assert(ref.name, () => errors.missingArgument(`${idName} or name`));
  assert(ref.provider, () => errors.missingArgument('provider'));
  const team = findTeamByName(store, ref.name, ref.provider);
  assert(team, errors.notFound);
  return team;
}

export interface UpdateTeamInput extends TeamRef {
  newName?: string | null;
  description?: string | null;
  addUserIds?: readonly string[] | null;
  removeUserIds?: readonly string[] | null;
  /** Replaces the whole membership. */
  teamUserIds?: readonly string[] | null;
}

/** Houston's `updateTeam`: rename, describe, and (local teams only) change members. */
export function updateTeam(store: Store, input: UpdateTeamInput): TeamMutationResult {
  const found = resolveTeamRef(store, input, 'id');
  const newName = input.newName?.trim();
  if (newName && newName !== found.name && findTeamByName(store, newName, found.provider)) {
    throw teamErrors.duplicateName(newName, found.provider);
  }
  const changesMembers = input.teamUserIds != null || (input.addUserIds?.length ?? 0) > 0 || (input.removeUserIds?.length ?? 0) > 0;
  if (changesMembers) {
    if (found.provider !== LOCAL_PROVIDER) throw teamErrors.idpTeamMembers();
    if (!store.config.auth.local.teams.enabled) throw teamErrors.localTeamsDisabled();
    for (const id of [...(input.teamUserIds ?? []), ...(input.addUserIds ?? [])]) assert(store.data.users[id], errors.notFound);
  }
  const team = writableRow(store, 'teams', found);
  if (newName) team.name = newName;
  if (input.description != null) team.description = input.description;
  if (changesMembers) {
    let members = input.teamUserIds != null ? [...input.teamUserIds] : [...team.userIds];
    members = [...members, ...(input.addUserIds ?? [])];
    const removed = new Set(input.removeUserIds ?? []);
    team.userIds = [...new Set(members)].filter((id) => !removed.has(id));
    rowChanged(store, 'teams', team.id);
  }
  team.updatedAt = now(store);
  return { team, message: `Team ${team.name} updated` };
}

/**
 * Houston's `removeTeam`: deletes the team and every role it held. An identity-provider team must have no members
 * left. Returns the removed team.
 */
export function removeTeam(store: Store, ref: TeamRef): Team {
  const team = resolveTeamRef(store, ref, 'teamUuid');
  if (team.provider !== LOCAL_PROVIDER && team.userIds.length > 0) throw teamErrors.idpTeamHasUsers();
  const bindings = teamRoleBindings(store, team.id);
  for (const binding of bindings) deleteRow(store, 'roleBindings', binding.id);
  deleteRow(store, 'teams', team.id);
  return team;
}

export interface TeamPageInput {
  take?: number | null;
  cursor?: string | null;
  workspaceUuid?: string | null;
  searchPhrase?: string | null;
}

export interface TeamPage {
  count: number;
  teams: Team[];
}

/**
 * Houston's `paginatedTeams`. Teams come in creation order (`sortId`). `cursor` is the id of the last team of the
 * previous page (`""` or absent: first page); `count` is the number of teams matching the filters, all pages
 * together (the Astro CLI pages until it has seen that many). `take` absent or not positive returns every team.
 */
export function paginatedTeams(store: Store, input: TeamPageInput): TeamPage {
  const phrase = input.searchPhrase?.trim().toLowerCase() ?? '';
  if (input.searchPhrase != null && input.searchPhrase !== '' && phrase.length < MIN_SEARCH_PHRASE) {
    throw teamErrors.searchPhraseTooShort();
  }
  if (input.workspaceUuid) requireWorkspace(store, input.workspaceUuid);
  const matching = Object.values(store.data.teams)
    .filter((t) => !phrase || t.name.toLowerCase().includes(phrase))
    .filter((t) => !input.workspaceUuid || teamWorkspaceRoleBindings(store, t.id, input.workspaceUuid).length > 0)
    .sort(bySortId);
  let start = 0;
  if (input.cursor) {
    // An unknown cursor (a team removed between two pages, a typo) is an error rather than an empty page: a client
    // looping until it has `count` teams would otherwise never stop.
    const after = requireTeam(store, input.cursor);
    start = matching.findIndex((t) => t.sortId > after.sortId);
    if (start === -1) start = matching.length;
  }
  const take = input.take != null && input.take > 0 ? input.take : matching.length;
  return { count: matching.length, teams: matching.slice(start, start + take) };
}

/** Houston's `team`. */
export function team(store: Store, teamUuid: string): Team {
  return requireTeam(store, teamUuid);
}

/** Houston's `teamUsers`. */
export function teamUsers(store: Store, teamUuid: string): User[] {
  return teamMembers(store, requireTeam(store, teamUuid));
}

/** Houston's `workspaceTeams`: teams holding a role on the workspace or on one of its deployments. */
export function workspaceTeams(store: Store, workspaceUuid: string): Team[] {
  requireWorkspace(store, workspaceUuid);
  return Object.values(store.data.teams)
    .filter((t) => teamWorkspaceRoleBindings(store, t.id, workspaceUuid).length > 0)
    .sort(bySortId);
}

/** Houston's `deploymentTeams`: teams holding a role on the deployment itself. */
export function deploymentTeams(store: Store, deploymentUuid: string): Team[] {
  requireDeployment(store, deploymentUuid);
  return Object.values(store.data.teams)
    .filter((t) => teamDeploymentRoleBindings(store, t.id, deploymentUuid).length > 0)
    .sort(bySortId);
}

export interface DeploymentRoleInput {
  deploymentId?: string | null;
  role?: string | null;
}

/**
 * Houston's `workspaceAddTeam`: a WORKSPACE_* role on the workspace (WORKSPACE_VIEWER when none is given), plus
 * optional DEPLOYMENT_* roles on deployments of that workspace. Everything is checked before anything is written.
 */
export function workspaceAddTeam(
  store: Store,
  input: { workspaceUuid: string; teamUuid: string; role?: string | null; deploymentRoles?: readonly (DeploymentRoleInput | null)[] | null },
): Workspace {
  const workspace = requireWorkspace(store, input.workspaceUuid);
  const team = requireTeam(store, input.teamUuid);
  const role = requireRole(input.role || 'WORKSPACE_VIEWER', 'WORKSPACE_');
  const existing = teamRoleBindings(store, team.id);
  if (existing.some((b) => b.workspaceId === workspace.id)) throw errors.duplicateRoleBinding();
  const grants: { deploymentId: string; role: RoleName }[] = [];
  for (const entry of input.deploymentRoles ?? []) {
    if (!entry) continue;
    const deployment = requireDeployment(store, entry.deploymentId);
    assert(deployment.workspaceId === workspace.id, errors.notFound);
    const grant = { deploymentId: deployment.id, role: requireRole(entry.role, 'DEPLOYMENT_') };
    const again = existing.some((b) => b.deploymentId === deployment.id) || grants.some((g) => g.deploymentId === deployment.id);
    if (again) throw errors.duplicateRoleBinding();
    grants.push(grant);
  }
  insertBinding(store, team.id, role, { workspaceId: workspace.id });
  for (const grant of grants) insertBinding(store, team.id, grant.role, { deploymentId: grant.deploymentId });
  return workspace;
}

/** Houston's `workspaceUpdateTeamRole`: returns the new role. */
export function workspaceUpdateTeamRole(
  store: Store,
  input: { workspaceUuid: string; teamUuid: string; role: string },
): RoleName {
  const workspace = requireWorkspace(store, input.workspaceUuid);
  const team = requireTeam(store, input.teamUuid);
  const role = requireRole(input.role, 'WORKSPACE_');
  const found = teamRoleBindings(store, team.id).find((b) => b.workspaceId === workspace.id);
  assert(found, errors.notFound);
  const binding = writableRow(store, 'roleBindings', found);
  binding.role = role;
  binding.updatedAt = now(store);
  return role;
}

/** Houston's `workspaceRemoveTeam`: the team loses its role on the workspace and on the workspace's deployments. */
export function workspaceRemoveTeam(store: Store, input: { workspaceUuid: string; teamUuid: string }): Workspace {
  const workspace = requireWorkspace(store, input.workspaceUuid);
  const team = requireTeam(store, input.teamUuid);
  const inWorkspace = (b: RoleBinding) =>
    b.workspaceId === workspace.id || (b.deploymentId !== null && store.data.deployments[b.deploymentId]?.workspaceId === workspace.id);
  const bindings = teamRoleBindings(store, team.id).filter(inWorkspace);
  assert(bindings.some((b) => b.workspaceId === workspace.id), errors.notFound);
  for (const binding of bindings) deleteRow(store, 'roleBindings', binding.id);
  return workspace;
}

/** Houston's `deploymentAddTeamRole`: a DEPLOYMENT_* role on one deployment. */
export function deploymentAddTeamRole(
  store: Store,
  input: { teamUuid: string; deploymentUuid: string; role: string },
): RoleBinding {
  const deployment = requireDeployment(store, input.deploymentUuid);
  const team = requireTeam(store, input.teamUuid);
  const role = requireRole(input.role, 'DEPLOYMENT_');
  if (teamDeploymentRoleBindings(store, team.id, deployment.id).length > 0) throw errors.duplicateRoleBinding();
  return insertBinding(store, team.id, role, { deploymentId: deployment.id });
}

/** Houston's `deploymentUpdateTeamRole`. */
export function deploymentUpdateTeamRole(
  store: Store,
  input: { teamUuid: string; deploymentUuid: string; role: string },
): RoleBinding {
  const deployment = requireDeployment(store, input.deploymentUuid);
  const team = requireTeam(store, input.teamUuid);
  const role = requireRole(input.role, 'DEPLOYMENT_');
  const found = teamDeploymentRoleBindings(store, team.id, deployment.id)[0];
  assert(found, errors.notFound);
  const binding = writableRow(store, 'roleBindings', found);
  binding.role = role;
  binding.updatedAt = now(store);
  return binding;
}

/** Houston's `deploymentRemoveTeamRole`: returns the removed binding. */
export function deploymentRemoveTeamRole(store: Store, input: { teamUuid: string; deploymentUuid: string }): RoleBinding {
  const deployment = requireDeployment(store, input.deploymentUuid);
  const team = requireTeam(store, input.teamUuid);
  const bindings = teamDeploymentRoleBindings(store, team.id, deployment.id);
  const first = bindings[0];
  assert(first, errors.notFound);
  for (const binding of bindings) deleteRow(store, 'roleBindings', binding.id);
  return first;
}

/** Houston's `createTeamSystemRoleBinding`: a SYSTEM_* role for every member of the team. */
export function createTeamSystemRoleBinding(store: Store, input: { teamUuid: string; role: string }): RoleBinding {
  const team = requireTeam(store, input.teamUuid);
  const role = requireRole(input.role, 'SYSTEM_');
  const isSystem = (b: RoleBinding) => b.workspaceId === null && b.deploymentId === null;
  if (teamRoleBindings(store, team.id).some((b) => isSystem(b) && b.role === role)) throw errors.duplicateRoleBinding();
  return insertBinding(store, team.id, role, {});
}

/** Houston's `deleteTeamSystemRoleBinding`: returns the removed binding. */
export function deleteTeamSystemRoleBinding(store: Store, input: { teamUuid: string; role: string }): RoleBinding {
  const team = requireTeam(store, input.teamUuid);
  const binding = teamRoleBindings(store, team.id).find(
    (b) => b.workspaceId === null && b.deploymentId === null && b.role === input.role,
  );
  assert(binding, errors.notFound);
  deleteRow(store, 'roleBindings', binding.id);
  return binding;
}
