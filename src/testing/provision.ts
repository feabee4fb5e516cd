import type { Caller } from '../auth/permissions.js';
import { createDeployment } from '../resolvers/deployments/store.js';
import { insertRoleBinding, isDeploymentRole, isSystemRole, isWorkspaceRole } from '../resolvers/roleBindings/store.js';
import {
  createDeploymentServiceAccount,
  createSystemServiceAccount,
  createWorkspaceServiceAccount,
} from '../resolvers/serviceAccounts/store.js';
import { addSystemRoleBinding, findUserByEmail, insertUser } from '../resolvers/users/store.js';
import { createWorkspace } from '../resolvers/workspaces/store.js';
import { liveDeployment } from '../resolvers/roleBindings/store.js';
import type { RoleName } from '../store/entities.js';
import type { Store } from '../store/state.js';

/**
 * Test-only provisioning: puts a user or service account holding a given role on the platform, through the same
 * store operations the API uses, so that what a harness client can do is decided by the emulated permission rules.
 */

/** The password of every user the harness provisions, so a test can also log in through `createToken`. */
export const PROVISIONED_PASSWORD = 'houston-mock';

const NOBODY: Caller = { kind: 'anonymous', reason: 'none' };

export interface Scope {
  workspaceId?: string;
  deploymentId?: string;
}

export interface Provisioned {
  workspaceId?: string;
  deploymentId?: string;
}

function uniqueEmail(store: Store, stem: string): string {
  for (let n = 1; ; n++) {
    const email = `${stem}-${n}@houston-mock.test`;
    if (!findUserByEmail(store, email)) return email;
  }
}

function requireWorkspace(store: Store, workspaceId: string): string {
  if (!store.data.workspaces[workspaceId]) throw new Error(`houston-mock/testing: no workspace with id "${workspaceId}"`);
  return workspaceId;
}

function requireDeployment(store: Store, deploymentId: string): string {
  if (!liveDeployment(store, deploymentId)) throw new Error(`houston-mock/testing: no deployment with id "${deploymentId}"`);
  return deploymentId;
}

/** The workspace for a workspace role: the one asked for, or a new one nobody else is bound to. */
function workspaceFor(store: Store, scope: Scope): string {
  if (scope.workspaceId) return requireWorkspace(store, scope.workspaceId);
  const count = Object.keys(store.data.workspaces).length + 1;
  return createWorkspace(store, NOBODY, { label: `Test workspace ${count}`, description: 'Created by houston-mock/testing' }).id;
}

/** The deployment for a deployment role: the one asked for, or a new one in the workspace asked for (or a new one). */
function deploymentFor(store: Store, scope: Scope): { workspaceId: string; deploymentId: string } {
  if (scope.deploymentId) {
    const deploymentId = requireDeployment(store, scope.deploymentId);
    return { workspaceId: store.data.deployments[deploymentId]!.workspaceId, deploymentId };
  }
  const workspaceId = workspaceFor(store, scope);
  const count = Object.keys(store.data.deployments).length + 1;
  const deployment = createDeployment(store, null, { workspaceUuid: workspaceId, label: `Test deployment ${count}` });
  return { workspaceId, deploymentId: deployment.id };
}

/** Any role name Houston knows, or `USER` for a signed-up user with no role at all. */
export type ProvisionRole = RoleName | 'USER';

function checkRole(role: string): asserts role is ProvisionRole {
  if (role !== 'USER' && !isSystemRole(role) && !isWorkspaceRole(role) && !isDeploymentRole(role)) {
    throw new Error(`houston-mock/testing: unknown role "${role}"`);
  }
}

/** A new active user holding `role` (on a workspace or deployment for scoped roles). */
export function provisionUser(store: Store, role: ProvisionRole, scope: Scope = {}, email?: string): { userId: string; email: string } & Provisioned {
  checkRole(role);
  const address = email ?? uniqueEmail(store, role.toLowerCase().replace(/_/g, '-'));
  const user = insertUser(store, { email: address, password: PROVISIONED_PASSWORD, status: 'active', verified: true });
  if (role === 'USER') return { userId: user.id, email: address };
  if (isSystemRole(role)) {
    addSystemRoleBinding(store, user.id, role);
    return { userId: user.id, email: address };
  }
  if (isWorkspaceRole(role)) {
    const workspaceId = workspaceFor(store, scope);
    insertRoleBinding(store, { role, userId: user.id, workspaceId });
    return { userId: user.id, email: address, workspaceId };
  }
  const { workspaceId, deploymentId } = deploymentFor(store, scope);
  insertRoleBinding(store, { role, userId: user.id, deploymentId });
  return { userId: user.id, email: address, workspaceId, deploymentId };
}

/** A new service account holding `role`, at the level the role belongs to; its full API key is returned. */
export function provisionServiceAccount(
  store: Store,
  role: RoleName,
  scope: Scope = {},
): { serviceAccountId: string; apiKey: string } & Provisioned {
  checkRole(role);
  const label = `Test ${role.toLowerCase().replace(/_/g, ' ')} key`;
  if (isSystemRole(role)) {
    const account = createSystemServiceAccount(store, { label, role });
    return { serviceAccountId: account.id, apiKey: account.apiKey };
  }
  if (isWorkspaceRole(role)) {
    const workspaceId = workspaceFor(store, scope);
    const account = createWorkspaceServiceAccount(store, { label, role, workspaceUuid: workspaceId });
    return { serviceAccountId: account.id, apiKey: account.apiKey, workspaceId };
  }
  const { workspaceId, deploymentId } = deploymentFor(store, scope);
  const account = createDeploymentServiceAccount(store, { label, role, deploymentUuid: deploymentId });
  return { serviceAccountId: account.id, apiKey: account.apiKey, workspaceId, deploymentId };
}
