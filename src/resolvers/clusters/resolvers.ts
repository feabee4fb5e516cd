import type { Cluster } from '../../store/entities.js';
import type { Resolvers } from '../context.js';
import * as store from './store.js';

/**
 * Clusters (platform 1.0+) and config governance (2.0+). Permissions follow Houston's default config: reading the
 * cluster list needs only a sign-in, everything else `system.clusters.*`; overrides need the scoped
 * `*.deployments.config.*` permission on the workspace or deployment, or its `system.*` alternative.
 */
export const resolvers: Resolvers = {
  Query: {
    paginatedClusters: (_p, args: store.PaginatedClustersArgs, ctx) => {
      ctx.authorize([]);
      return store.paginatedClusters(ctx.store, args);
    },
    cluster: (_p, args: { id: string }, ctx) => {
      ctx.authorize(['system.clusters.get']);
      return store.getCluster(ctx.store, args.id);
    },
    workspaceDeploymentsConfig: (_p, args: { workspaceUuid: string }, ctx) => {
      ctx.authorize(['workspace.deployments.config.get', 'system.workspace.deployments.config.get'], {
        workspaceId: args.workspaceUuid,
      });
      return store.workspaceDeploymentsConfig(ctx.store, args.workspaceUuid);
    },
  },
  Mutation: {
    registerCluster: (_p, args: store.RegisterClusterArgs, ctx) => {
      ctx.authorize(['system.clusters.register']);
      return store.registerCluster(ctx.store, args);
    },
    updateCluster: (_p, args: store.UpdateClusterArgs, ctx) => {
      ctx.authorize(['system.clusters.update']);
      return store.updateCluster(ctx.store, args);
    },
    deregisterCluster: (_p, args: { id: string }, ctx) => {
      ctx.authorize(['system.clusters.deregister']);
      return store.deregisterCluster(ctx.store, args.id);
    },
    reconcileClusterMetadataJob: (_p, args: { id?: string | null }, ctx) => {
      ctx.authorize(['system.clusters.update']);
      return store.reconcileClusterMetadataJob(ctx.store, args.id);
    },
    updateWorkspaceDeploymentsConfig: (_p, args: store.OverrideWrite & { workspaceUuid: string }, ctx) => {
      ctx.authorize(['workspace.deployments.config.update', 'system.workspace.deployments.config.update'], {
        workspaceId: args.workspaceUuid,
      });
      return store.updateWorkspaceDeploymentsConfig(ctx.store, args);
    },
    deleteWorkspaceDeploymentsConfig: (_p, args: { workspaceUuid: string; reason: string }, ctx) => {
      ctx.authorize(['workspace.deployments.config.delete', 'system.workspace.deployments.config.delete'], {
        workspaceId: args.workspaceUuid,
      });
      return store.deleteWorkspaceDeploymentsConfig(ctx.store, args);
    },
    updateDeploymentConfig: (_p, args: store.OverrideWrite & { deploymentUuid: string }, ctx) => {
      ctx.authorize(['deployment.deployments.config.update', 'system.deployment.deployments.config.update'], {
        deploymentId: args.deploymentUuid,
      });
      return store.updateDeploymentConfig(ctx.store, args);
    },
    deleteDeploymentConfig: (_p, args: { deploymentUuid: string; reason: string }, ctx) => {
      ctx.authorize(['deployment.deployments.config.delete', 'system.deployment.deployments.config.delete'], {
        deploymentId: args.deploymentUuid,
      });
      return store.deleteDeploymentConfig(ctx.store, args);
    },
  },
  Cluster: {
    // The schema names the cluster-level override `configOverride`; the mutations' argument is
    // `deploymentsConfigOverride`, so both names answer it.
    configOverride: (cluster: Cluster) => cluster.deploymentsConfigOverride,
    deploymentsConfigOverride: (cluster: Cluster) => cluster.deploymentsConfigOverride,
  },
};
