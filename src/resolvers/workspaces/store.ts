import { callerBindings, hasPermission, type Caller } from '../../auth/permissions.js';
import { assert, errors } from '../../core/errors.js';
import { hexString } from '../../core/random.js';
import type { Deployment, Invite, RoleBinding, RoleName, ServiceAccount, User, Workspace } from '../../store/entities.js';
import { derived, type Follower, groupedView, positionOf, type Positions, view } from '../../store/lookups.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';
import {
  insertRoleBinding,
  isDeploymentRole,
  isWorkspaceRole,
  liveDeployment,
} from '../roleBindings/store.js';
import { roleBindingsByServiceAccount } from '../serviceAccounts/store.js';
import { findUserByEmail, identityTaken, insertUser, roleBindingsByUser, users as searchUsers, type UserSearch } from '../users/store.js';

// ---------------------------------------------------------------------------------------------------------------
// Lookups shared by the workspace operations
// ---------------------------------------------------------------------------------------------------------------

export function getWorkspace(store: Store, workspaceId: string | null | undefined): Workspace | undefined {
  return workspaceId ? store.data.workspaces[workspaceId] : undefined;
}

function requireWorkspace(store: Store, workspaceId: string | null | undefined): Workspace {
  const workspace = getWorkspace(store, workspaceId);
  assert(workspace, errors.notFound);
  return workspace;
}

/** Deployments of the workspace that have not been deleted. */
export function liveDeployments(store: Store, workspaceId: string): Deployment[] {
  return [...(derived(store, liveDeploymentsByWorkspace).get(workspaceId) ?? [])];
}

/** Every role binding on the workspace itself, whoever holds it (users, service accounts, teams). */
export function workspaceRoleBindings(store: Store, workspaceId: string): RoleBinding[] {
  return [...(derived(store, roleBindingsByWorkspace).get(workspaceId) ?? [])];
}

/** Live deployments grouped by workspace (`Workspace.deployments` and `deploymentCount` over a list). */
export const liveDeploymentsByWorkspace = groupedView('liveDeploymentsByWorkspace', 'deployments', (d) =>
  d.deletedAt === null ? d.workspaceId : null,
);

/**
 * Each workspace's members, in the users table's order as `workspaceUsers` lists them (`Workspace.users` over a
 * list of workspaces): one pass over the bindings and one over the users.
 */
export const usersByWorkspace = view('usersByWorkspace', ['roleBindings', 'users'], deriveUsersByWorkspace, followUsersByWorkspace);

function deriveUsersByWorkspace(store: Store): Map<string, User[]> {
  const workspacesOfUser = new Map<string, Set<string>>();
  for (const b of Object.values(store.data.roleBindings)) {
    if (b.userId === null || b.workspaceId === null) continue;
    const set = workspacesOfUser.get(b.userId);
    if (set) set.add(b.workspaceId);
    else workspacesOfUser.set(b.userId, new Set([b.workspaceId]));
  }
  const groups = new Map<string, User[]>();
  for (const user of Object.values(store.data.users)) {
    for (const workspaceId of workspacesOfUser.get(user.id) ?? []) {
      const group = groups.get(workspaceId);
      if (group) group.push(user);
      else groups.set(workspaceId, [user]);
    }
  }
  return groups;
}

/**
 * `usersByWorkspace` kept row by row: how many bindings tie each user to each workspace, and each binding's tie, so
 * that a binding added or removed moves one user in or out of one workspace's list (in the users table's order).
 */
