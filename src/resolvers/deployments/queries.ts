/**
 * The deployments domain's Houston queries.
 */
import { type Caller, hasPermission } from '../../auth/permissions.js';
import { assert, errors } from '../../core/errors.js';
import type { DeployRevision, Deployment, EnvironmentVariable } from '../../store/entities.js';
import type { Store } from '../../store/state.js';
import { ASTRO_UNIT, au, COMPONENTS, helmResources, MAX_EXTRA_AU, MAX_POD } from './components.js';
import { deploymentFlags } from './flags.js';
import { findDeploymentByReleaseName, getLiveDeployment, given, type Json, liveDeployments, requireDeployment, requireWorkspace } from './lookups.js';
import { AIRFLOW_RELEASES, type AirflowReleaseInfo, defaultAirflowRelease, findAirflowReleaseWhere, type RuntimeReleaseInfo, runtimeReleaseAt, runtimeReleasesFor } from './releases.js';
import { maskedVariables } from './variables.js';
import { canSeeDeployment, revisionsOf } from './views.js';

export interface DeploymentWhere {
  id?: string | null;
  releaseName?: string | null;
}

/** Houston's `deployment(where:)`: by id, else by release name; null when there is none (or it was deleted). */
export function deployment(store: Store, where: DeploymentWhere | null | undefined): Deployment | null {
  if (given(where?.id)) return getLiveDeployment(store, where?.id) ?? null;
  return findDeploymentByReleaseName(store, given(where?.releaseName)) ?? null;
}

/**
 * The soft-deleted deployment a `deployment(where:)` lookup names, if any. Release names stay reserved after a soft
 * delete, so a release name names at most one.
 */
export function deletedDeployment(store: Store, where: DeploymentWhere | null | undefined): Deployment | undefined {
  const id = given(where?.id);
  const releaseName = given(where?.releaseName);
  const named = id
    ? store.data.deployments[id]
    : Object.values(store.data.deployments).find((d) => releaseName && d.releaseName === releaseName);
  return named?.deletedAt ? named : undefined;
}

/** Houston's `deployments`: every live deployment on the platform. */
export function deployments(store: Store): Deployment[] {
  return liveDeployments(store);
}

/** Houston's `workspaceDeployments`: a workspace's deployments, or only the one with `releaseName` when given. */
export function workspaceDeployments(store: Store, workspaceId: string, releaseName?: string | null): Deployment[] {
  const workspace = requireWorkspace(store, workspaceId);
  const name = given(releaseName);
  return liveDeployments(store, workspace.id).filter((d) => !name || d.releaseName === name);
}

/** Houston's `workspaceDeployment`: the workspace's deployment with that release name, or null. */
export function workspaceDeployment(store: Store, workspaceId: string, releaseName: string): Deployment | null {
  return workspaceDeployments(store, workspaceId, releaseName)[0] ?? null;
}

export interface PaginatedDeploymentsArgs {
  take?: number | null;
  name?: string | null;
  cursor?: string | null;
  pageNumber?: number | null;
  clusterId?: string | null;
}

/**
 * Houston's `paginatedDeployments`: a page of the deployments the caller can see, in creation order. `take: -1` (or
 * no `take`) means all of them; `cursor` is the id of the last deployment already seen (`""`: from the start);
 * `pageNumber` (0-based) skips whole pages; `name` matches label or release name (case-insensitive substring);
 * `clusterId` (1.0+, `""` = any) keeps one cluster's deployments.
 */
export function paginatedDeployments(store: Store, caller: Caller, args: PaginatedDeploymentsArgs): Deployment[] {
  const name = given(args.name)?.toLowerCase();
  const clusterId = given(args.clusterId);
  // Checked once rather than per deployment: on a large platform the per-item check dominates this answer.
  const seesAll = hasPermission(store, caller, 'system.deployments.get');
  let items = liveDeployments(store).filter(
    (d) =>
      (seesAll || canSeeDeployment(store, caller, d.id)) &&
      (!clusterId || d.clusterId === clusterId) &&
      (!name || d.label.toLowerCase().includes(name) || d.releaseName.toLowerCase().includes(name)),
  );
  const cursor = given(args.cursor);
  if (cursor) {
    const index = items.findIndex((d) => d.id === cursor);
    if (index < 0) return [];
    items = items.slice(index + 1);
  }
  const take = args.take ?? -1;
  if (take < 0) return items;
  const start = Math.max(0, args.pageNumber ?? 0) * take;
  return items.slice(start, start + take);
}

/** Houston's `deploymentVariables`: the deployment's environment variables, secret values blanked. */
export function deploymentVariables(store: Store, deploymentId: string): EnvironmentVariable[] {
  return maskedVariables(requireDeployment(store, deploymentId).environmentVariables);
}

/** Houston's `airflowReleases`. */
export function airflowReleases(): AirflowReleaseInfo[] {
  return [...AIRFLOW_RELEASES];
}

/** Houston's `airflowRelease(where: { id | tag })`: null when there is no such release. */
export function airflowRelease(where: { id?: string | null; tag?: string | null } | null | undefined): AirflowReleaseInfo | null {
  return findAirflowReleaseWhere(where ?? {}) ?? null;
}

