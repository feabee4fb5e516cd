import type { DeployRevision, Deployment } from '../../store/entities.js';
import type { HoustonContext, Resolvers } from '../context.js';
import * as store from './store.js';

/**
 * Deployments. Permissions are Houston's (open-source 0.16 field permissions, default roles of 0.35+); fields newer
 * than 0.16 use the permission of their closest sibling, listed in docs/DIFFERENCES.md:
 * - reads of one deployment: `deployment.config.get` or `system.deployments.get`;
 * - changes: `deployment.config.update` or `system.deployments.update`; deletes (and unadopting):
 *   `deployment.config.delete` or `system.deployments.delete`;
 * - creating (and adopting) in a workspace: `workspace.deployments.create` or `system.deployments.create`;
 * - upsertDeployment: `workspace.deployments.upsert` to create, `deployment.config.upsert` to update, or
 *   `system.deployments.upsert`;
 * - image updates: `deployment.images.push` or `system.deployments.images.push`;
 * - catalogues, `deploymentConfig`, `availableNamespaces`, `paginatedDeployments` (which lists only what the caller
 *   may see): any signed-in caller.
 */

const READ = ['deployment.config.get', 'system.deployments.get'] as const;
const UPDATE = ['deployment.config.update', 'system.deployments.update'] as const;
const DELETE = ['deployment.config.delete', 'system.deployments.delete'] as const;
const CREATE = ['workspace.deployments.create', 'system.deployments.create'] as const;
const VARIABLES_READ = ['deployment.variables.get', 'system.deployment.variables.get', 'system.deployments.get'] as const;
/** Houston 0.16 asked for the config permissions; its roles also grant the variables-specific ones, accepted too. */
const VARIABLES_UPDATE = [...UPDATE, 'deployment.variables.update', 'system.deployment.variables.update'] as const;

function onDeployment(ctx: HoustonContext, anyOf: readonly string[], deploymentId: string | null | undefined): void {
  ctx.authorize(anyOf, { deploymentId });
}

