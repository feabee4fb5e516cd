import { assert, errors } from '../../core/errors.js';
import type { Resolvers } from '../context.js';
import { pollingIterator } from '../subscriptions.js';
import * as store from './store.js';

/**
 * How often a live `metrics` or `deploymentStatus` subscription looks at the platform (real time). Houston polls
 * Prometheus every 30 s (metrics) and 60 s (status); the emulator looks every second, since nothing is queried, so
 * a test that moves the clock or changes a deployment sees the result at once.
 */
export const METRICS_POLL_INTERVAL_MS = 1000;

const METRICS_PERMISSIONS = ['deployment.metrics.get', 'system.deployments.metrics'];
/**
 * Houston 0.16 asked only for a signed-in caller here; later role definitions carry `deployment.status.get` and
 * `system.deployments.status`, which the emulator checks, as for every other read of a deployment.
 */
const STATUS_PERMISSIONS = ['deployment.status.get', 'system.deployments.status'];

export const resolvers: Resolvers = {
  Subscription: {
    metrics: {
      /**
       * Every metric of the asked families over the last `since` minutes, then again each time the platform clock
       * enters a new `step`: one emission per step, however far the clock jumped. Ends when the deployment is deleted.
       */
      subscribe: (_p, args: store.MetricsArgs, ctx) => {
        ctx.authorize(METRICS_PERMISSIONS, { deploymentId: args.deploymentUuid });
        const deploymentId = store.metricsDeployment(ctx.store, args.deploymentUuid).id;
        const { step } = store.metricsResolution(args);
        let emitted: number | undefined;
        return pollingIterator(() => {
          const deployment = ctx.store.data.deployments[deploymentId];
          if (!deployment || deployment.deletedAt) return null;
          const bucket = store.stepBucket(ctx.store, step);
          if (bucket === emitted) return [];
          emitted = bucket;
          return [{ metrics: store.metrics(ctx.store, deployment, args) }];
        }, METRICS_POLL_INTERVAL_MS);
      },
    },
    deploymentStatus: {
      /** The deployment's status at once, then each change; ends when the deployment is deleted. */
      subscribe: (_p, args: { releaseName?: string | null }, ctx) => {
        const found = store.statusDeployment(ctx.store, args.releaseName);
        // Checked before the lookup answers, so that only callers who could see the deployment learn it is missing.
        ctx.authorize(STATUS_PERMISSIONS, { deploymentId: found?.id });
        assert(found, errors.notFound);
        const deploymentId = found.id;
        let emitted: string | undefined;
        return pollingIterator(() => {
          const deployment = ctx.store.data.deployments[deploymentId];
          if (!deployment || deployment.deletedAt) return null;
          const current = store.deploymentStatus(ctx.store, deployment);
          if (current.status === emitted) return [];
          emitted = current.status;
          return [{ deploymentStatus: current }];
        }, METRICS_POLL_INTERVAL_MS);
      },
    },
  },
};
