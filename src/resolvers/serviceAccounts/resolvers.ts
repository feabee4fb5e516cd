import { hasPermission, type EntityRef } from '../../auth/permissions.js';
import { errors } from '../../core/errors.js';
import type { EntityType, ServiceAccount } from '../../store/entities.js';
import type { HoustonContext, Resolvers } from '../context.js';
import * as store from './store.js';

/**
 * A service account as a resolver hands it on. `revealApiKey` marks the creation answer, the one answer that always
 * carries the whole key (later reads follow `serviceAccounts.showFor` / `showFirstChars`).
 */
type ServiceAccountView = ServiceAccount & { revealApiKey?: boolean };

type Verb = 'get' | 'create' | 'update' | 'delete';
type Payload = Record<string, unknown> | null;

/** Houston's pair for a level: the scoped permission and its `system.*` alternative (system accounts: system only). */
function permissionsFor(entityType: EntityType, verb: Verb): string[] {
  const scope = store.permissionScope(entityType);
  const system = `system.serviceAccounts.${verb}`;
  return scope === 'system' ? [system] : [`${scope}.serviceAccounts.${verb}`, system];
}

function entityRef(entityType: EntityType, entityId: string | null | undefined): EntityRef {
  if (entityType === 'WORKSPACE') return { workspaceId: entityId };
  if (entityType === 'DEPLOYMENT') return { deploymentId: entityId };
  return {};
}

/** The creation answer: the only one guaranteed to show the whole key. */
function created(account: ServiceAccount): ServiceAccountView {
  return { ...account, revealApiKey: true };
}

/**
 * For the generic (entity-less) fields: the caller must be signed in; an existing account is then checked against
 * the permissions of its own level. An unknown id is left to the store, which answers "not found".
 */
function authorizeOnAccount(ctx: HoustonContext, serviceAccountUuid: string, verb: Verb): void {
  ctx.authorize([]);
  const account = store.getServiceAccount(ctx.store, serviceAccountUuid);
  if (account) ctx.authorize(permissionsFor(account.entityType, verb), entityRef(account.entityType, account.entityId));
}

interface CreateArgs {
  label: string;
  category?: string | null;
  role: string;
}

