import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/config.js';
import { frozenClock } from '../core/clock.js';
import type { Deployment, RoleBinding, RoleName } from '../store/entities.js';
import { platformChanged } from '../store/lookups.js';
import { emptyPlatform, type Store } from '../store/state.js';
import { authorize, hasPermission, rolePermissions, type Caller } from './permissions.js';

const AT = '2024-06-01T12:00:00.000Z';

function platform(): Store {
  const store: Store = { data: emptyPlatform(1), clock: frozenClock(), config: resolveConfig({}).houston };
  store.data.workspaces.w1 = { id: 'w1', label: 'one', description: null, active: true, deploymentsConfig: null, deploymentsConfigDeletedAt: null, createdAt: AT, updatedAt: AT };
  store.data.workspaces.w2 = { ...store.data.workspaces.w1, id: 'w2', label: 'two' };
  store.data.deployments.d1 = { id: 'd1', workspaceId: 'w1', deletedAt: null } as Deployment;
  store.data.deployments.d2 = { id: 'd2', workspaceId: 'w2', deletedAt: null } as Deployment;
  return store;
}

function bind(store: Store, role: RoleName, scope: { workspaceId?: string; deploymentId?: string; userId?: string; teamId?: string; serviceAccountId?: string }): void {
  const id = `b${Object.keys(store.data.roleBindings).length}`;
  const binding: RoleBinding = {
    id,
    role,
    userId: scope.userId ?? null,
    serviceAccountId: scope.serviceAccountId ?? null,
    teamId: scope.teamId ?? null,
    workspaceId: scope.workspaceId ?? null,
    deploymentId: scope.deploymentId ?? null,
    createdAt: AT,
    updatedAt: AT,
  };
  store.data.roleBindings[id] = binding;
  platformChanged(store.data);
}

const user = (userId: string): Caller => ({ kind: 'user', userId, token: { value: 't', payload: { uuid: userId, iat: 0, exp: 1 } } });

describe('role permissions', () => {
  it('builds each role from the roles it includes', () => {
    const roles = resolveConfig({}).houston.roles;
    expect(rolePermissions(roles, 'WORKSPACE_ADMIN').has('workspace.config.get')).toBe(true);
    expect(rolePermissions(roles, 'SYSTEM_ADMIN').has('deployment.userRoles.update')).toBe(true);
    expect(rolePermissions(roles, 'WORKSPACE_VIEWER').has('workspace.config.update')).toBe(false);
  });
});

