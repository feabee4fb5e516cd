import type { Resolvers } from '../context.js';
import * as store from './store.js';

/** How often a live `log` subscription looks for lines the clock has reached (real time; the lines do not depend on it). */
export const LOG_POLL_INTERVAL_MS = 1000;

const LOG_PERMISSIONS = ['deployment.logs.get', 'system.deployments.logs'];

/**
 * An async iterator fed by polling: `poll()` runs at once (the backlog) and then every `intervalMs` while the
 * consumer waits; it returns new items, or null when the stream is over. `return()` (a client's `stop`, a closed
 * socket) clears the timer at once, so no poll runs after the subscription ends.
 */
function pollingIterator<T>(poll: () => T[] | null, intervalMs: number): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let finished = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting: ((result: IteratorResult<T>) => void) | undefined;

  const fill = () => {
    if (finished) return;
    const batch = poll();
    if (batch === null) finished = true;
    else queue.push(...batch);
  };
  const done = (): IteratorResult<T> => ({ value: undefined, done: true });
  const stop = (): Promise<IteratorResult<T>> => {
    finished = true;
    queue.length = 0;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const resolve = waiting;
    waiting = undefined;
    resolve?.(done());
    return Promise.resolve(done());
  };

  fill();
  return {
    next() {
      const item = queue.shift();
      if (item !== undefined) return Promise.resolve({ value: item, done: false });
      if (finished) return Promise.resolve(done());
      return new Promise<IteratorResult<T>>((resolve) => {
        waiting = resolve;
        const tick = () => {
          timer = undefined;
          fill();
          const next = queue.shift();
          if (next !== undefined || finished) {
            waiting = undefined;
            resolve(next !== undefined ? { value: next, done: false } : done());
          } else {
            timer = setTimeout(tick, intervalMs);
            timer.unref?.();
          }
        };
        timer = setTimeout(tick, intervalMs);
        timer.unref?.();
      });
    },
    return: stop,
    throw(error: unknown) {
      void stop();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

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
