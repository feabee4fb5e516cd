/**
 * The world outside Houston that the emulator simulates: how long a deployment's rollout takes on Kubernetes and how
 * it ends, and what Git servers answer to a credentials check. Tests and demos script it through the control API
 * (`/_mock/…`) and the factory. It is not platform data: snapshots and state files do not hold it; like injected
 * faults, `reset()` clears what was scripted.
 */

/** How the next rollout of a deployment ends: healthy after the rollout time, unhealthy after it, or never. */
export const ROLLOUT_OUTCOMES = ['succeed', 'fail', 'hang'] as const;
export type RolloutOutcome = (typeof ROLLOUT_OUTCOMES)[number];

/** The categories `validateGitSyncCredentials` answers. */
export const GIT_SYNC_CATEGORIES = ['OK', 'AUTH_FAILED', 'UNREACHABLE', 'TLS_ERROR', 'INVALID_URL', 'TIMEOUT', 'NOT_FOUND'] as const;
export type GitSyncCategory = (typeof GIT_SYNC_CATEGORIES)[number];

/**
 * A scripted answer for repositories: `match` is a host (`github.com`, any port and path) or a URL prefix
 * (`https://git.example.com/team/`); `message` replaces the default text.
 */
export interface GitSyncRule {
  match: string;
  category: GitSyncCategory;
  message?: string;
}

export interface Simulation {
  /** Milliseconds a rollout takes on the platform clock (`houstonMock.rolloutTime`). */
  rolloutTime: number;
  /** The outcome of the next rollout of each deployment that has one scripted, by deployment id. */
  readonly nextRollouts: Map<string, RolloutOutcome>;
  /** Git-sync rules, newest first: the first that matches a repository answers for it. */
  readonly gitSyncRules: GitSyncRule[];
}

/** Scripting rollouts (the factory's `mock.rollouts`; src/control/simulation.ts implements it). */
export interface RolloutControl {
  /** Makes the next rollout of a deployment end this way (`succeed`, `fail`: UNHEALTHY, `hang`: DEPLOYING forever). */
  next(deploymentId: string, outcome: RolloutOutcome): { id: string; releaseName: string; nextRollout: RolloutOutcome };
  /** The scripted outcomes not used yet, by deployment id. */
  pending(): Record<string, RolloutOutcome>;
  /** Forgets every scripted outcome; answers how many there were. */
  clear(): number;
}

export interface GitSyncControl {
  /** Adds a rule (newest first wins): `{ match: 'github.com' | 'https://host/path-prefix', category, message? }`. */
  addRule(rule: GitSyncRule): GitSyncRule;
  rules(): GitSyncRule[];
  /** Removes every rule (every repository answers OK again); answers how many there were. */
  clear(): number;
}

export function createSimulation(rolloutTime: number): Simulation {
  return { rolloutTime, nextRollouts: new Map(), gitSyncRules: [] };
}

export function isRolloutOutcome(value: unknown): value is RolloutOutcome {
  return (ROLLOUT_OUTCOMES as readonly unknown[]).includes(value);
}

export function isGitSyncCategory(value: unknown): value is GitSyncCategory {
  return (GIT_SYNC_CATEGORIES as readonly unknown[]).includes(value);
}