function followUsersByWorkspace(store: Store, positions: Positions): Follower<Map<string, User[]>> {
  const data = store.data;
  const groups = deriveUsersByWorkspace(store);
  const ties = new Map<string, { userId: string; workspaceId: string }>();
  const counts = new Map<string, Map<string, number>>();
  const tie = (userId: string, workspaceId: string, by: number) => {
    let ofUser = counts.get(userId);
    if (!ofUser) counts.set(userId, (ofUser = new Map()));
    const count = (ofUser.get(workspaceId) ?? 0) + by;
    if (count > 0) ofUser.set(workspaceId, count);
    else ofUser.delete(workspaceId);
    if (ofUser.size === 0) counts.delete(userId);
    return count;
  };
  for (const b of Object.values(data.roleBindings)) {
    if (b.userId === null || b.workspaceId === null) continue;
    ties.set(b.id, { userId: b.userId, workspaceId: b.workspaceId });
    tie(b.userId, b.workspaceId, 1);
  }
  const place = (workspaceId: string, userId: string) => {
    const group = groups.get(workspaceId) ?? [];
    const at = group.findIndex((u) => u.id === userId);
    const rest = at < 0 ? group : [...group.slice(0, at), ...group.slice(at + 1)];
    const user = data.users[userId];
    const held = user && (counts.get(userId)?.get(workspaceId) ?? 0) > 0;
    if (!held) {
      if (rest.length > 0) groups.set(workspaceId, rest);
      else groups.delete(workspaceId);
      return;
    }
    const mine = positions.of('users', userId);
    let low = 0;
    while (low < rest.length && positions.of('users', (rest[low] as User).id) < mine) low++;
    groups.set(workspaceId, [...rest.slice(0, low), user, ...rest.slice(low)]);
  };
  return {
    value: groups,
    rowsChanged(table, ids) {
      if (table !== 'users') {
        for (const id of ids) this.rowChanged(table, id);
        return;
      }
      // Users whose place may have moved leave every group first; then each is placed among rows that stay put.
      for (const id of ids) {
        for (const workspaceId of counts.get(id)?.keys() ?? []) {
          const group = groups.get(workspaceId);
          if (group?.some((u) => u.id === id)) groups.set(workspaceId, group.filter((u) => u.id !== id));
        }
      }
      for (const id of ids) for (const workspaceId of counts.get(id)?.keys() ?? []) place(workspaceId, id);
    },
    rowChanged(table, id) {
      if (table === 'users') {
        for (const workspaceId of counts.get(id)?.keys() ?? []) place(workspaceId, id);
        return;
      }
      const was = ties.get(id);
      const b = data.roleBindings[id];
      const now = b && b.userId !== null && b.workspaceId !== null ? { userId: b.userId, workspaceId: b.workspaceId } : undefined;
      if (was && now && was.userId === now.userId && was.workspaceId === now.workspaceId) return;
      if (was) {
        ties.delete(id);
        if (tie(was.userId, was.workspaceId, -1) === 0) place(was.workspaceId, was.userId);
      }
      if (now) {
        ties.set(id, now);
        if (tie(now.userId, now.workspaceId, 1) === 1) place(now.workspaceId, now.userId);
      }
    },
  };
}

/** Every deployment of each workspace, deleted ones included (what a workspace's removal takes with it). */
const deploymentsByWorkspace = groupedView('deploymentsByWorkspace', 'deployments', (d) => d.workspaceId);

/** Pending invitations grouped by workspace. */
const invitesByWorkspace = groupedView('invitesByWorkspace', 'invites', (i) => i.workspaceId);

/** Role bindings grouped by deployment: what leaves with a workspace's deployments. */
const bindingsOfDeployment = groupedView('bindingsOfDeployment', 'roleBindings', (b) => b.deploymentId);

/** Role bindings grouped by workspace (`Workspace.roleBindings` over a list). */
export const roleBindingsByWorkspace = groupedView('roleBindingsByWorkspace', 'roleBindings', (b) => b.workspaceId);

/** Workspace service accounts grouped by workspace (`Workspace.serviceAccounts` over a list). */
export const serviceAccountsByWorkspace = groupedView('serviceAccountsByWorkspace', 'serviceAccounts', (sa) =>
  sa.entityType === 'WORKSPACE' ? sa.entityId : null,
);

export function workspaceServiceAccounts(store: Store, workspaceId: string): ServiceAccount[] {
  return [...(derived(store, serviceAccountsByWorkspace).get(workspaceId) ?? [])];
}

function userBindingOnWorkspace(store: Store, userId: string, workspaceId: string): RoleBinding | undefined {
  return derived(store, roleBindingsByUser).get(userId)?.find((b) => b.workspaceId === workspaceId);
}

// ---------------------------------------------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------------------------------------------