export const resolvers: Resolvers = {
  Query: {
    deployment: (_p, args: { where: store.DeploymentWhere }, ctx) => {
      ctx.authorize([]);
      const found = store.deployment(ctx.store, args.where);
      if (found) {
        onDeployment(ctx, READ, found.id);
        return found;
      }
      // Null is "no deployment" to the Astro CLI. A soft-deleted deployment answers it to whoever could read it
      // before (members of it or of its workspace, system readers; not its own service accounts' keys); an unknown
      // id answers it to system readers only. Anyone else gets the permission error, as Houston's entity check would.
      const deleted = store.deletedDeployment(ctx.store, args.where);
      ctx.authorize(READ, deleted ? { deploymentId: deleted.id, includeDeleted: true } : { deploymentId: args.where?.id });
      return null;
    },
    deployments: (_p, _a, ctx) => {
      ctx.authorize(['system.deployments.get']);
      return store.deployments(ctx.store);
    },
    workspaceDeployments: (_p, args: { workspaceUuid: string; releaseName?: string | null }, ctx) => {
      ctx.authorize(['workspace.deployments.get', 'system.deployments.get'], { workspaceId: args.workspaceUuid });
      return store.workspaceDeployments(ctx.store, args.workspaceUuid, args.releaseName);
    },
    workspaceDeployment: (_p, args: { workspaceUuid: string; releaseName: string }, ctx) => {
      ctx.authorize(['workspace.deployments.get', 'system.deployments.get'], { workspaceId: args.workspaceUuid });
      return store.workspaceDeployment(ctx.store, args.workspaceUuid, args.releaseName);
    },
    paginatedDeployments: (_p, args: store.PaginatedDeploymentsArgs, ctx) => {
      ctx.authorize([]);
      return store.paginatedDeployments(ctx.store, ctx.caller, args);
    },
    deploymentVariables: (_p, args: { deploymentUuid: string }, ctx) => {
      onDeployment(ctx, VARIABLES_READ, args.deploymentUuid);
      return store.deploymentVariables(ctx.store, args.deploymentUuid);
    },
    deploymentConfig: (_p, args: { workspaceUuid?: string | null; deploymentUuid?: string | null }, ctx) => {
      ctx.authorize([]);
      return store.deploymentConfig(ctx.store, args);
    },
    airflowReleases: (_p, _a, ctx) => {
      ctx.authorize([]);
      return store.airflowReleases();
    },
    airflowRelease: (_p, args: { where: { id?: string | null; tag?: string | null } }, ctx) => {
      ctx.authorize([]);
      return store.airflowRelease(args.where);
    },
    runtimeReleases: (_p, args: { airflowVersion?: string | null; clusterId?: string | null }, ctx) => {
      ctx.authorize([]);
      return store.runtimeReleases(ctx.store, args);
    },
    availableNamespaces: (_p, args: { clusterId?: string | null }, ctx) => {
      ctx.authorize([]);
      return store.availableNamespaces(ctx.store, args);
    },
    paginatedDeployRevisions: (_p, args: store.DeployRevisionPageArgs, ctx) => {
      onDeployment(ctx, ['deployment.deployRevisions.get', 'system.deployRevisions.get'], args.deploymentUuid);
      return store.paginatedDeployRevisions(ctx.store, args);
    },
  },
  Mutation: {
    createDeployment: (_p, args: store.CreateDeploymentArgs, ctx) => {
      ctx.authorize(CREATE, { workspaceId: args.workspaceUuid });
      return store.createDeployment(ctx.store, ctx.caller, args);
    },
    updateDeployment: (_p, args: store.UpdateDeploymentArgs, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.updateDeployment(ctx.store, args);
    },
    upsertDeployment: (_p, args: store.UpsertDeploymentArgs, ctx) => {
      ctx.authorize([]);
      // A disabled mutation is refused before anything else is looked at.
      store.assertUpsertEnabled(ctx.store);
      const target = store.upsertTarget(ctx.store, args);
      if (target.kind === 'create') {
        ctx.authorize(['workspace.deployments.upsert', 'system.deployments.upsert'], { workspaceId: target.workspaceId });
      } else {
        onDeployment(ctx, ['deployment.config.upsert', 'system.deployments.upsert'], target.deployment.id);
      }
      return store.upsertDeployment(ctx.store, ctx.caller, args);
    },
    deleteDeployment: (_p, args: { deploymentUuid: string; deploymentHardDelete?: boolean | null }, ctx) => {
      onDeployment(ctx, DELETE, args.deploymentUuid);
      return store.deleteDeployment(ctx.store, args);
    },
    updateDeploymentVariables: (
      _p,
      args: { deploymentUuid: string; releaseName?: string | null; environmentVariables: (store.VariableInput | null)[] },
      ctx,
    ) => {
      onDeployment(ctx, VARIABLES_UPDATE, args.deploymentUuid);
      return store.updateDeploymentVariables(ctx.store, args);
    },
    updateDeploymentAirflow: (_p, args: { deploymentUuid: string; desiredAirflowVersion: string }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.updateDeploymentAirflow(ctx.store, args);
    },
    updateDeploymentRuntime: (_p, args: { deploymentUuid: string; desiredRuntimeVersion: string }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.updateDeploymentRuntime(ctx.store, args);
    },
    cancelRuntimeUpdate: (_p, args: { deploymentUuid: string }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.cancelRuntimeUpdate(ctx.store, args);
    },
    updateDeploymentImage: (_p, args: store.UpdateDeploymentImageArgs, ctx) => {
      ctx.authorize([]);
      const target = store.deploymentForImageUpdate(ctx.store, args.releaseName);
      onDeployment(ctx, ['deployment.images.push', 'system.deployments.images.push'], target.id);
      return store.updateDeploymentImage(ctx.store, ctx.caller, args);
    },
    upgradeDeployment: (_p, args: { deploymentUuid: string; version?: string | null }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.upgradeDeployment(ctx.store, args);
    },
    updateDeploymentKedaConfig: (_p, args: { deploymentUuid: string; state: boolean }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.updateDeploymentKedaConfig(ctx.store, args);
    },
    deploymentAlertsUpdate: (_p, args: { deploymentUuid: string; alertEmails?: (string | null)[] | null }, ctx) => {
      onDeployment(ctx, UPDATE, args.deploymentUuid);
      return store.deploymentAlertsUpdate(ctx.store, args);
    },
    adoptDeployment: (_p, args: store.AdoptDeploymentArgs, ctx) => {
      ctx.authorize(CREATE, { workspaceId: args.workspaceUuid });
      return store.adoptDeployment(ctx.store, args);
    },
    unadoptDeployment: (_p, args: { deploymentUuid: string }, ctx) => {
      onDeployment(ctx, DELETE, args.deploymentUuid);
      return store.unadoptDeployment(ctx.store, args);
    },
    validateGitSyncCredentials: (
      _p,
      args: store.GitSyncCheckArgs & { deploymentUuid?: string | null; workspaceUuid?: string | null },
      ctx,
    ) => {
      // The ids only name the entity the check is made for: changing a deployment, or creating one in a workspace.
      if (args.deploymentUuid) onDeployment(ctx, UPDATE, args.deploymentUuid);
      else if (args.workspaceUuid) ctx.authorize(CREATE, { workspaceId: args.workspaceUuid });
      else ctx.authorize(['system.deployments.create']);
      return store.validateGitSyncCredentials(ctx.store, args);
    },
  },
  Deployment: {
    workspace: (d: Deployment, _a, ctx) => ctx.store.data.workspaces[d.workspaceId] ?? null,
    urls: (d: Deployment, _a, ctx) => store.deploymentUrls(ctx.store, d),
    environmentVariables: (d: Deployment) => store.maskedVariables(d.environmentVariables),
    upsertedEnvironmentVariables: (d: Deployment) =>
      d.upsertedEnvironmentVariables ? store.maskedVariables(d.upsertedEnvironmentVariables) : null,
    deployInfo: (d: Deployment, _a, ctx) => store.deployInfo(ctx.store, d),
    status: (d: Deployment, _a, ctx) => store.settleRollout(ctx.store, d).status,
    deploymentStatus: (d: Deployment, _a, ctx) => store.deploymentStatus(store.settleRollout(ctx.store, d)),
    dagDeployment: (d: Deployment) => store.dagDeploymentView(d),
    scheduler: (d: Deployment) => store.schedulerView(d),
    webserver: (d: Deployment) => store.webserverView(d),
    workers: (d: Deployment) => store.workersView(d),
    triggerer: (d: Deployment) => store.triggererView(d),
    config: (d: Deployment) => store.configView(d),
    roleBindings: (d: Deployment, _a, ctx) => ctx.lookup(store.roleBindingsByDeployment).get(d.id) ?? [],
    serviceAccounts: (d: Deployment, _a, ctx) => ctx.lookup(store.serviceAccountsByDeployment).get(d.id) ?? [],
    deploymentCapabilities: (d: Deployment, _a, ctx) => store.deploymentCapabilities(ctx.store, ctx.caller, d.id),
  },
  DeployRevision: {
    deploymentUuid: (r: DeployRevision) => r.deploymentId,
    dagTarballVersion: () => null,
    isCurrent: (r: DeployRevision, _a, ctx) => store.isCurrentRevision(ctx.store, r),
  },
};
