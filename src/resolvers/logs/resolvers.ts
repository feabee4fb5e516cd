import type { Resolvers } from '../context.js';
import { pollingIterator } from '../subscriptions.js';
import * as store from './store.js';

/** How often a live `log` subscription looks for lines the clock has reached (real time; the lines do not depend on it). */
export const LOG_POLL_INTERVAL_MS = 1000;

const LOG_PERMISSIONS = ['deployment.logs.get', 'system.deployments.logs'];

export const resolvers: Resolvers = {
  Query: {
    logs: (_p, args: store.LogsArgs, ctx) => {
      ctx.authorize(LOG_PERMISSIONS, { deploymentId: args.deploymentUuid });
      return store.logs(ctx.store, args);
    },
  },
  Subscription: {
    log: {
      /**
       * The lines since `timestamp`, then every new line as the platform clock passes it. The stream ends when the
       * deployment is deleted. Each message ends with a newline here (not in the `logs` query): the Astro CLI prints
       * streamed messages back to back, but adds its own newline after each queried one.
       */
      subscribe: (_p, args: store.LogsArgs, ctx) => {
        ctx.authorize(LOG_PERMISSIONS, { deploymentId: args.deploymentUuid });
        const deploymentId = store.logDeployment(ctx.store, args.deploymentUuid).id;
        let cursor = store.logsSince(ctx.store, args.timestamp);
        return pollingIterator(() => {
          const deployment = ctx.store.data.deployments[deploymentId];
          if (!deployment || deployment.deletedAt) return null;
          const until = ctx.store.clock.now();
          if (until <= cursor) return [];
          const lines = store.logLinesBetween(deployment, cursor, until, args);
          cursor = until;
          return lines.map((line) => ({ log: { ...line, message: `${line.message}\n` } }));
        }, LOG_POLL_INTERVAL_MS);
      },
    },
  },
};