export interface PageArgs {
  take?: number | null;
  cursor?: string | null;
  pageNumber?: number | null;
}

/**
 * One page of a list, the way Houston's Prisma-backed lists page. `cursor` is the id of the last item already seen
 * (`""` or null: start from the beginning); a negative `take` with a cursor reads backwards (the page before the
 * cursor, as the Astro CLI's "previous" asks); `pageNumber` (0-based) skips that many whole pages of `take`; no
 * `take` means everything from the starting point. An unknown cursor gives an empty page.
 */
export function paginate<T extends { id: string }>(items: readonly T[], page: PageArgs): T[] {
  const take = page.take ?? null;
  let start = 0;
  if (page.cursor) {
    const at = items.findIndex((item) => item.id === page.cursor);
    if (at < 0) return [];
    if (take !== null && take < 0) return items.slice(Math.max(0, at + take), at);
    start = at + 1;
  } else if (take !== null && take < 0) {
    return items.slice(Math.max(0, items.length + take));
  }
  if (take === null) return items.slice(start);
  start += Math.max(0, page.pageNumber ?? 0) * take;
  return items.slice(start, start + take);
}

// ---------------------------------------------------------------------------------------------------------------
// Workspaces
// ---------------------------------------------------------------------------------------------------------------

/**
 * The workspaces a caller belongs to: those on which the caller, or a team the caller is in, holds a role binding.
 * A workspace service account belongs to its own workspace. Houston lists only memberships here, also for system
 * administrators (who see every workspace through `sysWorkspaces`).
 */
export function workspaces(store: Store, caller: Caller, label?: string | null): Workspace[] {
  const ids = new Set(
    callerBindings(store, caller)
      .map((b) => b.workspaceId)
      .filter((id): id is string => id !== null),
  );
  if (caller.kind === 'serviceAccount') {
    const account = store.data.serviceAccounts[caller.serviceAccountId];
    if (account?.entityType === 'WORKSPACE' && account.entityId) ids.add(account.entityId);
  }
  // In the table's order, as a scan of the table would list them.
  return [...ids]
    .map((id) => store.data.workspaces[id])
    .filter((w): w is Workspace => w !== undefined && (label === undefined || label === null || w.label === label))
    .sort((a, b) => positionOf(store, 'workspaces', a.id) - positionOf(store, 'workspaces', b.id));
}

/** Houston's `sysWorkspaces`: every workspace on the platform. */
export function sysWorkspaces(store: Store): Workspace[] {
  return Object.values(store.data.workspaces);
}

/** Houston's `paginatedWorkspaces`: one page of the caller's workspaces (the Astro CLI sends `take` and `pageNumber`). */
export function paginatedWorkspaces(store: Store, caller: Caller, page: PageArgs): Workspace[] {
  return paginate(workspaces(store, caller), page);
}

export interface CreateWorkspaceArgs {
  label: string;
  description?: string | null;
}

/** Houston's `createWorkspace`: the creator becomes the new workspace's WORKSPACE_ADMIN. */
export function createWorkspace(store: Store, creator: Caller, args: CreateWorkspaceArgs): Workspace {
  const label = (args.label ?? '').trim();
  assert(label, () => errors.missingArgument('label'));
  const at = now(store);
  const workspace: Workspace = {
    id: newId(store),
    label,
    description: args.description ?? null,
    active: true,
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'workspaces', workspace);
  if (creator.kind === 'user') {
    insertRoleBinding(store, { role: 'WORKSPACE_ADMIN', userId: creator.userId, workspaceId: workspace.id });
  } else if (creator.kind === 'serviceAccount') {
    insertRoleBinding(store, {
      role: 'WORKSPACE_ADMIN',
      serviceAccountId: creator.serviceAccountId,
      workspaceId: workspace.id,
    });
  }
  return workspace;
}

/** Houston's `updateWorkspace`: `payload` may change `label` and `description`; other keys are ignored. */
export function updateWorkspace(store: Store, workspaceId: string, payload: Record<string, unknown>): Workspace {
  const workspace = writableRow(store, 'workspaces', requireWorkspace(store, workspaceId));
  if (typeof payload.label === 'string' && payload.label.trim()) workspace.label = payload.label.trim();
  if (typeof payload.description === 'string') workspace.description = payload.description;
  workspace.updatedAt = now(store);
  return workspace;
}

