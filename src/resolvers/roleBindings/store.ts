import { assert, errors } from '../../core/errors.js';
import type { Deployment, RoleBinding, RoleName, User } from '../../store/entities.js';
import { newId, now, type Store } from '../../store/state.js';
import { findUserByEmail, roleBindingsByUser, users as searchUsers, type UserSearch } from '../users/store.js';
import { derived } from '../../store/lookups.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';

/** Houston tells the scope of a role from its name: `SYSTEM_*`, `WORKSPACE_*`, `DEPLOYMENT_*`. */
export function isSystemRole(role: string): boolean {
  return role.startsWith('SYSTEM_');
}

export function isWorkspaceRole(role: string): boolean {
  return role.startsWith('WORKSPACE_');
}

export function isDeploymentRole(role: string): boolean {
  return role.startsWith('DEPLOYMENT_');
}

export interface NewRoleBinding {
  role: RoleName;
  userId?: string | null;
  serviceAccountId?: string | null;
  teamId?: string | null;
  workspaceId?: string | null;
  deploymentId?: string | null;
}

/** Stores one role binding as given; callers validate first. */
export function insertRoleBinding(store: Store, input: NewRoleBinding): RoleBinding {
  const at = now(store);
  const binding: RoleBinding = {
    id: newId(store),
    role: input.role,
    userId: input.userId ?? null,
    serviceAccountId: input.serviceAccountId ?? null,
    teamId: input.teamId ?? null,
    workspaceId: input.workspaceId ?? null,
    deploymentId: input.deploymentId ?? null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'roleBindings', binding);
  return binding;
}

/** A deployment that still exists for clients: soft-deleted deployments leave every lookup. */
export function liveDeployment(store: Store, deploymentId: string | null | undefined): Deployment | undefined {
  if (!deploymentId) return undefined;
  const deployment = store.data.deployments[deploymentId];
  return deployment && deployment.deletedAt === null ? deployment : undefined;
}

function systemBindingsOf(store: Store, userId: string, role: RoleName): RoleBinding[] {
  return (derived(store, roleBindingsByUser).get(userId) ?? []).filter(
    (b) => b.role === role && b.workspaceId === null && b.deploymentId === null,
  );
}

export interface SystemRoleBindingArgs {
  userId: string;
  role: string;
}

/** Houston's `createSystemRoleBinding`: grants a `SYSTEM_*` role to a user, once. */
export function createSystemRoleBinding(store: Store, args: SystemRoleBindingArgs): RoleBinding {
  assert(isSystemRole(args.role), errors.invalidRole);
  const role = args.role as RoleName;
  assert(store.data.users[args.userId], errors.notFound);
  assert(systemBindingsOf(store, args.userId, role).length === 0, errors.duplicateRoleBinding);
  return insertRoleBinding(store, { role, userId: args.userId });
}

/**
 * Houston's `deleteSystemRoleBinding`: takes a `SYSTEM_*` role away from a user. Like Houston, the platform keeps at
 * least one SYSTEM_ADMIN binding: the last one (whoever or whatever holds it) cannot be removed.
 */
export function deleteSystemRoleBinding(store: Store, args: SystemRoleBindingArgs): RoleBinding {
  assert(isSystemRole(args.role), errors.invalidRole);
  const role = args.role as RoleName;
  const binding = systemBindingsOf(store, args.userId, role)[0];
  assert(binding, errors.missingRoleBinding);
  if (role === 'SYSTEM_ADMIN') {
    const admins = Object.values(store.data.roleBindings).filter(
      (b) => b.role === 'SYSTEM_ADMIN' && b.workspaceId === null && b.deploymentId === null,
    );
    if (admins.length < 2) throw errors.lastSystemAdmin();
  }
  deleteRow(store, 'roleBindings', binding.id);
  return binding;
}

function requireLiveDeployment(store: Store, deploymentId: string): Deployment {
  const deployment = liveDeployment(store, deploymentId);
  assert(deployment, errors.notFound);
  return deployment;
}

/**
 * The user a deployment user-role mutation names: by `userId` when one is sent (the Astro CLI never sends it), else
 * by email.
 */
function requireUser(store: Store, args: { userId?: string | null; email?: string | null }): User {
  const user = args.userId ? store.data.users[args.userId] : args.email ? findUserByEmail(store, args.email) : undefined;
  assert(user, errors.notFound);
  return user;
}

function userBindingOnDeployment(store: Store, userId: string, deploymentId: string): RoleBinding | undefined {
  return derived(store, roleBindingsByUser).get(userId)?.find((b) => b.deploymentId === deploymentId);
}

export interface DeploymentUserRoleArgs {
  deploymentId: string;
  email?: string | null;
  userId?: string | null;
  role?: string | null;
}

/** Houston's `deploymentAddUserRole`: gives an existing user a `DEPLOYMENT_*` role on a deployment. */
export function deploymentAddUserRole(store: Store, args: DeploymentUserRoleArgs): RoleBinding {
  const deployment = requireLiveDeployment(store, args.deploymentId);
  assert(args.role && isDeploymentRole(args.role), errors.invalidRole);
  const user = requireUser(store, args);
  assert(!userBindingOnDeployment(store, user.id, deployment.id), errors.duplicateRoleBinding);
  return insertRoleBinding(store, { role: args.role as RoleName, userId: user.id, deploymentId: deployment.id });
}

/** Houston's `deploymentUpdateUserRole`: changes the role a user holds on a deployment. */
export function deploymentUpdateUserRole(store: Store, args: DeploymentUserRoleArgs): RoleBinding {
  const deployment = requireLiveDeployment(store, args.deploymentId);
  assert(args.role && isDeploymentRole(args.role), errors.invalidRole);
  const user = requireUser(store, args);
  const found = userBindingOnDeployment(store, user.id, deployment.id);
  assert(found, errors.missingRoleBinding);
  const binding = writableRow(store, 'roleBindings', found);
  binding.role = args.role as RoleName;
  binding.updatedAt = now(store);
  return binding;
}

/** Houston's `deploymentRemoveUserRole`: takes a user's role on a deployment away; answers the removed binding. */
export function deploymentRemoveUserRole(store: Store, args: DeploymentUserRoleArgs): RoleBinding {
  const deployment = requireLiveDeployment(store, args.deploymentId);
  const user = requireUser(store, args);
  const binding = userBindingOnDeployment(store, user.id, deployment.id);
  assert(binding, errors.missingRoleBinding);
  deleteRow(store, 'roleBindings', binding.id);
  return binding;
}

/**
 * Houston's `deploymentUsers`: users who hold a role on the deployment itself or on its workspace (a workspace role
 * counts on every deployment of the workspace), narrowed by the search criteria. Empty criteria (the Astro CLI sends
 * `""` for those it has no value for) are ignored.
 */
export function deploymentUsers(store: Store, args: { deploymentId: string; user?: UserSearch | null }): User[] {
  const deployment = requireLiveDeployment(store, args.deploymentId);
  const withAccess = new Set(
    Object.values(store.data.roleBindings)
      .filter((b) => b.userId !== null && (b.deploymentId === deployment.id || b.workspaceId === deployment.workspaceId))
      .map((b) => b.userId),
  );
  return searchUsers(store, args.user).filter((u) => withAccess.has(u.id));
}
