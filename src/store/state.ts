import type {
  Cluster,
  Deployment,
  DeployRevision,
  Invite,
  RoleBinding,
  ServiceAccount,
  Team,
  User,
  Workspace,
} from './entities.js';
import type { Clock } from '../core/clock.js';
import type { Simulation } from './simulation.js';
import type { HoustonConfig } from '../config/config.js';
import { isoAt } from '../core/clock.js';
import { cuid, seedToRng } from '../core/random.js';
import { checkRecords } from './validate.js';

/** Bumped when the shape of PlatformData changes, so an old state file is refused rather than misread. */
export const STATE_FORMAT = 'houston-mock/platform@1';

/**
 * Everything the emulated platform knows: plain data, no functions, no classes. Tables are keyed by id.
 * `rng` is the seeded generator's state: it lives here so that a snapshot or reset also rewinds randomness.
 */
export interface PlatformData {
  format: typeof STATE_FORMAT;
  rng: number;
  users: Record<string, User>;
  workspaces: Record<string, Workspace>;
  deployments: Record<string, Deployment>;
  roleBindings: Record<string, RoleBinding>;
  serviceAccounts: Record<string, ServiceAccount>;
  teams: Record<string, Team>;
  invites: Record<string, Invite>;
  clusters: Record<string, Cluster>;
  deployRevisions: Record<string, DeployRevision>;
}

/**
 * What every store operation receives: the data, the clock and the effective configuration. Store operations are
 * plain functions `(store, args) => result` named after the Houston operation they back; they never import graphql.
 */
export interface Store {
  data: PlatformData;
  clock: Clock;
  config: HoustonConfig;
  /**
   * The simulated world outside Houston (rollout times and outcomes, Git servers). Absent while the seed writes its
   * history: seeded deployments are not rolled out, their health is set directly.
   */
  simulation?: Simulation;
}

export function emptyPlatform(seed: number): PlatformData {
  return {
    format: STATE_FORMAT,
    rng: seedToRng(seed),
    users: {},
    workspaces: {},
    deployments: {},
    roleBindings: {},
    serviceAccounts: {},
    teams: {},
    invites: {},
    clusters: {},
    deployRevisions: {},
  };
}

/** The current instant as Houston writes it (RFC 3339, UTC, milliseconds). */
export function now(store: Store): string {
  return isoAt(store.clock.now());
}

export function newId(store: Store): string {
  return cuid(store.data);
}

/** A deep copy of the data, for snapshots and forks. */
export function cloneData(data: PlatformData): PlatformData {
  return structuredClone(data);
}

/** The platform's tables, in a stable order. */
export const TABLE_NAMES = [
  'users',
  'workspaces',
  'deployments',
  'roleBindings',
  'serviceAccounts',
  'teams',
  'invites',
  'clusters',
  'deployRevisions',
] as const satisfies readonly (keyof PlatformData)[];

/**
 * Checks that a value (a fixture, a state file's JSON) is a houston-mock platform of this format, and returns it
 * typed. Throws an Error whose message says what is wrong: the envelope, the tables, and each record's field types
 * (src/store/validate.ts).
 */
export function parsePlatformData(value: unknown): PlatformData {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a houston-mock platform: expected a JSON object');
  const candidate = value as Record<string, unknown>;
  if (candidate.format !== STATE_FORMAT) {
    const found = typeof candidate.format === 'string' ? `"${candidate.format}"` : 'none';
    throw new Error(`not a houston-mock platform of format "${STATE_FORMAT}" (format: ${found})`);
  }
  if (typeof candidate.rng !== 'number' || !Number.isInteger(candidate.rng)) throw new Error('not a valid houston-mock platform: "rng" must be an integer');
  for (const table of TABLE_NAMES) {
    const rows = candidate[table];
    if (rows === null || typeof rows !== 'object' || Array.isArray(rows)) {
      throw new Error(`not a valid houston-mock platform: "${table}" must be an object keyed by id`);
    }
  }
  checkRecords(candidate as Record<string, Record<string, unknown>>);
  return value as PlatformData;
}
