import { assert, errors } from '../../core/errors.js';
import { pick, type RngHolder } from '../../core/random.js';
import type { Cluster, Deployment, DeploymentsConfigChange, Workspace } from '../../store/entities.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';
import { compareVersions } from '../../schema/versions.js';

// ---------------------------------------------------------------------------------------------------------------
// JSON overrides: validation, DELETE_KEY merge, layered deep merge
// ---------------------------------------------------------------------------------------------------------------

type JsonObject = Record<string, unknown>;

/** The string value that removes a key from a stored override instead of setting it. */
export const DELETE_KEY = 'DELETE_KEY';

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Top-level sections of Houston's configuration other than `deployments`. An override holds keys *under*
 * `deployments` (Houston's docs write `{ deploymentLifecycle: { … } }`, not `{ deployments: { … } }`), so one of
 * these names at the top of an override is a platform setting the caller cannot change per cluster, workspace or
 * deployment: refused rather than stored and silently ignored.
 */
const PLATFORM_SECTIONS = new Set([
  'deployments',
  'astronomer',
  'global',
  'webserver',
  'cors',
  'prisma',
  'nats',
  'stan',
  'workers',
  'logging',
  'database',
  'houston',
  'commander',
  'registry',
  'email',
  'smtp',
  'analytics',
  'apollo',
  'ui',
  'elasticsearch',
  'prometheus',
  'helm',
  'auth',
  'jwt',
  'userManagement',
  'serviceAccounts',
  'roles',
  'publicSignups',
  'emailConfirmation',
  'plane',
]);

/**
 * Checks a `deploymentsConfigOverride` argument: a JSON object of `deployments.*` settings. Houston's own check
 * (`strictSchemaCheck`, a JSON schema of every deployments key) is not public; we refuse only what is clearly not a
 * deployments setting. Custom keys are allowed, as Houston's docs allow them on clusters.
 */
export function checkDeploymentsOverride(value: unknown, argument = 'deploymentsConfigOverride'): JsonObject {
  if (!isObject(value)) throw errors.badInput(`${argument} must be a JSON object of deployments.* settings`);
  for (const key of Object.keys(value)) {
    if (key === 'deployments') {
      throw errors.badInput(`${argument} holds the keys under deployments: leave out the "deployments" wrapper`);
    }
    if (PLATFORM_SECTIONS.has(key)) {
      throw errors.badInput(`Only deployments.* settings can be overridden; "${key}" is a platform setting of the Helm values`);
    }
  }
  return value;
}

/**
 * Merges a partial override into a stored one, as Houston's config governance does: objects merge key by key,
 * other values (arrays included) replace, and the string `"DELETE_KEY"` removes the key. Objects left empty are
 * dropped (an empty object changes nothing in the effective config). Neither argument is modified.
 */
export function mergeOverride(stored: JsonObject | null, patch: JsonObject): JsonObject {
  const out: JsonObject = structuredClone(stored ?? {});
  for (const [key, value] of Object.entries(patch)) {
    if (value === DELETE_KEY) {
      delete out[key];
    } else if (isObject(value)) {
      const current = out[key];
      const merged = mergeOverride(isObject(current) ? current : null, value);
      if (Object.keys(merged).length === 0) delete out[key];
      else out[key] = merged;
    } else {
      out[key] = structuredClone(value);
    }
  }
  return out;
}

/** Deep merge of configuration layers: later layers win for every key they set; arrays replace. */
function deepMerge(base: JsonObject, layer: JsonObject | null): JsonObject {
  if (!layer) return base;
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const current = out[key];
    out[key] = isObject(value) && isObject(current) ? deepMerge(current, value) : structuredClone(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Clusters
// ---------------------------------------------------------------------------------------------------------------

/** Kubernetes versions a simulated data plane reports; which one is derived from its base domain. */
const K8S_VERSIONS = ['1.28.13', '1.29.8', '1.30.4'] as const;
const DEFAULT_CLUSTER_K8S_VERSION = '1.29.8';

/** Largest page `paginatedClusters` returns (Houston's `pagination.cluster.maxTake`); also the default page size. */
export const CLUSTER_PAGE_MAX = 101;

/** A small string hash, so values derived from a name never draw on the platform's seeded generator. */
function hashHolder(text: string): RngHolder {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return { rng: h };
}

/**
 * The base domain of a data plane, from its metadata URL: the host name, lower-cased, without a leading
 * `commander.` (the data-plane service that serves `/metadata`). Houston learns it from the metadata itself; with no
 * data plane to ask, we derive it, deterministically.
 */
export function baseDomainFromMetadataUrl(metadataUrl: string): string {
  let url: URL;
  try {
    url = new URL(metadataUrl.trim());
  } catch {
    throw errors.badInput('metadataUrl must be an http or https URL');
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw errors.badInput('metadataUrl must be an http or https URL');
  }
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  return host.startsWith('commander.') && host.split('.').length > 2 ? host.slice('commander.'.length) : host;
}

/**
 * The health the metadata sync finds, without a network: every data plane answers, except one whose metadata host
 * begins with `unreachable` or `unhealthy` (a documented convention for simulating a broken data plane).
 */
function probe(cluster: Pick<Cluster, 'metadataUrl' | 'isDefault'>): 'HEALTHY' | 'UNHEALTHY' | 'UNREACHABLE' {
  if (cluster.isDefault || !cluster.metadataUrl) return 'HEALTHY';
  let host: string;
  try {
    host = new URL(cluster.metadataUrl).hostname.toLowerCase();
  } catch {
    return 'UNREACHABLE';
  }
  if (host.startsWith('unreachable')) return 'UNREACHABLE';
  if (host.startsWith('unhealthy')) return 'UNHEALTHY';
  return 'HEALTHY';
}

/** Writes what a metadata sync learns: health, status (HEALTHY ⇒ ACTIVE, anything else ⇒ INACTIVE) and reason. */
function applyHealth(cluster: Cluster, at: string): void {
  const health = probe(cluster);
  cluster.healthStatus = { status: health, lastCheckedAt: at };
  cluster.status = health === 'HEALTHY' ? 'ACTIVE' : 'INACTIVE';
  cluster.statusReason =
    health === 'HEALTHY'
      ? null
      : {
          message:
            health === 'UNREACHABLE'
              ? `Could not fetch ${cluster.metadataUrl}/metadata`
              : `The data plane reported healthStatus ${health}`,
        };
  cluster.updatedAt = at;
}

export function getCluster(store: Store, id: string): Cluster {
  const cluster = id ? store.data.clusters[id] : undefined;
  assert(cluster, errors.notFound);
  return cluster;
}

/** The platform's default (unified-mode) cluster, if there is one. */
export function defaultCluster(store: Store): Cluster | undefined {
  return Object.values(store.data.clusters).find((c) => c.isDefault);
}

/**
 * The cluster a new deployment may be created on: it must exist and be ACTIVE. For the deployments domain.
 * Houston's text for an INACTIVE cluster here is not public; we reuse its config-update sentence.
 */
export function requireActiveCluster(store: Store, clusterId: string): Cluster {
  const cluster = getCluster(store, clusterId);
  assert(cluster.status === 'ACTIVE', errors.clusterNotActive);
  return cluster;
}

/**
 * houston-api's `populate-default-cluster` (unified mode, platform 1.0+): at start, one default cluster on the
 * platform's own base domain, unless one exists. Does nothing on older platforms, which have no clusters.
 */
export function populateDefaultCluster(store: Store): Cluster | null {
  if (compareVersions(store.config.platformVersion, '1.0.0') < 0) return null;
  const existing = defaultCluster(store);
  if (existing) return existing;
  const at = now(store);
  const cluster: Cluster = {
    id: newId(store),
    name: 'default',
    baseDomain: store.config.baseDomain,
    metadataUrl: null,
    k8sVersion: DEFAULT_CLUSTER_K8S_VERSION,
    status: 'ACTIVE',
    healthStatus: null,
    statusReason: null,
    deploymentsConfigOverride: null,
    isDefault: true,
    createdAt: at,
    updatedAt: at,
  };
  applyHealth(cluster, at);
  insertRow(store, 'clusters', cluster);
  return cluster;
}

export interface PaginatedClustersArgs {
  take?: number | null;
  cursor?: string | null;
  pageNumber?: number | null;
  searchPhrase?: string | null;
  k8sVersion?: string | null;
  id?: string | null;
  sortBy?: string | null;
  sortDirection?: string | null;
}

const CLUSTER_SORT_KEYS = ['name', 'baseDomain', 'k8sVersion', 'status', 'createdAt', 'updatedAt', 'id'] as const;
type ClusterSortKey = (typeof CLUSTER_SORT_KEYS)[number];

export function paginatedClusters(store: Store, args: PaginatedClustersArgs): { clusters: Cluster[]; count: number } {
  const sortBy = (args.sortBy || 'createdAt') as ClusterSortKey;
  if (!CLUSTER_SORT_KEYS.includes(sortBy)) {
    throw errors.badInput(`sortBy must be one of ${CLUSTER_SORT_KEYS.join(', ')}`);
  }
  const direction = (args.sortDirection || 'asc').toLowerCase();
  if (direction !== 'asc' && direction !== 'desc') throw errors.badInput('sortDirection must be asc or desc');
  const take = args.take ?? CLUSTER_PAGE_MAX;
  if (!Number.isInteger(take) || take < 0) throw errors.badInput('take must be zero or a positive whole number');
  const pageNumber = args.pageNumber ?? 0;
  if (!Number.isInteger(pageNumber) || pageNumber < 0) throw errors.badInput('pageNumber must be zero or a positive whole number');

  const phrase = args.searchPhrase?.trim().toLowerCase() ?? '';
  const matching = Object.values(store.data.clusters).filter(
    (c) =>
      (!args.id || c.id === args.id) &&
      (!args.k8sVersion || c.k8sVersion === args.k8sVersion) &&
      (!phrase || [c.name, c.baseDomain, c.id].some((v) => v.toLowerCase().includes(phrase))),
  );
  const sign = direction === 'asc' ? 1 : -1;
  // Stable sort: ties keep registration order.
  matching.sort((a, b) => sign * String(a[sortBy]).localeCompare(String(b[sortBy])));

  let start = Math.min(pageNumber * take, matching.length);
  if (args.cursor) {
    // Prisma-style cursor: the page starts after the given cluster; an unknown cursor gives an empty page.
    const at = matching.findIndex((c) => c.id === args.cursor);
    start = at === -1 ? matching.length : at + 1;
  }
  return { clusters: matching.slice(start, start + Math.min(take, CLUSTER_PAGE_MAX)), count: matching.length };
}

export interface RegisterClusterArgs {
  name: string;
  metadataUrl: string;
  deploymentsConfigOverride?: unknown;
}

export function registerCluster(store: Store, args: RegisterClusterArgs): Cluster {
  const name = args.name.trim();
  if (!name) throw errors.missingArgument('name');
  const baseDomain = baseDomainFromMetadataUrl(args.metadataUrl);
  assert(
    !Object.values(store.data.clusters).some((c) => c.baseDomain.toLowerCase() === baseDomain),
    errors.duplicateClusterBaseDomain,
  );
  const override =
    args.deploymentsConfigOverride === undefined || args.deploymentsConfigOverride === null
      ? null
      : mergeOverride(null, checkDeploymentsOverride(args.deploymentsConfigOverride));
  const at = now(store);
  const cluster: Cluster = {
    id: newId(store),
    name,
    baseDomain,
    metadataUrl: args.metadataUrl.trim().replace(/\/+$/, ''),
    k8sVersion: pick(hashHolder(baseDomain), K8S_VERSIONS),
    status: 'ACTIVE',
    healthStatus: null,
    statusReason: null,
    deploymentsConfigOverride: override && Object.keys(override).length > 0 ? override : null,
    isDefault: false,
    createdAt: at,
    updatedAt: at,
  };
  // Houston fetches the metadata while registering: an unreachable data plane is registered INACTIVE.
  applyHealth(cluster, at);
  insertRow(store, 'clusters', cluster);
  return cluster;
}

export interface UpdateClusterArgs {
  id: string;
  status?: 'ACTIVE' | 'INACTIVE' | null;
  statusReason?: unknown;
  name?: string | null;
  deploymentsConfigOverride?: unknown;
}

/**
 * A status change is always allowed; a name or override change only while the cluster is ACTIVE (judged on the
 * status it has before this call). The override is merged into the stored one (`"DELETE_KEY"` removes a key).
 */
export function updateCluster(store: Store, args: UpdateClusterArgs): Cluster {
  const cluster = writableRow(store, 'clusters', getCluster(store, args.id));
  const changesConfig =
    (args.name !== undefined && args.name !== null) ||
    (args.deploymentsConfigOverride !== undefined && args.deploymentsConfigOverride !== null);
  if (changesConfig) assert(cluster.status === 'ACTIVE', errors.clusterNotActive);
  const name = args.name?.trim();
  if (args.name !== undefined && args.name !== null && !name) throw errors.badInput('name must not be empty');
  if (args.statusReason !== undefined && args.statusReason !== null && !isObject(args.statusReason)) {
    throw errors.badInput('statusReason must be a JSON object');
  }
  const override =
    args.deploymentsConfigOverride === undefined || args.deploymentsConfigOverride === null
      ? undefined
      : mergeOverride(cluster.deploymentsConfigOverride, checkDeploymentsOverride(args.deploymentsConfigOverride));

  if (name) cluster.name = name;
  if (override !== undefined) cluster.deploymentsConfigOverride = Object.keys(override).length > 0 ? override : null;
  if (args.status) {
    // A manual status change without a reason clears the old one: a stale "maintenance" note would mislead.
    if (args.status !== cluster.status && args.statusReason === undefined) cluster.statusReason = null;
    cluster.status = args.status;
  }
  if (args.statusReason !== undefined) cluster.statusReason = (args.statusReason as JsonObject | null) ?? null;
  cluster.updatedAt = now(store);
  return cluster;
}

/** Deployments still on a cluster block its removal (soft-deleted ones do not). */
export function deregisterCluster(store: Store, id: string): Cluster {
  const cluster = getCluster(store, id);
  const inUse = Object.values(store.data.deployments).some((d) => d.clusterId === id && !d.deletedAt);
  assert(!inUse, errors.clusterHasDeployments);
  deleteRow(store, 'clusters', id);
  return cluster;
}

/** Houston's hourly metadata sync, run now for one cluster or all of them. Deterministic: no network. */
export function reconcileClusterMetadataJob(store: Store, id?: string | null): boolean {
  const targets = id ? [getCluster(store, id)] : Object.values(store.data.clusters);
  const at = now(store);
  for (const cluster of targets) applyHealth(writableRow(store, 'clusters', cluster), at);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Config governance (APC 2.0+): workspace and deployment overrides of deployments.*
// ---------------------------------------------------------------------------------------------------------------

/** What the config-governance fields answer (the GraphQL type DeploymentsConfigOverride). */
export interface DeploymentsConfigOverrideView {
  id: string;
  config: JsonObject | null;
  reason: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  deletedAt: string | null;
}

type OverrideHolder = Pick<Workspace | Deployment, 'id' | 'deploymentsConfig' | 'deploymentsConfigDeletedAt' | 'deploymentsConfigChange'>;

function overrideView(holder: OverrideHolder): DeploymentsConfigOverrideView {
  return {
    id: holder.id,
    config: holder.deploymentsConfig,
    reason: holder.deploymentsConfigChange?.reason ?? null,
    createdAt: holder.deploymentsConfigChange?.createdAt ?? null,
    updatedAt: holder.deploymentsConfigChange?.updatedAt ?? null,
    deletedAt: holder.deploymentsConfigDeletedAt,
  };
}

function checkReason(reason: string): string {
  const trimmed = reason.trim();
  if (!trimmed) throw errors.missingArgument('reason');
  return trimmed;
}

function writeOverride(store: Store, holder: OverrideHolder, patch: unknown, reason: string): DeploymentsConfigOverrideView {
  const why = checkReason(reason);
  const merged = mergeOverride(holder.deploymentsConfig, checkDeploymentsOverride(patch));
  const at = now(store);
  const live = holder.deploymentsConfig !== null ? holder.deploymentsConfigChange : null;
  holder.deploymentsConfig = merged;
  holder.deploymentsConfigDeletedAt = null;
  holder.deploymentsConfigChange = { reason: why, createdAt: live?.createdAt ?? at, updatedAt: at } satisfies DeploymentsConfigChange;
  return overrideView(holder);
}

function removeOverride(store: Store, holder: OverrideHolder, reason: string): DeploymentsConfigOverrideView {
  const why = checkReason(reason);
  const at = now(store);
  holder.deploymentsConfig = null;
  holder.deploymentsConfigDeletedAt = at;
  holder.deploymentsConfigChange = { reason: why, createdAt: holder.deploymentsConfigChange?.createdAt ?? at, updatedAt: at };
  return overrideView(holder);
}

function getWorkspace(store: Store, workspaceUuid: string): Workspace {
  const workspace = workspaceUuid ? store.data.workspaces[workspaceUuid] : undefined;
  assert(workspace, errors.notFound);
  return workspace;
}

function getLiveDeployment(store: Store, deploymentUuid: string): Deployment {
  const deployment = deploymentUuid ? store.data.deployments[deploymentUuid] : undefined;
  assert(deployment && !deployment.deletedAt, errors.notFound);
  return deployment;
}

export interface OverrideWrite {
  deploymentsConfigOverride: unknown;
  reason: string;
}

export function updateWorkspaceDeploymentsConfig(
  store: Store,
  args: OverrideWrite & { workspaceUuid: string },
): DeploymentsConfigOverrideView {
  const workspace = writableRow(store, 'workspaces', getWorkspace(store, args.workspaceUuid));
  return writeOverride(store, workspace, args.deploymentsConfigOverride, args.reason);
}

export function deleteWorkspaceDeploymentsConfig(store: Store, args: { workspaceUuid: string; reason: string }) {
  return removeOverride(store, writableRow(store, 'workspaces', getWorkspace(store, args.workspaceUuid)), args.reason);
}

/** The workspace's stored override, or null when it has none (never set, or deleted). */
export function workspaceDeploymentsConfig(store: Store, workspaceUuid: string): DeploymentsConfigOverrideView | null {
  const workspace = getWorkspace(store, workspaceUuid);
  return workspace.deploymentsConfig === null ? null : overrideView(workspace);
}

export function updateDeploymentConfig(
  store: Store,
  args: OverrideWrite & { deploymentUuid: string },
): DeploymentsConfigOverrideView {
  const deployment = writableRow(store, 'deployments', getLiveDeployment(store, args.deploymentUuid));
  return writeOverride(store, deployment, args.deploymentsConfigOverride, args.reason);
}

export function deleteDeploymentConfig(store: Store, args: { deploymentUuid: string; reason: string }) {
  return removeOverride(store, writableRow(store, 'deployments', getLiveDeployment(store, args.deploymentUuid)), args.reason);
}

/**
 * The effective `deployments.*` settings for a scope: platform defaults, then the cluster's override, the
 * workspace's and the deployment's (deep merge, later layers win). A deployment supplies its own workspace and
 * cluster when they are not given. Unknown ids contribute nothing. Keys keep the names they were written with: the
 * platform defaults use Houston 1.x names (`hardDeleteDeployment`), 2.x overrides may use the newer grouped names.
 */
export function effectiveDeploymentsConfig(
  store: Store,
  scope: { clusterId?: string | null; workspaceId?: string | null; deploymentId?: string | null },
): JsonObject {
  const deployment = scope.deploymentId ? store.data.deployments[scope.deploymentId] : undefined;
  const live = deployment && !deployment.deletedAt ? deployment : undefined;
  const clusterId = scope.clusterId || live?.clusterId || null;
  const workspaceId = scope.workspaceId || live?.workspaceId || null;
  const cluster = clusterId ? store.data.clusters[clusterId] : undefined;
  const workspace = workspaceId ? store.data.workspaces[workspaceId] : undefined;
  let config = structuredClone(store.config.deployments) as unknown as JsonObject;
  config = deepMerge(config, cluster?.deploymentsConfigOverride ?? null);
  config = deepMerge(config, workspace?.deploymentsConfig ?? null);
  config = deepMerge(config, live?.deploymentsConfig ?? null);
  return config;
}
