/**
 * What the subscriptions share. Houston pushes subscription data from pollers (Elasticsearch for logs, Prometheus for
 * metrics and status); the emulator does the same over its own store: each live subscription polls the platform
 * and emits what changed.
 */

/**
 * An async iterator fed by polling: `poll()` runs at once (the backlog) and then every `intervalMs` while the
 * consumer waits; it returns new items, or null when the stream is over. `return()` (a client's `stop`, a closed
 * socket) clears the timer at once, so no poll runs after the subscription ends.
 */
export function pollingIterator<T>(poll: () => T[] | null, intervalMs: number): AsyncIterableIterator<T> {
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