describe('hasPermission', () => {
  it('gives every signed-in user the USER role\'s system permissions', () => {
    expect(hasPermission(platform(), user('u'), 'system.workspace.create')).toBe(true);
  });

  it('grants a system permission through a system role binding', () => {
    const store = platform();
    bind(store, 'SYSTEM_VIEWER', { userId: 'u' });
    expect(hasPermission(store, user('u'), 'system.users.get')).toBe(true);
    expect(hasPermission(store, user('u'), 'system.iam.update')).toBe(false);
  });

  it('grants a workspace permission only on the workspace the binding names', () => {
    const store = platform();
    bind(store, 'WORKSPACE_EDITOR', { userId: 'u', workspaceId: 'w1' });
    expect(hasPermission(store, user('u'), 'workspace.deployments.create', { workspaceId: 'w1' })).toBe(true);
    expect(hasPermission(store, user('u'), 'workspace.deployments.create', { workspaceId: 'w2' })).toBe(false);
  });

  it('lets a workspace role count on the workspace\'s deployments as the matching deployment role', () => {
    const store = platform();
    bind(store, 'WORKSPACE_VIEWER', { userId: 'u', workspaceId: 'w1' });
    expect(hasPermission(store, user('u'), 'deployment.config.get', { deploymentId: 'd1' })).toBe(true);
    expect(hasPermission(store, user('u'), 'deployment.config.update', { deploymentId: 'd1' })).toBe(false);
    expect(hasPermission(store, user('u'), 'deployment.config.get', { deploymentId: 'd2' })).toBe(false);
  });

  it('does not let a deployment role reach the workspace', () => {
    const store = platform();
    bind(store, 'DEPLOYMENT_ADMIN', { userId: 'u', deploymentId: 'd1' });
    expect(hasPermission(store, user('u'), 'deployment.config.delete', { deploymentId: 'd1' })).toBe(true);
    expect(hasPermission(store, user('u'), 'workspace.config.get', { workspaceId: 'w1' })).toBe(false);
  });

  it('grants a team\'s bindings to its members', () => {
    const store = platform();
    store.data.teams.t = { id: 't', name: 'data', description: null, provider: 'local', userIds: ['u'], sortId: 1, createdAt: AT, updatedAt: AT };
    bind(store, 'WORKSPACE_ADMIN', { teamId: 't', workspaceId: 'w1' });
    expect(hasPermission(store, user('u'), 'workspace.iam.update', { workspaceId: 'w1' })).toBe(true);
    expect(hasPermission(store, user('other'), 'workspace.iam.update', { workspaceId: 'w1' })).toBe(false);
  });

  it('limits a service account to the entity its binding names', () => {
    const store = platform();
    bind(store, 'DEPLOYMENT_EDITOR', { serviceAccountId: 'sa', deploymentId: 'd1' });
    const sa: Caller = { kind: 'serviceAccount', serviceAccountId: 'sa' };
    expect(hasPermission(store, sa, 'deployment.variables.update', { deploymentId: 'd1' })).toBe(true);
    expect(hasPermission(store, sa, 'deployment.variables.update', { deploymentId: 'd2' })).toBe(false);
    expect(hasPermission(store, sa, 'system.workspace.create')).toBe(false);
  });

  it('ignores bindings on a soft-deleted deployment', () => {
    const store = platform();
    bind(store, 'DEPLOYMENT_ADMIN', { userId: 'u', deploymentId: 'd1' });
    (store.data.deployments.d1 as Deployment).deletedAt = AT;
    expect(hasPermission(store, user('u'), 'deployment.config.get', { deploymentId: 'd1' })).toBe(false);
  });

  it('judges a soft-deleted deployment by the bindings it had when a lookup includes deleted ones', () => {
    const store = platform();
    bind(store, 'WORKSPACE_VIEWER', { userId: 'member', workspaceId: 'w1' });
    bind(store, 'WORKSPACE_VIEWER', { userId: 'outsider', workspaceId: 'w2' });
    (store.data.deployments.d1 as Deployment).deletedAt = AT;
    const entity = { deploymentId: 'd1', includeDeleted: true };
    expect(hasPermission(store, user('member'), 'deployment.config.get', entity)).toBe(true);
    expect(hasPermission(store, user('outsider'), 'deployment.config.get', entity)).toBe(false);
  });

  it('keeps a soft-deleted deployment closed to its own service account even when a lookup includes deleted ones', () => {
    const store = platform();
    store.data.serviceAccounts.sa = {
      id: 'sa',
      label: 'ci',
      category: null,
      apiKey: 'k',
      entityType: 'DEPLOYMENT',
      entityId: 'd1',
      active: true,
      lastUsedAt: null,
      createdAt: AT,
      updatedAt: AT,
    };
    bind(store, 'DEPLOYMENT_ADMIN', { serviceAccountId: 'sa', deploymentId: 'd1' });
    (store.data.deployments.d1 as Deployment).deletedAt = AT;
    const sa: Caller = { kind: 'serviceAccount', serviceAccountId: 'sa' };
    expect(hasPermission(store, sa, 'deployment.config.get', { deploymentId: 'd1', includeDeleted: true })).toBe(false);
  });

  it('reads bindings anew once the platform has changed, so a role change applies to the next request', () => {
    const store = platform();
    bind(store, 'WORKSPACE_ADMIN', { userId: 'u', workspaceId: 'w1' });
    expect(hasPermission(store, user('u'), 'workspace.iam.update', { workspaceId: 'w1' })).toBe(true);
    store.data.roleBindings = {};
    platformChanged(store.data);
    expect(hasPermission(store, user('u'), 'workspace.iam.update', { workspaceId: 'w1' })).toBe(false);
  });
});

describe('authorize', () => {
  it('refuses an anonymous caller with Houston\'s permission error even for fields that need no permission', () => {
    expect(() => authorize(platform(), { kind: 'anonymous', reason: 'none' }, [])).toThrow(
      expect.objectContaining({ message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' }),
    );
  });

  it('passes when any one of the listed permissions is held', () => {
    const store = platform();
    bind(store, 'SYSTEM_VIEWER', { userId: 'u' });
    expect(() => authorize(store, user('u'), ['workspace.config.get', 'system.workspace.get'], { workspaceId: 'w2' })).not.toThrow();
  });
});
