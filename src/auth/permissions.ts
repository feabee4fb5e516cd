import type { RoleDefinition } from '../config/config.js';
import type { RoleBinding, RoleName } from '../store/entities.js';
import type { PlatformData, Store } from '../store/state.js';
import type { TokenPayload } from './tokens.js';
import { errors } from '../core/errors.js';
import { derived, groupedView } from '../store/lookups.js';
import { roleBindingsByServiceAccount } from '../resolvers/serviceAccounts/store.js';
import { roleBindingsByUser, teamsByUser } from '../resolvers/users/store.js';

/** Who is calling: resolved once per request from the `authorization` header. */
export type Caller =
  | { kind: 'anonymous'; reason: 'none' | 'expired' | 'invalid' }
  | { kind: 'user'; userId: string; token: { value: string; payload: TokenPayload } }
  | { kind: 'serviceAccount'; serviceAccountId: string };

/** The entity a workspace- or deployment-scoped permission is checked on. */
export interface EntityRef {
  workspaceId?: string | null | undefined;
  deploymentId?: string | null | undefined;
  /**
   * Judge a soft-deleted deployment by the bindings that applied to it before its deletion, except those of its own
   * service accounts, whose keys go with it. Only a lookup that then answers "no such deployment" asks for this
   * (whoever could read it learns it is gone); otherwise a deleted deployment grants nothing.
   */
  includeDeleted?: boolean;
}

const expanded = new WeakMap<Record<string, RoleDefinition>, Map<string, ReadonlySet<string>>>();

/** Every permission a role carries, its `includes` followed. */
export function rolePermissions(roles: Record<string, RoleDefinition>, role: string): ReadonlySet<string> {
  let cache = expanded.get(roles);
  if (!cache) {
    cache = new Map();
    expanded.set(roles, cache);
  }
  const known = cache.get(role);
  if (known) return known;
  const out = new Set<string>();
  const visit = (name: string, seen: Set<string>) => {
    const def = roles[name];
    if (!def || seen.has(name)) return;
    seen.add(name);
    for (const p of def.permissions) out.add(p);
    for (const inc of def.includes ?? []) visit(inc, seen);
  };
  visit(role, new Set());
  cache.set(role, out);
  return out;
}

/** The bindings each team holds (a user's and a service account's are grouped by their own domains). */
const bindingsByTeam = groupedView('roleBindingsByTeam', 'roleBindings', (b) => b.teamId);

/**
 * Role bindings that apply to the caller: their own, then for users those of the teams they belong to. Read from
 * views kept until the bindings or teams change, so neither a list answer that checks a permission per item nor a
 * large platform scans every binding at each check.
 */
export function callerBindings(store: Store, caller: Caller): RoleBinding[] {
  if (caller.kind === 'anonymous') return [];
  if (caller.kind === 'serviceAccount') return derived(store, roleBindingsByServiceAccount).get(caller.serviceAccountId) ?? [];
  const own = derived(store, roleBindingsByUser).get(caller.userId) ?? [];
  const teams = derived(store, teamsByUser).get(caller.userId) ?? [];
  if (teams.length === 0) return own;
  const ofTeams = derived(store, bindingsByTeam);
  return [...new Set([...own, ...teams.flatMap((team) => ofTeams.get(team.id) ?? [])])];
}

/** A workspace role counts on the workspace's deployments as the matching deployment role. */
const WORKSPACE_TO_DEPLOYMENT_ROLE: Partial<Record<RoleName, RoleName>> = {
  WORKSPACE_ADMIN: 'DEPLOYMENT_ADMIN',
  WORKSPACE_EDITOR: 'DEPLOYMENT_EDITOR',
  WORKSPACE_VIEWER: 'DEPLOYMENT_VIEWER',
};

/** Whether the caller is a service account attached to that deployment. */
function isOwnServiceAccount(store: Store, caller: Caller, deploymentId: string): boolean {
  if (caller.kind !== 'serviceAccount') return false;
  const account = store.data.serviceAccounts[caller.serviceAccountId];
  return account?.entityType === 'DEPLOYMENT' && account.entityId === deploymentId;
}

/**
 * Does the caller hold `permission`? Houston's rule: a `system.*` permission passes through any of the caller's
 * bindings (and every user holds the USER role); any other permission needs a binding on the entity named by the
 * request, a workspace binding also counting on that workspace's deployments.
 */
export function hasPermission(store: Store, caller: Caller, permission: string, entity: EntityRef = {}): boolean {
  if (caller.kind === 'anonymous') return false;
  const roles = store.config.roles;
  const carries = (role: string) => rolePermissions(roles, role).has(permission);
  const bindings = callerBindings(store, caller);
  if (permission.startsWith('system.')) {
    return (caller.kind === 'user' && carries('USER')) || bindings.some((b) => carries(b.role));
  }
  const deployment = entity.deploymentId ? store.data.deployments[entity.deploymentId] : undefined;
  // A soft-deleted deployment grants nothing, unless the lookup asks to judge it as it was (see EntityRef).
  const asItWas =
    entity.includeDeleted === true && deployment !== undefined && !isOwnServiceAccount(store, caller, deployment.id);
  const scopedDeployment = deployment && (!deployment.deletedAt || asItWas) ? deployment : undefined;
  const workspaceId = entity.workspaceId ?? scopedDeployment?.workspaceId ?? null;
  if (permission.startsWith('workspace.')) {
    return workspaceId !== null && bindings.some((b) => b.workspaceId === workspaceId && carries(b.role));
  }
  if (permission.startsWith('deployment.')) {
    if (!scopedDeployment) return false;
    return bindings.some((b) => {
      if (b.deploymentId === scopedDeployment.id) return carries(b.role);
      const asDeploymentRole = WORKSPACE_TO_DEPLOYMENT_ROLE[b.role];
      return b.workspaceId === scopedDeployment.workspaceId && asDeploymentRole !== undefined && carries(asDeploymentRole);
    });
  }
  return false;
}

/**
 * Throws Houston's permission error unless the caller is signed in and, when permissions are listed, holds at
 * least one of them (Houston's fields list a scoped permission and its `system.*` alternative, either passes).
 */
export function authorize(store: Store, caller: Caller, anyOf: readonly string[], entity: EntityRef = {}): void {
  if (caller.kind === 'anonymous') throw errors.forbidden();
  if (anyOf.length === 0) return;
  if (!anyOf.some((p) => hasPermission(store, caller, p, entity))) throw errors.forbidden();
}