export const resolvers: Resolvers = {
  Query: {
    workspaceServiceAccounts: (_p, args: { workspaceUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('WORKSPACE', 'get'), { workspaceId: args.workspaceUuid });
      return store.workspaceServiceAccounts(ctx.store, args.workspaceUuid);
    },
    workspaceServiceAccount: (_p, args: { workspaceUuid: string; serviceAccountUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('WORKSPACE', 'get'), { workspaceId: args.workspaceUuid });
      return store.workspaceServiceAccount(ctx.store, args.workspaceUuid, args.serviceAccountUuid);
    },
    deploymentServiceAccounts: (_p, args: { deploymentUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('DEPLOYMENT', 'get'), { deploymentId: args.deploymentUuid });
      return store.deploymentServiceAccounts(ctx.store, args.deploymentUuid);
    },
    deploymentServiceAccount: (_p, args: { deploymentUuid: string; serviceAccountUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('DEPLOYMENT', 'get'), { deploymentId: args.deploymentUuid });
      return store.deploymentServiceAccount(ctx.store, args.deploymentUuid, args.serviceAccountUuid);
    },
    serviceAccounts: (
      _p,
      args: { serviceAccountUuid?: string | null; entityType: EntityType; entityUuid?: string | null },
      ctx,
    ) => {
      ctx.authorize([]);
      // Houston's older list: a system viewer sees every account of the level, anyone else only those of the
      // entities they may read; naming an entity the caller may not read is refused outright.
      const canSee = (entityId: string | null) =>
        permissionsFor(args.entityType, 'get').some((p) =>
          hasPermission(ctx.store, ctx.caller, p, entityRef(args.entityType, entityId)),
        );
      if (args.entityUuid && !canSee(args.entityUuid)) throw errors.forbidden();
      if (args.entityType === 'SYSTEM' && !canSee(null)) throw errors.forbidden();
      return store.serviceAccounts(ctx.store, args, canSee);
    },
  },
  Mutation: {
    createDeploymentServiceAccount: (_p, args: CreateArgs & { deploymentUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('DEPLOYMENT', 'create'), { deploymentId: args.deploymentUuid });
      return created(store.createDeploymentServiceAccount(ctx.store, args));
    },
    createWorkspaceServiceAccount: (_p, args: CreateArgs & { workspaceUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('WORKSPACE', 'create'), { workspaceId: args.workspaceUuid });
      return created(store.createWorkspaceServiceAccount(ctx.store, args));
    },
    createSystemServiceAccount: (_p, args: CreateArgs, ctx) => {
      ctx.authorize(permissionsFor('SYSTEM', 'create'));
      return created(store.createSystemServiceAccount(ctx.store, args));
    },
    createServiceAccount: (_p, args: CreateArgs & { entityType: EntityType; entityUuid?: string | null }, ctx) => {
      ctx.authorize(permissionsFor(args.entityType, 'create'), entityRef(args.entityType, args.entityUuid));
      return created(store.createServiceAccount(ctx.store, args));
    },
    updateServiceAccount: (_p, args: { serviceAccountUuid: string; payload?: Payload }, ctx) => {
      authorizeOnAccount(ctx, args.serviceAccountUuid, 'update');
      return store.updateServiceAccount(ctx.store, args);
    },
    updateWorkspaceServiceAccount: (
      _p,
      args: { serviceAccountUuid: string; workspaceUuid: string; payload?: Payload },
      ctx,
    ) => {
      ctx.authorize(permissionsFor('WORKSPACE', 'update'), { workspaceId: args.workspaceUuid });
      return store.updateWorkspaceServiceAccount(ctx.store, args);
    },
    updateDeploymentServiceAccount: (
      _p,
      args: { serviceAccountUuid: string; deploymentUuid: string; payload?: Payload },
      ctx,
    ) => {
      ctx.authorize(permissionsFor('DEPLOYMENT', 'update'), { deploymentId: args.deploymentUuid });
      return store.updateDeploymentServiceAccount(ctx.store, args);
    },
    deleteServiceAccount: (_p, args: { serviceAccountUuid: string }, ctx) => {
      authorizeOnAccount(ctx, args.serviceAccountUuid, 'delete');
      return store.deleteServiceAccount(ctx.store, args);
    },
    deleteWorkspaceServiceAccount: (_p, args: { serviceAccountUuid: string; workspaceUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('WORKSPACE', 'delete'), { workspaceId: args.workspaceUuid });
      return store.deleteWorkspaceServiceAccount(ctx.store, args);
    },
    deleteDeploymentServiceAccount: (_p, args: { serviceAccountUuid: string; deploymentUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('DEPLOYMENT', 'delete'), { deploymentId: args.deploymentUuid });
      return store.deleteDeploymentServiceAccount(ctx.store, args);
    },
    deleteSystemServiceAccount: (_p, args: { serviceAccountUuid: string }, ctx) => {
      ctx.authorize(permissionsFor('SYSTEM', 'delete'));
      return store.deleteSystemServiceAccount(ctx.store, args);
    },
  },
  ServiceAccount: {
    apiKey: (sa: ServiceAccountView, _a, ctx) => (sa.revealApiKey ? sa.apiKey : store.visibleApiKey(ctx.store, sa)),
    entityType: (sa: ServiceAccount) => sa.entityType,
    entityUuid: (sa: ServiceAccount) => sa.entityId,
    workspaceUuid: (sa: ServiceAccount, _a, ctx) => store.serviceAccountWorkspaceId(ctx.store, sa),
    deploymentUuid: (sa: ServiceAccount) => (sa.entityType === 'DEPLOYMENT' ? sa.entityId : null),
    roleBindings: (sa: ServiceAccount, _a, ctx) => ctx.lookup(store.roleBindingsByServiceAccount).get(sa.id) ?? [],
  },
};