/**
 * Houston's `deleteWorkspace`: refused while the workspace has deployments that are not deleted. The workspace
 * leaves with everything that only made sense inside it: role bindings on it and on its (deleted) deployments, its
 * pending invitations, and its service accounts.
 */
export function deleteWorkspace(store: Store, workspaceId: string): Workspace {
  const workspace = requireWorkspace(store, workspaceId);
  if (liveDeployments(store, workspace.id).length > 0) throw errors.workspaceHasDeployments();
  const deploymentIds = [...(derived(store, deploymentsByWorkspace).get(workspace.id) ?? [])].map((d) => d.id);
  const accountIds = workspaceServiceAccounts(store, workspace.id).map((sa) => sa.id);
  // The bindings to remove, found through the views (in the table's order, as a scan would find them).
  const bindingsByDeployment = derived(store, bindingsOfDeployment);
  const bindingsByAccount = derived(store, roleBindingsByServiceAccount);
  const bindingIds = new Set([
    ...(derived(store, roleBindingsByWorkspace).get(workspace.id) ?? []),
    ...deploymentIds.flatMap((id) => bindingsByDeployment.get(id) ?? []),
    ...accountIds.flatMap((id) => bindingsByAccount.get(id) ?? []),
  ].map((b) => b.id));
  for (const id of bindingIds) deleteRow(store, 'roleBindings', id);
  const inviteIds = (derived(store, invitesByWorkspace).get(workspace.id) ?? []).map((i) => i.id);
  for (const id of inviteIds) deleteRow(store, 'invites', id);
  for (const id of accountIds) deleteRow(store, 'serviceAccounts', id);
  deleteRow(store, 'workspaces', workspace.id);
  return workspace;
}

/**
 * What the caller may do on a workspace (`Workspace.workspaceCapabilities`). Each flag is true when the mutation
 * behind it would be allowed: through a role on the workspace, or through the system permission that mutation also
 * accepts.
 */
