import { getLiveDeployment } from '../resolvers/deployments/store.js';
import {
  GIT_SYNC_CATEGORIES,
  isGitSyncCategory,
  isRolloutOutcome,
  ROLLOUT_OUTCOMES,
  type GitSyncControl,
  type GitSyncRule,
  type RolloutControl,
  type RolloutOutcome,
  type Simulation,
} from '../store/simulation.js';
import type { Store } from '../store/state.js';
import { ControlError, type ExtraRoute } from './http.js';

/**
 * Scripting the simulated world outside Houston (src/store/simulation.ts): how the next rollout of a deployment ends,
 * and what Git servers answer to `validateGitSyncCredentials`. The factory's `mock.rollouts` / `mock.gitSync` and
 * the control API's `/_mock/deployments/:id/rollout` and `/_mock/git-sync/rules` are both built on this.
 */

function checkedRule(value: unknown): GitSyncRule {
  const rule = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof rule.match !== 'string' || rule.match.trim() === '') {
    throw new ControlError(400, 'BAD_REQUEST', '"match" must be a host (github.com) or a URL prefix (https://git.example.com/team/)');
  }
  if (!isGitSyncCategory(rule.category)) {
    throw new ControlError(400, 'BAD_REQUEST', `"category" must be one of ${GIT_SYNC_CATEGORIES.join(', ')}`);
  }
  if (rule.message !== undefined && typeof rule.message !== 'string') throw new ControlError(400, 'BAD_REQUEST', '"message" must be a string');
  return { match: rule.match.trim(), category: rule.category, ...(typeof rule.message === 'string' ? { message: rule.message } : {}) };
}

export function rolloutControl(store: Store, simulation: Simulation): RolloutControl {
  return {
    next(deploymentId, outcome) {
      if (!isRolloutOutcome(outcome)) {
        throw new ControlError(400, 'BAD_REQUEST', `"outcome" must be one of ${ROLLOUT_OUTCOMES.join(', ')}`);
      }
      const d = getLiveDeployment(store, deploymentId);
      if (!d) throw new ControlError(404, 'NOT_FOUND', `no deployment with id "${deploymentId}"`);
      simulation.nextRollouts.set(d.id, outcome);
      return { id: d.id, releaseName: d.releaseName, nextRollout: outcome };
    },
    pending: () => Object.fromEntries(simulation.nextRollouts),
    clear() {
      const count = simulation.nextRollouts.size;
      simulation.nextRollouts.clear();
      return count;
    },
  };
}

export function gitSyncControl(simulation: Simulation): GitSyncControl {
  return {
    addRule(rule) {
      const checked = checkedRule(rule);
      simulation.gitSyncRules.unshift(checked);
      return { ...checked };
    },
    rules: () => simulation.gitSyncRules.map((r) => ({ ...r })),
    clear() {
      const count = simulation.gitSyncRules.length;
      simulation.gitSyncRules.length = 0;
      return count;
    },
  };
}

/** The control API's endpoints for the simulation. */
export function simulationRoutes(rollouts: RolloutControl, gitSync: GitSyncControl): ExtraRoute {
  return async ({ method, segments, body }) => {
    const [resource, id, action, extra] = segments;
    if (resource === 'deployments' && id && action === 'rollout' && !extra && method === 'POST') {
      const sent = (await body()) as { outcome?: unknown };
      return { body: rollouts.next(id, sent.outcome as RolloutOutcome) };
    }
    if (resource === 'git-sync' && id === 'rules' && !action) {
      if (method === 'GET') return { body: { rules: gitSync.rules() } };
      if (method === 'POST') return { status: 201, body: { rule: gitSync.addRule((await body()) as GitSyncRule) } };
      if (method === 'DELETE') return { body: { removed: gitSync.clear() } };
    }
    return undefined;
  };
}
