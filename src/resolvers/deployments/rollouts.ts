/**
 * Rollouts on the platform clock. Creating, upserting, deploying an image to or upgrading a deployment makes Houston
 * run a Helm upgrade; its monitoring then reports the deployment DEPLOYING until the new pods are ready. The
 * emulator does the same: the deployment is DEPLOYING for `houstonMock.rolloutTime` of platform time, then HEALTHY,
 * or UNHEALTHY (or still DEPLOYING, forever) when the control API or the factory scripted the next rollout to fail
 * (or hang). A frozen clock moves only when advanced, so neither does a rollout.
 *
 * The end is applied when the status is read (`settleRollout`), without writing: the stored record says when the
 * rollout ends, so the answer depends only on the data and the clock.
 */
import { isoAt } from '../../core/clock.js';
import type { Deployment } from '../../store/entities.js';
import type { Store } from '../../store/state.js';

/** Starts a rollout of the deployment (nothing when the store simulates none, as while the seed writes history). */
export function startRollout(store: Store, d: Deployment): void {
  const simulation = store.simulation;
  if (!simulation) return;
  const outcome = simulation.nextRollouts.get(d.id) ?? 'succeed';
  simulation.nextRollouts.delete(d.id);
  const startedAt = store.clock.now();
  d.status = 'DEPLOYING';
  d.rollout = {
    startedAt: isoAt(startedAt),
    endsAt: outcome === 'hang' ? null : isoAt(startedAt + simulation.rolloutTime),
    outcome: outcome === 'fail' ? 'UNHEALTHY' : 'HEALTHY',
  };
}

/**
 * The deployment as the platform sees it now: when its rollout's time has come on the platform clock, a copy with
 * the rollout's outcome as its status. Reading never writes: the stored record keeps the rollout until the next
 * change, and the answer depends only on the data and the clock.
 */
export function settleRollout(store: Store, d: Deployment): Deployment {
  const rollout = d.rollout;
  if (rollout && rollout.endsAt !== null && Date.parse(rollout.endsAt) <= store.clock.now()) {
    return { ...d, status: rollout.outcome, rollout: null };
  }
  return d;
}