export function workspaceCapabilities(store: Store, caller: Caller, workspaceId: string): Record<string, boolean> {
  const can = (...anyOf: string[]) => anyOf.some((p) => hasPermission(store, caller, p, { workspaceId }));
  return {
    canUpdateBilling: can('workspace.billing.update'),
    canUpdateIAM: can('workspace.iam.update', 'system.iam.update'),
    canUpdateWorkspace: can('workspace.config.update', 'system.workspace.update'),
    canDeleteWorkspace: can('workspace.config.delete', 'system.workspace.delete'),
    canCreateDeployment: can('workspace.deployments.create', 'system.deployments.create'),
    canInviteUser: can('workspace.iam.update', 'system.iam.update'),
    canUpdateUser: can('workspace.iam.update', 'system.iam.update'),
    canDeleteUser: can('workspace.iam.update', 'system.iam.update'),
    canCreateServiceAccount: can('workspace.serviceAccounts.create', 'system.serviceAccounts.create'),
    canUpdateServiceAccount: can('workspace.serviceAccounts.update', 'system.serviceAccounts.update'),
    canDeleteServiceAccount: can('workspace.serviceAccounts.delete', 'system.serviceAccounts.delete'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Workspace users
// ---------------------------------------------------------------------------------------------------------------

/** Users who hold a role binding of their own on the workspace, narrowed by the search criteria. */
export function workspaceUsers(store: Store, workspaceId: string, search?: UserSearch | null): User[] {
  const workspace = requireWorkspace(store, workspaceId);
  const members = new Set(
    workspaceRoleBindings(store, workspace.id)
      .map((b) => b.userId)
      .filter((id): id is string => id !== null),
  );
  return searchUsers(store, search).filter((u) => members.has(u.id));
}

/** Houston's `workspaceUser`: the one workspace member matching the criteria (usually `{ email }`). */
export function workspaceUser(store: Store, workspaceId: string, search: UserSearch | null | undefined): User {
  const user = workspaceUsers(store, workspaceId, search)[0];
  assert(user, errors.notFound);
  return user;
}

/** Houston's `paginatedWorkspaceUsers`: a page of `workspaceUsers`, in the same order. */
export function paginatedWorkspaceUsers(store: Store, workspaceId: string, page: PageArgs): User[] {
  return paginate(workspaceUsers(store, workspaceId), page);
}

export interface DeploymentRoleArg {
  deploymentId?: string | null;
  role?: string | null;
}

export interface WorkspaceAddUserArgs {
  workspaceId: string | null | undefined;
  email: string;
  role: string;
  deploymentRoles?: readonly (DeploymentRoleArg | null)[] | null;
  bypassInvite?: boolean | null;
}

function newInviteToken(store: Store): string {
  return hexString(store.data, 32);
}

/**
 * Houston's `workspaceAddUser`. A registered user gets the role binding at once (plus any `deploymentRoles` on the
 * workspace's deployments); an unknown email gets a pending invitation that turns into the binding when they sign up,
 * or, with `bypassInvite`, an active account right away. Answers the workspace.
 */
export function workspaceAddUser(store: Store, args: WorkspaceAddUserArgs): Workspace {
  const workspace = requireWorkspace(store, args.workspaceId);
  assert(isWorkspaceRole(args.role), errors.invalidRole);
  const role = args.role as RoleName;
  const email = (args.email ?? '').trim().toLowerCase();
  assert(email, () => errors.missingArgument('email'));
  const deploymentRoles = (args.deploymentRoles ?? []).filter((r): r is DeploymentRoleArg => r !== null);
  for (const grant of deploymentRoles) {
    assert(grant.role && isDeploymentRole(grant.role), errors.invalidRole);
    assert(liveDeployment(store, grant.deploymentId)?.workspaceId === workspace.id, errors.notFound);
  }
  let user = findUserByEmail(store, email);
  if (!user) {
    // Someone's username: the invitee could never sign up with it (nor log in by it).
    assert(!identityTaken(store, email), errors.duplicateEmail);
    if (!args.bypassInvite) {
      const pending = Object.values(store.data.invites).some((i) => i.email === email && i.workspaceId === workspace.id);
      assert(!pending, errors.userAlreadyInvited);
      const at = now(store);
      const invite: Invite = {
        id: newId(store),
        email,
        workspaceId: workspace.id,
        role,
        token: newInviteToken(store),
        createdAt: at,
        updatedAt: at,
      };
      insertRow(store, 'invites', invite);
      return workspace;
    }
    // The invitation (and its email confirmation) is skipped: the person is a platform user from now on.
    user = insertUser(store, { email, status: 'active', verified: true });
  }
  const member = user;
  assert(!userBindingOnWorkspace(store, member.id, workspace.id), errors.duplicateRoleBinding);
  insertRoleBinding(store, { role, userId: member.id, workspaceId: workspace.id });
  for (const grant of deploymentRoles) {
    const existing = derived(store, roleBindingsByUser)
      .get(member.id)
      ?.find((b) => b.deploymentId === grant.deploymentId);
    if (existing) {
      const binding = writableRow(store, 'roleBindings', existing);
      binding.role = grant.role as RoleName;
      binding.updatedAt = now(store);
    } else {
      insertRoleBinding(store, { role: grant.role as RoleName, userId: member.id, deploymentId: grant.deploymentId });
    }
  }
  return workspace;
}

/**
 * Houston's `workspaceRemoveUser`: the user loses their role on the workspace and on its deployments. Answers the
 * workspace.
 */
export function workspaceRemoveUser(store: Store, args: { workspaceId: string; userId: string }): Workspace {
  const workspace = requireWorkspace(store, args.workspaceId);
  const binding = userBindingOnWorkspace(store, args.userId, workspace.id);
  assert(binding, errors.missingRoleBinding);
  const deploymentIds = new Set((derived(store, deploymentsByWorkspace).get(workspace.id) ?? []).map((d) => d.id));
  const removed = (derived(store, roleBindingsByUser).get(args.userId) ?? []).filter(
    (b) => b.id === binding.id || (b.deploymentId !== null && deploymentIds.has(b.deploymentId)),
  );
  for (const b of removed) deleteRow(store, 'roleBindings', b.id);
  return workspace;
}

export interface WorkspaceUserRoleArgs {
  workspaceId: string;
  email: string;
  role: string;
}

/**
 * Houston's `workspaceUpdateUserRole`: sets the role of a workspace member, or of a pending invitation to the
 * workspace, found by email. Answers the new role.
 */
export function workspaceUpdateUserRole(store: Store, args: WorkspaceUserRoleArgs): RoleName {
  return setWorkspaceUserRole(store, args, false);
}

/**
 * Houston's `workspaceUpsertUserRole` (the newer name of the same operation): like `workspaceUpdateUserRole`, and a
 * registered user who is not yet a member is added with the role.
 */
export function workspaceUpsertUserRole(store: Store, args: WorkspaceUserRoleArgs): RoleName {
  return setWorkspaceUserRole(store, args, true);
}

function setWorkspaceUserRole(store: Store, args: WorkspaceUserRoleArgs, insertMissing: boolean): RoleName {
  const workspace = requireWorkspace(store, args.workspaceId);
  assert(isWorkspaceRole(args.role), errors.invalidRole);
  const role = args.role as RoleName;
  const email = (args.email ?? '').trim().toLowerCase();
  const user = findUserByEmail(store, email);
  const found = user ? userBindingOnWorkspace(store, user.id, workspace.id) : undefined;
  if (found) {
    const binding = writableRow(store, 'roleBindings', found);
    binding.role = role;
    binding.updatedAt = now(store);
    return role;
  }
  const pending = Object.values(store.data.invites).find((i) => i.email === email && i.workspaceId === workspace.id);
  if (pending) {
    const invite = writableRow(store, 'invites', pending);
    invite.role = role;
    invite.updatedAt = now(store);
    return role;
  }
  assert(user && insertMissing, errors.notFound);
  insertRoleBinding(store, { role, userId: user.id, workspaceId: workspace.id });
  return role;
}

// ---------------------------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------------------------

export interface InviteSearch {
  inviteUuid?: string | null;
  email?: string | null;
}

function matchesInvite(invite: Invite, search: InviteSearch | null | undefined): boolean {
  const email = search?.email?.trim().toLowerCase();
  return (!search?.inviteUuid || invite.id === search.inviteUuid) && (!email || invite.email === email);
}

/** Houston's `invites`: every pending invitation on the platform (to the platform or to a workspace). */
export function invites(store: Store, search?: InviteSearch | null): Invite[] {
  return Object.values(store.data.invites).filter((i) => matchesInvite(i, search));
}

/** Houston's `workspaceInvites`: the pending invitations to one workspace. */
export function workspaceInvites(store: Store, workspaceId: string, search?: InviteSearch | null): Invite[] {
  const workspace = requireWorkspace(store, workspaceId);
  return invites(store, search).filter((i) => i.workspaceId === workspace.id);
}

/**
 * Houston's `inviteUser`: invites someone to the platform (no workspace). Refused for a registered email and for an
 * email that already has an invitation.
 */
export function inviteUser(store: Store, rawEmail: string): Invite {
  const email = (rawEmail ?? '').trim().toLowerCase();
  assert(email, () => errors.missingArgument('email'));
  assert(!identityTaken(store, email), errors.duplicateEmail);
  assert(!Object.values(store.data.invites).some((i) => i.email === email), errors.userAlreadyInvited);
  const at = now(store);
  const invite: Invite = {
    id: newId(store),
    email,
    workspaceId: null,
    // A platform invitation grants no role beyond the one every user holds.
    role: 'USER',
    token: newInviteToken(store),
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'invites', invite);
  return invite;
}

export function getInvite(store: Store, inviteId: string | null | undefined): Invite | undefined {
  return inviteId ? store.data.invites[inviteId] : undefined;
}

/** Houston's `deleteInviteToken`: withdraws a pending invitation; answers it. */
export function deleteInviteToken(store: Store, inviteId: string | null | undefined): Invite {
  const invite = getInvite(store, inviteId);
  assert(invite, errors.notFound);
  deleteRow(store, 'invites', invite.id);
  return invite;
}