/**
 * Houston's `runtimeReleases(airflowVersion, clusterId)`: with an Airflow version, the releases a deployment on it
 * may move to (that Airflow version or newer); without, all of them. A `clusterId` must name a known cluster
 * (`""` means none).
 */
export function runtimeReleases(store: Store, args: { airflowVersion?: string | null; clusterId?: string | null }): RuntimeReleaseInfo[] {
  const clusterId = given(args.clusterId);
  if (clusterId) assert(store.data.clusters[clusterId], errors.notFound);
  const now = store.clock.now();
  return runtimeReleasesFor(store.config.platformVersion, given(args.airflowVersion)).map((r) => runtimeReleaseAt(r, now));
}

/**
 * Houston's `availableNamespaces`: the pre-created namespaces (`deployments.preCreatedNamespaces`, per cluster on
 * 1.0+) that no live deployment uses yet.
 */
export function availableNamespaces(store: Store, args: { clusterId?: string | null } = {}): { name: string }[] {
  const clusterId = given(args.clusterId);
  if (clusterId) assert(store.data.clusters[clusterId], errors.notFound);
  const flags = deploymentFlags(store, { clusterId: clusterId ?? null });
  const used = new Set(liveDeployments(store).map((d) => d.namespace));
  return flags.preCreatedNamespaces.filter((name) => !used.has(name)).map((name) => ({ name }));
}

/** Houston's default executors (`deployments.executors`): all enabled, with the components each one runs. */
export const EXECUTORS = [
  { name: 'LocalExecutor', enabled: true, components: ['scheduler', 'webserver', 'statsd', 'pgbouncer', 'triggerer'], defaultExtraAu: 0 },
  {
    name: 'CeleryExecutor',
    enabled: true,
    components: ['scheduler', 'webserver', 'statsd', 'pgbouncer', 'workers', 'flower', 'redis', 'triggerer'],
    defaultExtraAu: 0,
  },
  {
    name: 'KubernetesExecutor',
    enabled: true,
    components: ['scheduler', 'webserver', 'statsd', 'pgbouncer', 'triggerer'],
    defaultExtraAu: 10,
  },
] as const;

/**
 * Houston's `deploymentConfig`: the options for creating and sizing deployments (component defaults and limits,
 * the astro unit, executors) and the Airflow images the platform offers.
 */
export function deploymentConfig(store: Store, args: { workspaceUuid?: string | null; deploymentUuid?: string | null } = {}) {
  const flags = deploymentFlags(store, {
    workspaceId: given(args.workspaceUuid) ?? null,
    deploymentId: given(args.deploymentUuid) ?? null,
  });
  const defaults: Json = {};
  const limits: Json = {};
  for (const [name, spec] of Object.entries(COMPONENTS)) {
    if (name === 'triggerer' && !flags.triggererEnabled) continue;
    defaults[name] = { replicas: spec.replicas, resources: helmResources(au(spec.units)) };
    limits[name] = { replicas: spec.replicas === null ? null : spec.max, resources: helmResources(MAX_POD) };
  }
  const latest = defaultAirflowRelease();
  return {
    defaults,
    limits,
    astroUnit: { ...ASTRO_UNIT },
    maxExtraAu: MAX_EXTRA_AU,
    executors: EXECUTORS.map((e) => ({ ...e, components: [...e.components] })),
    singleNamespace: false,
    loggingEnabled: false,
    latestVersion: flags.chartVersion,
    airflowImages: AIRFLOW_RELEASES.map((r) => ({ version: r.version, channel: r.channel, tag: r.tag })),
    airflowVersions: AIRFLOW_RELEASES.map((r) => r.version),
    defaultAirflowImageTag: latest.tag,
    defaultAirflowChartVersion: flags.chartVersion,
  };
}

export interface DeployRevisionPageArgs {
  deploymentUuid: string;
  take?: number | null;
  cursor?: string | null;
  pageNumber?: number | null;
}

/** Houston's `pagination.deployRevision.maxTake`. */
export const DEPLOY_REVISION_PAGE_MAX = 101;

/** Houston's `paginatedDeployRevisions`: the deployment's deploys, newest first, with the total count. */
export function paginatedDeployRevisions(store: Store, args: DeployRevisionPageArgs): { deployRevisions: DeployRevision[]; count: number } {
  const d = requireDeployment(store, args.deploymentUuid);
  const all = revisionsOf(store, d.id).reverse();
  let items = all;
  const cursor = given(args.cursor);
  if (cursor) {
    const index = items.findIndex((r) => r.id === cursor);
    items = index < 0 ? [] : items.slice(index + 1);
  }
  const take = Math.min(args.take && args.take > 0 ? args.take : DEPLOY_REVISION_PAGE_MAX, DEPLOY_REVISION_PAGE_MAX);
  const start = Math.max(0, args.pageNumber ?? 0) * take;
  return { deployRevisions: items.slice(start, start + take), count: all.length };
}

/** Whether a revision is the one the deployment runs now: the newest image deploy. */
export function isCurrentRevision(store: Store, revision: DeployRevision): boolean {
  const images = revisionsOf(store, revision.deploymentId).filter((r) => r.deployType === revision.deployType);
  return images[images.length - 1]?.id === revision.id;
}
