import { hasPermission, type Caller } from '../../auth/permissions.js';
import { assert, errors, type HoustonError } from '../../core/errors.js';
import type {
  ComponentResources,
  DagDeploymentSettings,
  Deployment,
  DeployRevision,
  EnvironmentVariable,
  ExecutorType,
  RoleBinding,
  ServiceAccount,
  Workspace,
} from '../../store/entities.js';
import { derived, groupedView, rowChanged } from '../../store/lookups.js';
import { newId, now, type Store } from '../../store/state.js';
import { compareVersions, parseVersion } from '../../schema/versions.js';
import { defaultCluster, effectiveDeploymentsConfig, requireActiveCluster } from '../clusters/store.js';
import { deleteEntityServiceAccounts, entityServiceAccounts } from '../serviceAccounts/store.js';
export { serviceAccountsByDeployment } from '../serviceAccounts/store.js';
import { generateReleaseName, namespaceFor, validateNamespaceName, validateReleaseName } from './names.js';
import {
  AIRFLOW_RELEASES,
  RUNTIME_IMAGE_REPOSITORY,
  defaultAirflowRelease,
  defaultRuntimeRelease,
  findAirflowRelease,
  findAirflowReleaseWhere,
  findRuntimeRelease,
  runtimeReleasesFor,
  RUNTIME_RELEASES,
  type AirflowReleaseInfo,
  type RuntimeReleaseInfo,
} from './releases.js';

/**
 * Deployments: Airflow environments in a workspace. Operations are named after the Houston fields they back; each
 * validates everything before it writes, so a refused call leaves the platform (random state included) unchanged.
 */

// ---------------------------------------------------------------------------------------------------------------
// Errors of this domain whose texts are our own (Houston's are not public); see docs/DIFFERENCES.md
// ---------------------------------------------------------------------------------------------------------------

export const deploymentErrors = {
  duplicateReleaseName: (releaseName: string): HoustonError =>
    errors.badInput(`A deployment with the release name ${releaseName} already exists`),
  namespaceInUse: (namespace: string): HoustonError =>
    errors.badInput(`Namespace ${namespace} is already used by another deployment`),
  namespaceNotPreCreated: (namespace: string): HoustonError =>
    errors.badInput(`Namespace ${namespace} is not one of the platform's pre-created namespaces`),
  unsupportedType: (type: string): HoustonError =>
    errors.badInput(`Invalid deployment type ${type}: the only deployment type is airflow`),
  twoImageVersions: (): HoustonError =>
    errors.badInput('Send either airflowVersion or runtimeVersion, not both'),
  unknownAirflowVersion: (version: string): HoustonError =>
    errors.badInput(`Airflow version ${version} is not available; see airflowReleases for the versions that are`),
  unknownRuntimeVersion: (version: string): HoustonError =>
    errors.badInput(`Astro Runtime version ${version} is not available; see runtimeReleases for the versions that are`),
  notAnUpgrade: (what: string, from: string, to: string): HoustonError =>
    errors.badInput(`${what} ${to} is not newer than the deployment's current ${from}`),
  runtimeDeployment: (): HoustonError =>
    errors.badInput('This deployment runs Astro Runtime: change its version with updateDeploymentRuntime'),
  invalidDagDeploymentType: (type: string): HoustonError =>
    errors.badInput(`Invalid dagDeployment type ${type}: use image, volume, git_sync or dag_deploy`),
  replicasOutOfRange: (component: string, min: number, max: number): HoustonError =>
    errors.badInput(`${component} replicas must be a whole number from ${min} to ${max}`),
  resourcesOutOfRange: (component: string): HoustonError =>
    errors.badInput(
      `${component} resources must be positive whole numbers no larger than one pod allows (${MAX_POD.cpu} millicores CPU, ${MAX_POD.memory} MiB memory)`,
    ),
  kedaNeedsCelery: (): HoustonError =>
    errors.badInput('KEDA autoscaling applies only to deployments that run the CeleryExecutor'),
  invalidAlertEmail: (email: string): HoustonError => errors.badInput(`Invalid alert email address: ${email}`),
  notOperatorMode: (): HoustonError =>
    errors.badInput('Only deployments in operator mode (adopted from the Airflow operator) can be unadopted'),
  invalidImage: (): HoustonError => errors.badInput('image must be a Docker image reference such as registry/repository:tag'),
  unknownMode: (mode: string): HoustonError => errors.badInput(`Invalid mode ${mode}: use helm or operator`),
  notAnObject: (argument: string): HoustonError => errors.badInput(`${argument} must be a JSON object`),
};

// ---------------------------------------------------------------------------------------------------------------
// Lookups shared with other domains
// ---------------------------------------------------------------------------------------------------------------

/** The platform's deployments that have not been deleted, in creation order. */
const allLiveDeployments = groupedView('liveDeployments', 'deployments', (d) => (d.deletedAt === null ? 'live' : null));

/** The same, grouped by workspace. */
const liveByWorkspace = groupedView('liveDeploymentsOfWorkspace', 'deployments', (d) => (d.deletedAt === null ? d.workspaceId : null));

/** Deployments that have not been deleted, of one workspace or of the whole platform, in creation order. */
export function liveDeployments(store: Store, workspaceId?: string | null): Deployment[] {
  const live = workspaceId ? derived(store, liveByWorkspace).get(workspaceId) : derived(store, allLiveDeployments).get('live');
  // A copy either way: the view is shared, and callers may sort or splice what they get.
  return [...(live ?? [])];
}

/** The deployment, unless it does not exist or was soft-deleted. */
export function getLiveDeployment(store: Store, deploymentId: string | null | undefined): Deployment | undefined {
  const deployment = deploymentId ? store.data.deployments[deploymentId] : undefined;
  return deployment && deployment.deletedAt === null ? deployment : undefined;
}

/** The live deployment with that release name. */
export function findDeploymentByReleaseName(store: Store, releaseName: string | null | undefined): Deployment | undefined {
  if (!releaseName) return undefined;
  return liveDeployments(store).find((d) => d.releaseName === releaseName);
}

function requireDeployment(store: Store, deploymentId: string | null | undefined): Deployment {
  const deployment = getLiveDeployment(store, deploymentId);
  assert(deployment, errors.notFound);
  return deployment;
}

function requireWorkspace(store: Store, workspaceId: string | null | undefined): Workspace {
  const workspace = workspaceId ? store.data.workspaces[workspaceId] : undefined;
  assert(workspace, errors.notFound);
  return workspace;
}

function atLeast(store: Store, version: string): boolean {
  return compareVersions(store.config.platformVersion, version) >= 0;
}

/** Empty strings count as "not sent": the Astro CLI sends `""` for options the user did not give. */
function given(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Effective feature flags (platform config, then cluster, workspace and deployment overrides on 2.x)
// ---------------------------------------------------------------------------------------------------------------

export interface DeploymentFlags {
  hardDeleteDeployment: boolean;
  manualReleaseNames: boolean;
  manualNamespaceNames: boolean;
  namespaceFreeFormEntry: boolean;
  preCreatedNamespaces: string[];
  triggererEnabled: boolean;
  configureDagDeployment: boolean;
  nfsMountDagDeployment: boolean;
  gitSyncDagDeployment: boolean;
  dagOnlyDeployment: boolean;
  enableUpdateDeploymentImageEndpoint: boolean;
  chartVersion: string;
}

type Json = Record<string, unknown>;

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function at(config: Json, path: readonly string[]): unknown {
  let value: unknown = config;
  for (const key of path) value = isJson(value) ? value[key] : undefined;
  return value;
}

/**
 * A boolean setting of the effective config. APC 2.x overrides may spell a setting with its newer grouped name
 * (`deployMechanisms.gitSyncDagDeployment.enabled`); when present it wins over the 1.x name.
 */
function flag(config: Json, legacy: string, grouped?: readonly string[]): boolean {
  const newer = grouped ? at(config, grouped) : undefined;
  if (typeof newer === 'boolean') return newer;
  return at(config, [legacy]) === true;
}

/** Houston writes pre-created namespaces as `[{ name }]`; a plain list of names is accepted too. */
function namespaceNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((entry) => (typeof entry === 'string' ? entry : isJson(entry) && typeof entry.name === 'string' ? entry.name : ''))
    .filter((name) => name !== '');
}

export function deploymentFlags(
  store: Store,
  scope: { clusterId?: string | null; workspaceId?: string | null; deploymentId?: string | null } = {},
): DeploymentFlags {
  const config = effectiveDeploymentsConfig(store, scope);
  const chartVersion = at(config, ['chartVersion']);
  return {
    hardDeleteDeployment: flag(config, 'hardDeleteDeployment', ['deploymentLifecycle', 'hardDeleteDeployment', 'enabled']),
    manualReleaseNames: flag(config, 'manualReleaseNames'),
    manualNamespaceNames: flag(config, 'manualNamespaceNames'),
    namespaceFreeFormEntry: flag(config, 'namespaceFreeFormEntry'),
    preCreatedNamespaces: namespaceNames(at(config, ['preCreatedNamespaces'])),
    triggererEnabled: flag(config, 'triggererEnabled', ['airflowComponents', 'triggerer', 'enabled']),
    configureDagDeployment: flag(config, 'configureDagDeployment', ['deployMechanisms', 'configureDagDeployment', 'enabled']),
    nfsMountDagDeployment: flag(config, 'nfsMountDagDeployment', ['deployMechanisms', 'nfsMountDagDeployment', 'enabled']),
    gitSyncDagDeployment: flag(config, 'gitSyncDagDeployment', ['deployMechanisms', 'gitSyncDagDeployment', 'enabled']),
    dagOnlyDeployment: flag(config, 'dagOnlyDeployment', ['deployMechanisms', 'dagOnlyDeployment', 'enabled']),
    enableUpdateDeploymentImageEndpoint: flag(config, 'enableUpdateDeploymentImageEndpoint', [
      'deploymentImagesRegistry',
      'updateDeploymentImageEndpoint',
      'enabled',
    ]),
    chartVersion: typeof chartVersion === 'string' ? chartVersion : store.config.deployments.chartVersion,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Component sizing
// ---------------------------------------------------------------------------------------------------------------

/** One Astronomer Unit, Houston's default `astroUnit`: 100 millicores and 384 MiB. */
export const ASTRO_UNIT = { cpu: 100, memory: 384, pods: 1, airflowConns: 5, actualConns: 0.5, price: 0 } as const;
/** Houston's default `maxPodAu` (35) and `maxExtraAu` (400). */
const MAX_POD_AU = 35;
const MAX_EXTRA_AU = 400;
const MAX_POD = { cpu: MAX_POD_AU * ASTRO_UNIT.cpu, memory: MAX_POD_AU * ASTRO_UNIT.memory } as const;

function au(units: number): { cpu: number; memory: number } {
  return { cpu: units * ASTRO_UNIT.cpu, memory: units * ASTRO_UNIT.memory };
}

type Component = 'scheduler' | 'webserver' | 'workers' | 'triggerer' | 'dagProcessor';

/** Default size and replica bounds of each component (replicas `null` for the webserver, which is not scaled here). */
const COMPONENTS: Record<Component, { units: number; replicas: number | null; min: number; max: number; minAirflowVersion: string | null }> = {
  scheduler: { units: 5, replicas: 1, min: 1, max: 4, minAirflowVersion: '2.0.0' },
  webserver: { units: 5, replicas: null, min: 1, max: 1, minAirflowVersion: null },
  workers: { units: 10, replicas: 1, min: 1, max: 20, minAirflowVersion: null },
  triggerer: { units: 5, replicas: 1, min: 0, max: 2, minAirflowVersion: '2.2.0' },
  dagProcessor: { units: 5, replicas: 1, min: 0, max: 3, minAirflowVersion: '2.3.0' },
};

/** Seconds Celery workers get to finish their tasks when they are replaced (Houston's default). */
const WORKER_TERMINATION_GRACE_SECONDS = 600;

export interface ResourcesInput {
  requests?: { cpu?: number | null; memory?: number | null } | null;
  limits?: { cpu?: number | null; memory?: number | null } | null;
}

export interface ComponentInput {
  replicas?: number | null;
  terminationGracePeriodSeconds?: number | null;
  resources?: ResourcesInput | null;
  useDefaultAirflowImage?: boolean | null;
}

function sizedComponent(
  name: Component,
  input: ComponentInput | null | undefined,
  current: ComponentResources | null | undefined,
): ComponentResources {
  const spec = COMPONENTS[name];
  const base = current ?? { resources: au(spec.units), replicas: spec.replicas };
  let replicas = base.replicas;
  if (input?.replicas !== undefined && input.replicas !== null && spec.replicas !== null) {
    if (!Number.isInteger(input.replicas) || input.replicas < spec.min || input.replicas > spec.max) {
      throw deploymentErrors.replicasOutOfRange(name, spec.min, spec.max);
    }
    replicas = input.replicas;
  }
  let resources = base.resources;
  const sent = input?.resources ? (input.resources.limits ?? input.resources.requests) : undefined;
  if (sent) {
    const cpu = sent.cpu ?? resources?.cpu ?? au(spec.units).cpu;
    const memory = sent.memory ?? resources?.memory ?? au(spec.units).memory;
    if (!Number.isInteger(cpu) || !Number.isInteger(memory) || cpu <= 0 || memory <= 0 || cpu > MAX_POD.cpu || memory > MAX_POD.memory) {
      throw deploymentErrors.resourcesOutOfRange(name);
    }
    resources = { cpu, memory };
  }
  return { resources, replicas };
}

function containerResources(resources: ComponentResources['resources']) {
  if (!resources) return null;
  const one = { cpu: resources.cpu, memory: resources.memory };
  return { requests: one, limits: { ...one } };
}

function replicaLimits(name: Component, replicas: number | null) {
  const spec = COMPONENTS[name];
  return { default: replicas, minimum: spec.min, limit: spec.max, minAirflowVersion: spec.minAirflowVersion };
}

/** `Deployment.scheduler`. */
export function schedulerView(d: Deployment) {
  return { replicas: replicaLimits('scheduler', d.scheduler.replicas), resources: containerResources(d.scheduler.resources) };
}

/** `Deployment.webserver`. */
export function webserverView(d: Deployment) {
  return { resources: containerResources(d.webserver.resources), useDefaultAirflowImage: false };
}

/** `Deployment.workers`: sizes of the Celery workers (other executors keep the stored defaults, unused). */
export function workersView(d: Deployment) {
  return {
    replicas: d.workers.replicas,
    terminationGracePeriodSeconds: d.workers.terminationGracePeriodSeconds,
    resources: containerResources(d.workers.resources),
  };
}

/** `Deployment.triggerer`. */
export function triggererView(d: Deployment) {
  return { replicas: replicaLimits('triggerer', d.triggerer.replicas), resources: containerResources(d.triggerer.resources) };
}

function helmResources(resources: ComponentResources['resources']) {
  if (!resources) return undefined;
  const one = { cpu: `${resources.cpu}m`, memory: `${resources.memory}Mi` };
  return { requests: one, limits: { ...one } };
}

/**
 * `Deployment.config`: what was sent as `config`, with the executor and component sizes written the way Houston
 * keeps them for Helm (`500m`, `1920Mi`).
 */
export function configView(d: Deployment): Json {
  const out: Json = { ...structuredClone(d.config), executor: d.executor };
  out.scheduler = { replicas: d.scheduler.replicas, resources: helmResources(d.scheduler.resources) };
  out.webserver = { resources: helmResources(d.webserver.resources) };
  if (d.executor === 'CeleryExecutor') {
    out.workers = {
      replicas: d.workers.replicas,
      terminationGracePeriodSeconds: d.workers.terminationGracePeriodSeconds,
      resources: helmResources(d.workers.resources),
      ...(d.kedaEnabled ? { autoscaling: { enabled: true } } : {}),
    };
  }
  out.triggerer = { replicas: d.triggerer.replicas, resources: helmResources(d.triggerer.resources) };
  if (d.dagProcessor) out.dagProcessor = { replicas: d.dagProcessor.replicas, resources: helmResources(d.dagProcessor.resources) };
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Environment variables
// ---------------------------------------------------------------------------------------------------------------

/** Variables Houston's Helm values set itself; users may not set them. */
const RESERVED_VARIABLES = [
  'AIRFLOW__CORE__EXECUTOR',
  'AIRFLOW__CORE__SQL_ALCHEMY_CONN',
  'AIRFLOW__CORE__LOAD_EXAMPLES',
  'AIRFLOW__CORE__FERNET_KEY',
  'AIRFLOW__WEBSERVER__BASE_URL',
  'AIRFLOW__CELERY__BROKER_URL',
  'AIRFLOW__CELERY__RESULT_BACKEND',
  'AIRFLOW__CELERY__DEFAULT_QUEUE',
  'AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC',
  'AIRFLOW__SCHEDULER__STATSD_ON',
  'AIRFLOW__SCHEDULER__STATSD_HOST',
  'AIRFLOW__SCHEDULER__STATSD_PORT',
  'AIRFLOW__SCHEDULER__STATSD_PREFIX',
  'AIRFLOW__KUBERNETES__NAMESPACE',
] as const;

export interface VariableInput {
  key?: string | null;
  value?: string | null;
  isSecret?: boolean | null;
}

/**
 * The new set of variables from what the client sent: it replaces the stored set. A secret sent back with an empty
 * value keeps its stored value (clients only ever see secrets masked, so "" means "unchanged"); a later entry with
 * the same key wins.
 */
function nextVariables(current: readonly EnvironmentVariable[], sent: readonly (VariableInput | null)[]): EnvironmentVariable[] {
  const entries = sent.filter((v): v is VariableInput => v !== null);
  const reserved = RESERVED_VARIABLES.filter((key) => entries.some((v) => (v.key ?? '').toUpperCase() === key));
  if (reserved.length > 0) throw errors.reservedEnvironmentVariables(reserved);
  const byKey = new Map<string, EnvironmentVariable>();
  for (const entry of entries) {
    const key = entry.key ?? '';
    if (!/^(?=.*[A-Z])[A-Z_][A-Z0-9_]*$/.test(key)) throw errors.invalidEnvironmentVariableKey(key);
    const isSecret = entry.isSecret === true;
    let value = entry.value ?? '';
    if (isSecret && value === '') value = current.find((v) => v.key === key)?.value ?? '';
    byKey.set(key, { key, value, isSecret });
  }
  return [...byKey.values()];
}

/** What clients see: sorted by key, secret values blanked (Houston answers `""` for them). */
export function maskedVariables(variables: readonly EnvironmentVariable[] | null | undefined): EnvironmentVariable[] {
  return [...(variables ?? [])]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((v) => ({ key: v.key, value: v.isSecret ? '' : v.value, isSecret: v.isSecret }));
}

// ---------------------------------------------------------------------------------------------------------------
// DAG deployment mechanism
// ---------------------------------------------------------------------------------------------------------------

export interface DagDeploymentInput {
  type?: string | null;
  nfsLocation?: string | null;
  repositoryUrl?: string | null;
  branchName?: string | null;
  syncInterval?: number | null;
  syncTimeout?: number | null;
  ephemeralStorage?: number | null;
  dagDirectoryLocation?: string | null;
  rev?: string | null;
  sshKey?: string | null;
  knownHosts?: string | null;
  authType?: string | null;
  httpsUsername?: string | null;
  httpsToken?: string | null;
  gitSyncRepoFetchMode?: string | null;
}

const DAG_TYPES = ['image', 'volume', 'git_sync', 'dag_deploy'] as const;

function emptyDagDeployment(type: string): DagDeploymentSettings {
  return {
    type,
    nfsLocation: null,
    repositoryUrl: null,
    branchName: null,
    syncInterval: null,
    syncTimeout: null,
    ephemeralStorage: null,
    dagDirectoryLocation: null,
    rev: null,
    sshKey: null,
    knownHosts: null,
    authType: null,
    httpsUsername: null,
    httpsToken: null,
    gitSyncRepoFetchMode: null,
  };
}

/** Which switch (and its config key) a mechanism needs, when one is off. */
function missingDagSwitch(flags: DeploymentFlags, type: string): string | undefined {
  if (type === 'volume') {
    if (!flags.configureDagDeployment) return 'configureDagDeployment';
    if (!flags.nfsMountDagDeployment) return 'nfsMountDagDeployment';
  }
  if (type === 'git_sync') {
    if (!flags.configureDagDeployment) return 'configureDagDeployment';
    if (!flags.gitSyncDagDeployment) return 'gitSyncDagDeployment';
  }
  if (type === 'dag_deploy' && !flags.dagOnlyDeployment) return 'dagOnlyDeployment';
  return undefined;
}

/**
 * The stored DAG deployment settings after a create or update. No input (or no `type`) keeps the current mechanism
 * (`image` for a new deployment); fields sent as `""` count as not sent; fields of another mechanism are cleared.
 */
function nextDagDeployment(
  flags: DeploymentFlags,
  input: DagDeploymentInput | null | undefined,
  current: DagDeploymentSettings | undefined,
): DagDeploymentSettings {
  const type = given(input?.type) ?? current?.type ?? 'image';
  if (!(DAG_TYPES as readonly string[]).includes(type)) throw deploymentErrors.invalidDagDeploymentType(type);
  const switchOff = type !== current?.type ? missingDagSwitch(flags, type) : undefined;
  if (switchOff) throw errors.featureDisabled(`The ${type} DAG deployment mechanism`, switchOff);
  const keep = current?.type === type ? current : undefined;
  const text = (key: keyof DagDeploymentInput & keyof DagDeploymentSettings): string | null => {
    const value = input?.[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    const kept = keep?.[key];
    return typeof kept === 'string' ? kept : null;
  };
  const int = (key: 'syncInterval' | 'syncTimeout' | 'ephemeralStorage', fallback: number): number => {
    const value = input?.[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    return keep?.[key] ?? fallback;
  };
  const out = emptyDagDeployment(type);
  if (type === 'volume') {
    out.nfsLocation = text('nfsLocation');
    if (!out.nfsLocation) throw errors.missingArgument('nfsLocation');
  }
  if (type === 'git_sync') {
    out.repositoryUrl = text('repositoryUrl');
    if (!out.repositoryUrl) throw errors.missingArgument('repositoryUrl');
    out.branchName = text('branchName') ?? 'main';
    out.syncInterval = int('syncInterval', 1);
    out.syncTimeout = int('syncTimeout', 120);
    out.ephemeralStorage = int('ephemeralStorage', 2);
    out.dagDirectoryLocation = text('dagDirectoryLocation') ?? '';
    out.rev = text('rev');
    out.sshKey = text('sshKey');
    out.knownHosts = text('knownHosts');
    out.authType = text('authType') ?? (out.repositoryUrl.startsWith('https://') ? 'HTTPS_NONE' : null);
    out.httpsUsername = text('httpsUsername');
    out.httpsToken = text('httpsToken');
    out.gitSyncRepoFetchMode = text('gitSyncRepoFetchMode') ?? 'poll';
  }
  return out;
}

/**
 * `Deployment.dagDeployment`: the stored settings without the secrets (SSH key, HTTPS token). The Git-over-HTTPS
 * fields (APC 2.1) are null where they do not apply, and for deployments stored before they existed.
 */
export function dagDeploymentView(d: Deployment) {
  const { sshKey: _sshKey, httpsToken: _httpsToken, ...visible } = d.dagDeployment;
  return {
    ...visible,
    authType: visible.authType ?? null,
    httpsUsername: visible.httpsUsername ?? null,
    gitSyncRepoFetchMode: visible.gitSyncRepoFetchMode ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Derived fields: URLs, image tags, status, capabilities
// ---------------------------------------------------------------------------------------------------------------

/** Houston's `deployments.subdomain`: deployments are served at `deployments.<base domain>/<release name>/…`. */
const DEPLOYMENTS_SUBDOMAIN = 'deployments';
/** Houston's `deployments.tagPrefix`: the CLI tags its image pushes `deploy-1`, `deploy-2`, … */
const TAG_PREFIX = 'deploy';

function baseDomainOf(store: Store, d: Deployment): string {
  const cluster = d.clusterId ? store.data.clusters[d.clusterId] : undefined;
  return cluster?.baseDomain ?? store.config.baseDomain;
}

/**
 * `Deployment.urls`: the Airflow UI, Flower for Celery, the DAG upload server for DAG-only deploys, and (1.0+,
 * where each data plane has its own registry) the image registry.
 */
export function deploymentUrls(store: Store, d: Deployment): { type: string; url: string }[] {
  const domain = baseDomainOf(store, d);
  const root = `https://${DEPLOYMENTS_SUBDOMAIN}.${domain}/${d.releaseName}`;
  const urls = [{ type: 'airflow', url: `${root}/airflow` }];
  if (d.executor === 'CeleryExecutor') urls.push({ type: 'flower', url: `${root}/flower` });
  if (d.dagDeployment.type === 'dag_deploy') urls.push({ type: 'dagserver', url: `${root}/dags/upload` });
  if (atLeast(store, '1.0.0')) urls.push({ type: 'registry', url: `registry.${domain}` });
  return urls;
}

function revisionsOf(store: Store, deploymentId: string): DeployRevision[] {
  return Object.values(store.data.deployRevisions).filter((r) => r.deploymentId === deploymentId);
}

function deployNumber(tag: string | null): number {
  const match = tag ? new RegExp(`^${TAG_PREFIX}-(\\d+)$`).exec(tag) : null;
  return match ? Number(match[1]) : 0;
}

/** `Deployment.deployInfo`: the running tag and the tag the CLI should give its next push. */
export function deployInfo(store: Store, d: Deployment) {
  const pushed = revisionsOf(store, d.id).filter((r) => r.deployType === 'image').length;
  const next = `${TAG_PREFIX}-${Math.max(pushed, deployNumber(d.imageTag)) + 1}`;
  return { current: d.imageTag, desired: null, nextCli: next, next };
}

/** Houston's `DeploymentStatusType` values. */
export const STATUS_TYPES = ['UNKNOWN', 'DEPLOYING', 'UNHEALTHY', 'HEALTHY'] as const;
export type DeploymentStatusType = (typeof STATUS_TYPES)[number];

export function isDeploymentStatus(value: unknown): value is DeploymentStatusType {
  return (STATUS_TYPES as readonly unknown[]).includes(value);
}

/**
 * Sets the health a deployment reports, as the platform's own monitoring would on a real installation: no Houston
 * operation sets it. For the control API and tests. `updatedAt` stays: the deployment was observed, not edited.
 */
export function setDeploymentStatus(store: Store, deploymentId: string, status: DeploymentStatusType): Deployment | undefined {
  const d = getLiveDeployment(store, deploymentId);
  if (d) d.status = status;
  return d;
}

/** `Deployment.deploymentStatus`. */
export function deploymentStatus(d: Deployment) {
  const status = (STATUS_TYPES as readonly string[]).includes(d.status) ? d.status : 'UNKNOWN';
  return { status };
}

/** `Deployment.roleBindings`: who holds a role on the deployment itself. */
export function deploymentRoleBindings(store: Store, deploymentId: string): RoleBinding[] {
  return [...(derived(store, roleBindingsByDeployment).get(deploymentId) ?? [])];
}

/** Role bindings grouped by deployment (`Deployment.roleBindings` over a list). */
export const roleBindingsByDeployment = groupedView('roleBindingsByDeployment', 'roleBindings', (b) => b.deploymentId);

/** `Deployment.deploymentCapabilities`: each flag is whether the mutation behind it would be allowed. */
export function deploymentCapabilities(store: Store, caller: Caller, deploymentId: string): Record<string, boolean> {
  const can = (...anyOf: string[]) => anyOf.some((p) => hasPermission(store, caller, p, { deploymentId }));
  return {
    canDeploy: can('deployment.images.push', 'system.deployments.images.push'),
    canUpdateDeployment: can('deployment.config.update', 'system.deployments.update'),
    canDeleteDeployment: can('deployment.config.delete', 'system.deployments.delete'),
    canCreateServiceAccount: can('deployment.serviceAccounts.create', 'system.serviceAccounts.create'),
    canUpdateServiceAccount: can('deployment.serviceAccounts.update', 'system.serviceAccounts.update'),
    canDeleteServiceAccount: can('deployment.serviceAccounts.delete', 'system.serviceAccounts.delete'),
    canUpdateVariables: can('deployment.config.update', 'system.deployments.update', 'deployment.variables.update', 'system.deployment.variables.update'),
    canUpdateUserRole: can('deployment.userRoles.update', 'system.iam.update'),
  };
}

/** Whether the caller may see the deployment in lists (`paginatedDeployments`). */
export function canSeeDeployment(store: Store, caller: Caller, deploymentId: string): boolean {
  return ['deployment.config.get', 'system.deployments.get'].some((p) => hasPermission(store, caller, p, { deploymentId }));
}

// ---------------------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------------------

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
  return runtimeReleasesFor(given(args.airflowVersion));
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
const EXECUTORS = [
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

// ---------------------------------------------------------------------------------------------------------------
// Creating and changing deployments
// ---------------------------------------------------------------------------------------------------------------

/** Fields a create (or an upsert) may carry. Empty strings count as not sent. */
export interface DeploymentInput {
  label?: string | null;
  description?: string | null;
  releaseName?: string | null;
  namespace?: string | null;
  version?: string | null;
  airflowVersion?: string | null;
  runtimeVersion?: string | null;
  desiredRuntimeVersion?: string | null;
  executor?: ExecutorType | null;
  workers?: ComponentInput | null;
  webserver?: ComponentInput | null;
  scheduler?: ComponentInput | null;
  triggerer?: ComponentInput | null;
  dagProcessor?: ComponentInput | null;
  dagDeployment?: DagDeploymentInput | null;
  config?: Json | null;
  properties?: Json | null;
  cloudRole?: string | null;
  clusterId?: string | null;
  mode?: string | null;
  environmentVariables?: (VariableInput | null)[] | null;
  image?: string | null;
}

export interface CreateDeploymentArgs extends DeploymentInput {
  workspaceUuid?: string | null;
  type?: string | null;
}

function checkLabelFree(store: Store, workspaceId: string, label: string, deploymentId?: string): void {
  const taken = liveDeployments(store, workspaceId).some((d) => d.label === label && d.id !== deploymentId);
  if (taken) throw errors.duplicateDeploymentLabel(label);
}

/** Release names stay reserved while a soft-deleted deployment keeps its record (Houston's column is unique). */
function releaseNameTaken(store: Store, releaseName: string): boolean {
  return derived(store, deploymentsByReleaseName).has(releaseName);
}

const deploymentsByReleaseName = groupedView('deploymentsByReleaseName', 'deployments', (d) => d.releaseName);

function namespaceTaken(store: Store, namespace: string): boolean {
  return liveDeployments(store).some((d) => d.namespace === namespace);
}

/** The cluster a new deployment goes to (1.0+): the one asked for, which must be ACTIVE, else the default one. */
function clusterFor(store: Store, clusterId: string | null | undefined): string | null {
  if (!atLeast(store, '1.0.0')) return null;
  const asked = given(clusterId);
  if (asked) return requireActiveCluster(store, asked).id;
  const fallback = defaultCluster(store);
  if (fallback) return requireActiveCluster(store, fallback.id).id;
  if (Object.keys(store.data.clusters).length > 0) throw errors.missingArgument('clusterId');
  return null;
}

interface ImageChoice {
  airflowVersion: string | null;
  runtimeVersion: string | null;
  runtimeAirflowVersion: string | null;
}

/** The image a new deployment runs: the Runtime or Airflow version asked for, else the newest (Runtime from 0.29). */
function imageFor(store: Store, input: DeploymentInput): ImageChoice {
  const airflowVersion = given(input.airflowVersion);
  const runtimeVersion = atLeast(store, '0.29.0') ? given(input.runtimeVersion) : undefined;
  if (airflowVersion && runtimeVersion) throw deploymentErrors.twoImageVersions();
  if (airflowVersion) {
    const release = findAirflowRelease(airflowVersion);
    if (!release) throw deploymentErrors.unknownAirflowVersion(airflowVersion);
    return { airflowVersion: release.version, runtimeVersion: null, runtimeAirflowVersion: null };
  }
  if (runtimeVersion || atLeast(store, '0.29.0')) {
    const release = runtimeVersion ? findRuntimeRelease(runtimeVersion) : defaultRuntimeRelease();
    if (!release) throw deploymentErrors.unknownRuntimeVersion(runtimeVersion ?? '');
    return { airflowVersion: null, runtimeVersion: release.version, runtimeAirflowVersion: release.airflowVersion };
  }
  return { airflowVersion: defaultAirflowRelease().version, runtimeVersion: null, runtimeAirflowVersion: null };
}

function airflowOf(image: Pick<ImageChoice, 'airflowVersion' | 'runtimeAirflowVersion'>): string | null {
  return image.runtimeAirflowVersion ?? image.airflowVersion;
}

function supportsTriggerer(airflowVersion: string | null): boolean {
  return airflowVersion === null || !parseVersion(airflowVersion) || compareVersions(airflowVersion, '2.2.0') >= 0;
}

function checkMode(mode: string | null | undefined): string {
  const value = given(mode) ?? 'helm';
  if (value !== 'helm' && value !== 'operator') throw deploymentErrors.unknownMode(value);
  return value;
}

/** The release name of a new deployment: the one asked for when manual names are on, else a fresh generated one. */
function releaseNameFor(store: Store, flags: DeploymentFlags, asked: string | undefined): string | undefined {
  if (!asked || !flags.manualReleaseNames) return undefined;
  validateReleaseName(asked);
  if (releaseNameTaken(store, asked)) throw deploymentErrors.duplicateReleaseName(asked);
  return asked;
}

function freshReleaseName(store: Store): string {
  // Collisions are rare (about 3.5 million names); retrying keeps names unique on the platform.
  for (;;) {
    const name = generateReleaseName(store.data);
    if (!releaseNameTaken(store, name)) return name;
  }
}

/** The namespace of a new deployment: a chosen one when manual namespaces are on, else derived from the release. */
function namespaceChoice(store: Store, flags: DeploymentFlags, asked: string | undefined): string | undefined {
  if (!asked || !flags.manualNamespaceNames) return undefined;
  if (flags.namespaceFreeFormEntry) validateNamespaceName(asked);
  else if (!flags.preCreatedNamespaces.includes(asked)) throw deploymentErrors.namespaceNotPreCreated(asked);
  if (namespaceTaken(store, asked)) throw deploymentErrors.namespaceInUse(asked);
  return asked;
}

function triggererFor(flags: DeploymentFlags, airflowVersion: string | null, input: ComponentInput | null | undefined): ComponentResources {
  const sized = sizedComponent('triggerer', input, undefined);
  const wanted = input?.replicas ?? (supportsTriggerer(airflowVersion) ? 1 : 0);
  // A platform without the triggerer, or an Airflow older than 2.2, runs none whatever was asked.
  return { ...sized, replicas: flags.triggererEnabled && supportsTriggerer(airflowVersion) ? wanted : 0 };
}

/** A JSON argument that must be an object when sent (`config`, `properties`, `payload`). */
function jsonObject(value: unknown, argument: string): Json | undefined {
  if (value === null || value === undefined) return undefined;
  if (!isJson(value)) throw deploymentErrors.notAnObject(argument);
  return value;
}

function checkType(type: string | null | undefined): void {
  const value = given(type) ?? 'airflow';
  if (value !== 'airflow') throw deploymentErrors.unsupportedType(value);
}

/** Everything a create needs, checked; `insert` then writes it (drawing ids and names from the seeded generator). */
function prepareCreate(store: Store, args: CreateDeploymentArgs) {
  checkType(args.type);
  const workspace = requireWorkspace(store, given(args.workspaceUuid));
  const label = given(args.label);
  if (!label) throw errors.missingArgument('label');
  checkLabelFree(store, workspace.id, label);
  const clusterId = clusterFor(store, args.clusterId);
  const flags = deploymentFlags(store, { clusterId, workspaceId: workspace.id });
  const releaseName = releaseNameFor(store, flags, given(args.releaseName));
  const namespace = namespaceChoice(store, flags, given(args.namespace));
  const image = imageFor(store, args);
  const sentConfig = jsonObject(args.config, 'config') ?? {};
  const sentProperties = jsonObject(args.properties, 'properties') ?? {};
  const configExecutor = sentConfig.executor;
  const executor: ExecutorType =
    args.executor ??
    (configExecutor === 'LocalExecutor' || configExecutor === 'KubernetesExecutor' || configExecutor === 'CeleryExecutor'
      ? configExecutor
      : 'CeleryExecutor');
  const scheduler = sizedComponent('scheduler', args.scheduler, undefined);
  const webserver = sizedComponent('webserver', args.webserver, undefined);
  const workerSize = sizedComponent('workers', args.workers, undefined);
  const grace = args.workers?.terminationGracePeriodSeconds;
  const triggerer = triggererFor(flags, airflowOf(image), args.triggerer);
  const dagProcessor = args.dagProcessor ? sizedComponent('dagProcessor', args.dagProcessor, undefined) : null;
  const dagDeployment = nextDagDeployment(flags, args.dagDeployment, undefined);
  const environmentVariables = nextVariables([], args.environmentVariables ?? []);
  const imageArg = given(args.image);
  const imageRef = imageArg ? parseImage(imageArg) : undefined;
  const mode = checkMode(args.mode);
  const extraAu = EXECUTORS.find((e) => e.name === executor)?.defaultExtraAu ?? 0;
  const { executor: _executor, ...config } = sentConfig;
  return {
    workspace,
    label,
    clusterId,
    flags,
    releaseName,
    namespace,
    image,
    executor,
    scheduler,
    webserver,
    workers: { ...workerSize, terminationGracePeriodSeconds: grace ?? WORKER_TERMINATION_GRACE_SECONDS },
    triggerer,
    dagProcessor,
    dagDeployment,
    environmentVariables,
    imageRef,
    mode,
    properties: { extra_au: extraAu, ...sentProperties },
    config,
  };
}

type PreparedCreate = ReturnType<typeof prepareCreate>;

function insert(store: Store, prepared: PreparedCreate, args: CreateDeploymentArgs, caller: Caller | null): Deployment {
  const id = newId(store);
  const releaseName = prepared.releaseName ?? freshReleaseName(store);
  const timestamp = now(store);
  const d: Deployment = {
    id,
    workspaceId: prepared.workspace.id,
    clusterId: prepared.clusterId,
    label: prepared.label,
    description: args.description ?? null,
    releaseName,
    namespace: prepared.namespace ?? namespaceFor(releaseName),
    type: 'airflow',
    version: given(args.version) ?? prepared.flags.chartVersion,
    executor: prepared.executor,
    airflowVersion: prepared.image.airflowVersion,
    desiredAirflowVersion: null,
    runtimeVersion: prepared.image.runtimeVersion,
    desiredRuntimeVersion: null,
    runtimeAirflowVersion: prepared.image.runtimeAirflowVersion,
    image: null,
    imageTag: null,
    status: 'HEALTHY',
    mode: prepared.mode,
    cloudRole: given(args.cloudRole) ?? null,
    config: prepared.config,
    properties: prepared.properties,
    scheduler: prepared.scheduler,
    webserver: prepared.webserver,
    workers: prepared.workers,
    triggerer: prepared.triggerer,
    dagProcessor: prepared.dagProcessor,
    environmentVariables: prepared.environmentVariables,
    upsertedEnvironmentVariables: null,
    dagDeployment: prepared.dagDeployment,
    alertEmails: [],
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    adopted: false,
    kedaEnabled: false,
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: null,
  };
  store.data.deployments[d.id] = d;
  rowChanged(store, 'deployments', d.id);
  if (prepared.imageRef) recordImageDeploy(store, d, prepared.imageRef, caller);
  return d;
}

/**
 * Houston's `createDeployment`. The release name is generated (`adjective-noun-NNNN`, unique on the platform) unless
 * `manualReleaseNames` lets the caller choose it; the namespace is `astronomer-<release name>` unless
 * `manualNamespaceNames` lets the caller pick one. From 1.0 the deployment lands on the cluster asked for (it must
 * be ACTIVE) or on the default cluster.
 */
export function createDeployment(store: Store, caller: Caller | null, args: CreateDeploymentArgs): Deployment {
  return insert(store, prepareCreate(store, args), args, caller);
}

export interface UpdateDeploymentArgs {
  deploymentUuid: string;
  payload?: Json | null;
  executor?: ExecutorType | null;
  workers?: ComponentInput | null;
  webserver?: ComponentInput | null;
  scheduler?: ComponentInput | null;
  triggerer?: ComponentInput | null;
  dagProcessor?: ComponentInput | null;
  dagDeployment?: DagDeploymentInput | null;
  config?: Json | null;
  cloudRole?: string | null;
  properties?: Json | null;
  label?: string | null;
  description?: string | null;
}

/** The checked changes of an update; `applyChanges` writes them. */
function prepareUpdate(store: Store, d: Deployment, args: UpdateDeploymentArgs) {
  const payload = jsonObject(args.payload, 'payload') ?? {};
  const label = given(typeof payload.label === 'string' ? payload.label : args.label);
  if (label && label !== d.label) checkLabelFree(store, d.workspaceId, label, d.id);
  const description =
    typeof payload.description === 'string' ? payload.description : typeof args.description === 'string' ? args.description : undefined;
  const flags = deploymentFlags(store, { deploymentId: d.id });
  const properties = jsonObject(payload.properties, 'payload.properties') ?? jsonObject(args.properties, 'properties');
  const triggerer = args.triggerer ? sizedComponent('triggerer', args.triggerer, d.triggerer) : undefined;
  if (triggerer && (!flags.triggererEnabled || !supportsTriggerer(airflowOf(d)))) triggerer.replicas = 0;
  return {
    label,
    description,
    executor: args.executor ?? undefined,
    scheduler: args.scheduler ? sizedComponent('scheduler', args.scheduler, d.scheduler) : undefined,
    webserver: args.webserver ? sizedComponent('webserver', args.webserver, d.webserver) : undefined,
    workers: args.workers ? sizedComponent('workers', args.workers, d.workers) : undefined,
    grace: args.workers?.terminationGracePeriodSeconds ?? undefined,
    triggerer,
    dagProcessor: args.dagProcessor ? sizedComponent('dagProcessor', args.dagProcessor, d.dagProcessor) : undefined,
    dagDeployment: args.dagDeployment ? nextDagDeployment(flags, args.dagDeployment, d.dagDeployment) : undefined,
    config: jsonObject(args.config, 'config'),
    properties,
    cloudRole: args.cloudRole ?? undefined,
  };
}

function applyChanges(store: Store, d: Deployment, c: ReturnType<typeof prepareUpdate>): Deployment {
  if (c.label !== undefined) d.label = c.label;
  if (c.description !== undefined) d.description = c.description;
  if (c.executor !== undefined) d.executor = c.executor;
  if (c.scheduler) d.scheduler = c.scheduler;
  if (c.webserver) d.webserver = c.webserver;
  if (c.workers) d.workers = { ...c.workers, terminationGracePeriodSeconds: d.workers.terminationGracePeriodSeconds };
  if (c.grace !== undefined) d.workers.terminationGracePeriodSeconds = c.grace;
  if (c.triggerer) d.triggerer = c.triggerer;
  if (c.dagProcessor) d.dagProcessor = c.dagProcessor;
  if (c.dagDeployment) d.dagDeployment = c.dagDeployment;
  if (c.config) {
    const { executor: _executor, ...config } = c.config;
    d.config = config;
  }
  if (c.properties) d.properties = { ...d.properties, ...c.properties };
  if (c.cloudRole !== undefined) d.cloudRole = given(c.cloudRole) ?? null;
  d.updatedAt = now(store);
  return d;
}

/**
 * Houston's `updateDeployment`: `payload` carries `label`, `description` (and `properties`, merged); the executor,
 * component sizes, DAG deployment mechanism, free-form `config` and `cloudRole` have their own arguments.
 */
export function updateDeployment(store: Store, args: UpdateDeploymentArgs): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  return applyChanges(store, d, prepareUpdate(store, d, args));
}

// ---------------------------------------------------------------------------------------------------------------
// upsertDeployment (0.32+, behind deployments.upsertDeploymentEnabled before 2.0)
// ---------------------------------------------------------------------------------------------------------------

export interface UpsertDeploymentArgs extends CreateDeploymentArgs {
  deploymentUuid?: string | null;
  dockerconfigjson?: Json | null;
}

export type UpsertTarget = { kind: 'create'; workspaceId: string } | { kind: 'update'; deployment: Deployment };

/** Refuses upsertDeployment while `deployments.upsertDeploymentEnabled` is off (null on 2.x: always on). */
export function assertUpsertEnabled(store: Store): void {
  if (store.config.deployments.upsertDeploymentEnabled === false) {
    throw errors.featureDisabled('upsertDeployment', 'upsertDeploymentEnabled');
  }
}

/**
 * What an upsert does: update the deployment named by `deploymentUuid` (which must exist), or from 2.1 the one named
 * by `releaseName` when no workspace is sent (image deploys send only the release name); otherwise create one in
 * `workspaceUuid` (required).
 */
export function upsertTarget(store: Store, args: UpsertDeploymentArgs): UpsertTarget {
  const deploymentId = given(args.deploymentUuid);
  if (deploymentId) return { kind: 'update', deployment: requireDeployment(store, deploymentId) };
  const workspaceId = given(args.workspaceUuid);
  const releaseName = given(args.releaseName);
  if (!workspaceId && releaseName && atLeast(store, '2.1.0')) {
    const found = findDeploymentByReleaseName(store, releaseName);
    if (!found) throw errors.noDeploymentWithReleaseName(releaseName);
    return { kind: 'update', deployment: found };
  }
  if (!workspaceId) throw errors.missingArgument('workspaceUuid');
  return { kind: 'create', workspaceId };
}

/**
 * Houston's `upsertDeployment`. Environment variables, when sent, replace the whole set (the ones not sent again are
 * dropped; an empty secret value keeps the stored secret) and are remembered as `upsertedEnvironmentVariables`.
 * `image` records an image deploy (with `runtimeVersion`, the Runtime it runs); on an update, a `runtimeVersion`
 * or `desiredRuntimeVersion` without an image asks for a Runtime upgrade.
 */
export function upsertDeployment(store: Store, caller: Caller | null, args: UpsertDeploymentArgs): Deployment {
  assertUpsertEnabled(store);
  const target = upsertTarget(store, args);
  if (target.kind === 'create') {
    const prepared = prepareCreate(store, { ...args, workspaceUuid: target.workspaceId });
    const created = insert(store, prepared, args, caller);
    if (args.environmentVariables) created.upsertedEnvironmentVariables = [...created.environmentVariables];
    return created;
  }
  const d = target.deployment;
  const changes = prepareUpdate(store, d, { ...args, deploymentUuid: d.id });
  const variables = args.environmentVariables ? nextVariables(d.environmentVariables, args.environmentVariables) : undefined;
  const imageArg = given(args.image);
  const imageRef = imageArg ? parseImage(imageArg) : undefined;
  const runtime = imageRef ? checkPushedRuntime(args.runtimeVersion) : undefined;
  const desired = imageRef ? undefined : given(args.desiredRuntimeVersion) ?? given(args.runtimeVersion);
  if (desired && desired !== d.runtimeVersion) checkRuntimeUpgrade(d, desired);
  applyChanges(store, d, changes);
  if (variables) {
    d.environmentVariables = variables;
    d.upsertedEnvironmentVariables = [...variables];
  }
  if (desired && desired !== d.runtimeVersion) d.desiredRuntimeVersion = desired;
  if (imageRef) deployImage(store, d, imageRef, { runtimeVersion: runtime }, caller);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Deleting
// ---------------------------------------------------------------------------------------------------------------

/**
 * Removes a deployment for good with everything that only made sense with it: role bindings on it, its service
 * accounts (and their bindings) and its deploy revisions.
 */
function purge(store: Store, d: Deployment): void {
  const bindings = deploymentRoleBindings(store, d.id);
  for (const binding of bindings) delete store.data.roleBindings[binding.id];
  deleteEntityServiceAccounts(store, 'DEPLOYMENT', d.id);
  for (const revision of revisionsOf(store, d.id)) delete store.data.deployRevisions[revision.id];
  delete store.data.deployments[d.id];
  rowChanged(store, 'roleBindings', ...bindings.map((b) => b.id));
  rowChanged(store, 'deployments', d.id);
}

/**
 * Houston's `deleteDeployment`: a soft delete (the record stays with `deletedAt` set, leaves every list and lookup,
 * frees its label and namespace but keeps its release name reserved) unless `deploymentHardDelete` is asked for and
 * `hardDeleteDeployment` allows it, which removes the deployment and frees the release name too.
 */
export function deleteDeployment(store: Store, args: { deploymentUuid: string; deploymentHardDelete?: boolean | null }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  const hard = args.deploymentHardDelete === true && deploymentFlags(store, { deploymentId: d.id }).hardDeleteDeployment;
  const timestamp = now(store);
  d.deletedAt = timestamp;
  rowChanged(store, 'deployments', d.id);
  d.updatedAt = timestamp;
  if (hard) purge(store, d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Variables, versions, images
// ---------------------------------------------------------------------------------------------------------------

/** Houston's `updateDeploymentVariables`: replaces the whole set; answers it sorted, secret values blanked. */
export function updateDeploymentVariables(
  store: Store,
  args: { deploymentUuid: string; environmentVariables: (VariableInput | null)[] | null },
): EnvironmentVariable[] {
  const d = requireDeployment(store, args.deploymentUuid);
  d.environmentVariables = nextVariables(d.environmentVariables, args.environmentVariables ?? []);
  d.updatedAt = now(store);
  return maskedVariables(d.environmentVariables);
}

/** Houston's `updateDeploymentAirflow`: asks for an Airflow (Astronomer Certified) upgrade; the next deploy applies it. */
export function updateDeploymentAirflow(store: Store, args: { deploymentUuid: string; desiredAirflowVersion: string }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  if (d.runtimeVersion) throw deploymentErrors.runtimeDeployment();
  const wanted = given(args.desiredAirflowVersion) ?? '';
  const release = findAirflowRelease(wanted);
  if (!release) throw deploymentErrors.unknownAirflowVersion(wanted);
  if (d.airflowVersion && compareVersions(release.version, d.airflowVersion) <= 0) {
    throw deploymentErrors.notAnUpgrade('Airflow', d.airflowVersion, release.version);
  }
  d.desiredAirflowVersion = release.version;
  d.updatedAt = now(store);
  return d;
}

/**
 * A Runtime the deployment may move to: a known release, newer than its Runtime, or (for an Astronomer Certified
 * deployment migrating to Runtime) shipping the same Airflow or a newer one.
 */
function checkRuntimeUpgrade(d: Deployment, version: string): RuntimeReleaseInfo {
  const release = findRuntimeRelease(version);
  if (!release) throw deploymentErrors.unknownRuntimeVersion(version);
  if (d.runtimeVersion && compareVersions(release.version, d.runtimeVersion) <= 0) {
    throw deploymentErrors.notAnUpgrade('Astro Runtime', d.runtimeVersion, release.version);
  }
  if (!d.runtimeVersion && d.airflowVersion && compareVersions(release.airflowVersion, d.airflowVersion) < 0) {
    throw deploymentErrors.notAnUpgrade('Airflow', d.airflowVersion, release.airflowVersion);
  }
  return release;
}

/** Houston's `updateDeploymentRuntime`: asks for an Astro Runtime upgrade; the next image deploy applies it. */
export function updateDeploymentRuntime(store: Store, args: { deploymentUuid: string; desiredRuntimeVersion: string }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  const release = checkRuntimeUpgrade(d, given(args.desiredRuntimeVersion) ?? '');
  d.desiredRuntimeVersion = release.version;
  d.updatedAt = now(store);
  return d;
}

/** Houston's `cancelRuntimeUpdate`: drops a pending Runtime upgrade (nothing to do when none is pending). */
export function cancelRuntimeUpdate(store: Store, args: { deploymentUuid: string }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  if (d.desiredRuntimeVersion !== null) {
    d.desiredRuntimeVersion = null;
    d.updatedAt = now(store);
  }
  return d;
}

interface ImageRef {
  image: string;
  tag: string;
}

/** Splits `registry/repository:tag` (a digest `@sha256:…` counts as the tag); no tag means `latest`. */
function parseImage(image: string): ImageRef {
  if (/\s/.test(image)) throw deploymentErrors.invalidImage();
  const at = image.indexOf('@');
  if (at > 0) return { image, tag: image.slice(at + 1) };
  const colon = image.lastIndexOf(':');
  const slash = image.lastIndexOf('/');
  if (colon > slash && colon < image.length - 1) return { image, tag: image.slice(colon + 1) };
  if (colon === image.length - 1) throw deploymentErrors.invalidImage();
  return { image, tag: 'latest' };
}

/** A Runtime version named by an image deploy: any X.Y.Z (custom builds are allowed), or none. */
function checkPushedRuntime(runtimeVersion: string | null | undefined): string | undefined {
  const version = given(runtimeVersion);
  if (version && !parseVersion(version)) throw deploymentErrors.unknownRuntimeVersion(version);
  return version;
}

/** The Airflow a Runtime ships: from the catalogue, else that of the newest catalogue release not after it. */
function airflowOfRuntime(version: string): string | null {
  const known = findRuntimeRelease(version);
  if (known) return known.airflowVersion;
  const older = RUNTIME_RELEASES.filter((r) => compareVersions(r.version, version) <= 0);
  return older[older.length - 1]?.airflowVersion ?? null;
}

function recordImageDeploy(store: Store, d: Deployment, ref: ImageRef, caller: Caller | null): void {
  const revision: DeployRevision = {
    id: newId(store),
    deploymentId: d.id,
    deployType: 'image',
    image: ref.image,
    tag: ref.tag,
    description: null,
    createdById: caller?.kind === 'user' ? caller.userId : null,
    createdAt: now(store),
  };
  store.data.deployRevisions[revision.id] = revision;
  d.image = ref.image;
  d.imageTag = ref.tag;
}

/** Points the deployment at a pushed image and records the deploy; a pending upgrade it reaches is done. */
function deployImage(
  store: Store,
  d: Deployment,
  ref: ImageRef,
  versions: { airflowVersion?: string | undefined; runtimeVersion?: string | undefined },
  caller: Caller | null,
): void {
  if (versions.runtimeVersion) {
    d.runtimeVersion = versions.runtimeVersion;
    d.runtimeAirflowVersion = airflowOfRuntime(versions.runtimeVersion);
    d.airflowVersion = null;
    d.desiredAirflowVersion = null;
    if (d.desiredRuntimeVersion && compareVersions(d.desiredRuntimeVersion, versions.runtimeVersion) <= 0) d.desiredRuntimeVersion = null;
  } else if (versions.airflowVersion) {
    d.airflowVersion = versions.airflowVersion;
    if (d.desiredAirflowVersion && compareVersions(d.desiredAirflowVersion, versions.airflowVersion) <= 0) d.desiredAirflowVersion = null;
  }
  recordImageDeploy(store, d, ref, caller);
  d.updatedAt = now(store);
}

export interface UpdateDeploymentImageArgs {
  releaseName: string;
  image: string;
  airflowVersion?: string | null;
  runtimeVersion?: string | null;
}

/** The deployment `updateDeploymentImage` acts on, for the resolver's permission check. */
export function deploymentForImageUpdate(store: Store, releaseName: string): Deployment {
  const name = given(releaseName) ?? '';
  const d = findDeploymentByReleaseName(store, name);
  if (!d) throw errors.noDeploymentWithReleaseName(name);
  return d;
}

/**
 * Houston's `updateDeploymentImage` (0.29.2+): points a deployment, found by release name, at an image already in
 * a registry. Only when `deployments.enableUpdateDeploymentImageEndpoint` is on.
 */
export function updateDeploymentImage(store: Store, caller: Caller | null, args: UpdateDeploymentImageArgs): Deployment {
  const d = deploymentForImageUpdate(store, args.releaseName);
  if (!deploymentFlags(store, { deploymentId: d.id }).enableUpdateDeploymentImageEndpoint) {
    throw errors.featureDisabled('updateDeploymentImage', 'enableUpdateDeploymentImageEndpoint');
  }
  const image = given(args.image);
  if (!image) throw errors.missingArgument('image');
  const ref = parseImage(image);
  const runtimeVersion = checkPushedRuntime(args.runtimeVersion);
  const airflowVersion = given(args.airflowVersion);
  if (airflowVersion && !parseVersion(airflowVersion)) throw deploymentErrors.unknownAirflowVersion(airflowVersion);
  deployImage(store, d, ref, { runtimeVersion, airflowVersion }, caller);
  return d;
}

/** Houston's `upgradeDeployment`: moves the deployment to another Airflow chart version (default: the platform's). */
export function upgradeDeployment(store: Store, args: { deploymentUuid: string; version?: string | null }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  d.version = given(args.version) ?? deploymentFlags(store, { deploymentId: d.id }).chartVersion;
  d.updatedAt = now(store);
  return d;
}

/** Houston's `updateDeploymentKedaConfig`: turns KEDA autoscaling of the Celery workers on or off. */
export function updateDeploymentKedaConfig(store: Store, args: { deploymentUuid: string; state: boolean }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  if (args.state && d.executor !== 'CeleryExecutor') throw deploymentErrors.kedaNeedsCelery();
  d.kedaEnabled = args.state;
  d.updatedAt = now(store);
  return d;
}

/** Houston's `deploymentAlertsUpdate`: replaces the addresses that receive the deployment's alerts. */
export function deploymentAlertsUpdate(store: Store, args: { deploymentUuid: string; alertEmails?: (string | null)[] | null }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  const emails = (args.alertEmails ?? []).filter((e): e is string => typeof e === 'string' && e.trim() !== '').map((e) => e.trim());
  const invalid = emails.find((e) => !/^[^@\s]+@[^@\s]+$/.test(e));
  if (invalid) throw deploymentErrors.invalidAlertEmail(invalid);
  d.alertEmails = [...new Set(emails)];
  d.updatedAt = now(store);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Operator mode (APC 2.1): adopting and unadopting
// ---------------------------------------------------------------------------------------------------------------

export interface AdoptDeploymentArgs {
  workspaceUuid: string;
  clusterId: string;
  crNamespace: string;
  crName: string;
  label?: string | null;
  description?: string | null;
  useApcLogging?: boolean | null;
  useApcRegistry?: boolean | null;
  acceptIncompatibilities?: boolean | null;
}

/**
 * Houston's `adoptDeployment`: takes over an Airflow custom resource the operator already runs (`crName` in
 * `crNamespace` on an ACTIVE cluster). The release name is the resource's name, the namespace its namespace, the
 * label `label` or the resource's name; it runs in operator mode on the newest Runtime (the emulator cannot read
 * the resource).
 */
export function adoptDeployment(store: Store, args: AdoptDeploymentArgs): Deployment {
  const workspace = requireWorkspace(store, given(args.workspaceUuid));
  const clusterId = given(args.clusterId);
  if (!clusterId) throw errors.missingArgument('clusterId');
  requireActiveCluster(store, clusterId);
  const crName = given(args.crName);
  if (!crName) throw errors.missingArgument('crName');
  const crNamespace = given(args.crNamespace);
  if (!crNamespace) throw errors.missingArgument('crNamespace');
  validateReleaseName(crName);
  validateNamespaceName(crNamespace);
  if (releaseNameTaken(store, crName)) throw deploymentErrors.duplicateReleaseName(crName);
  if (namespaceTaken(store, crNamespace)) throw deploymentErrors.namespaceInUse(crNamespace);
  const label = given(args.label) ?? crName;
  checkLabelFree(store, workspace.id, label);
  const flags = deploymentFlags(store, { clusterId, workspaceId: workspace.id });
  const runtime = defaultRuntimeRelease();
  const timestamp = now(store);
  const component = (name: Component) => sizedComponent(name, undefined, undefined);
  const d: Deployment = {
    id: newId(store),
    workspaceId: workspace.id,
    clusterId,
    label,
    description: args.description ?? null,
    releaseName: crName,
    namespace: crNamespace,
    type: 'airflow',
    version: flags.chartVersion,
    executor: 'CeleryExecutor',
    airflowVersion: null,
    desiredAirflowVersion: null,
    runtimeVersion: runtime.version,
    desiredRuntimeVersion: null,
    runtimeAirflowVersion: runtime.airflowVersion,
    image: `${RUNTIME_IMAGE_REPOSITORY}:${runtime.version}`,
    imageTag: runtime.version,
    status: 'HEALTHY',
    mode: 'operator',
    cloudRole: null,
    config: {
      adoption: {
        useApcLogging: args.useApcLogging === true,
        useApcRegistry: args.useApcRegistry === true,
        acceptIncompatibilities: args.acceptIncompatibilities === true,
      },
    },
    properties: { extra_au: 0 },
    scheduler: component('scheduler'),
    webserver: component('webserver'),
    workers: { ...component('workers'), terminationGracePeriodSeconds: WORKER_TERMINATION_GRACE_SECONDS },
    triggerer: { ...component('triggerer'), replicas: flags.triggererEnabled ? 1 : 0 },
    dagProcessor: null,
    environmentVariables: [],
    upsertedEnvironmentVariables: null,
    dagDeployment: emptyDagDeployment('image'),
    alertEmails: [],
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    adopted: true,
    kedaEnabled: false,
    createdAt: timestamp,
    updatedAt: timestamp,
    deletedAt: null,
  };
  store.data.deployments[d.id] = d;
  rowChanged(store, 'deployments', d.id);
  return d;
}

/**
 * Houston's `unadoptDeployment`: the platform lets go of an operator-mode deployment (its record, role bindings and
 * service accounts go; the operator keeps running the Airflow). Answers the deployment as it was.
 */
export function unadoptDeployment(store: Store, args: { deploymentUuid: string }): Deployment {
  const d = requireDeployment(store, args.deploymentUuid);
  if (d.mode !== 'operator') throw deploymentErrors.notOperatorMode();
  purge(store, d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Git-sync credentials check (APC 2.1)
// ---------------------------------------------------------------------------------------------------------------

export interface GitSyncCheckArgs {
  clusterId: string;
  repositoryUrl: string;
  httpsUsername?: string | null;
  httpsToken: string;
}

/**
 * Houston's `validateGitSyncCredentials`, answered without a network from the shape of the request (a documented
 * houston-mock convention): a URL that is not `https://host/…` is INVALID_URL; a host beginning with `unreachable`,
 * `timeout` or `tls-error` gives UNREACHABLE, TIMEOUT or TLS_ERROR; an empty token, or one beginning with
 * `invalid`, is AUTH_FAILED; anything else is OK.
 */
export function validateGitSyncCredentials(store: Store, args: GitSyncCheckArgs): { valid: boolean; category: string; message: string } {
  const clusterId = given(args.clusterId);
  if (!clusterId) throw errors.missingArgument('clusterId');
  assert(store.data.clusters[clusterId], errors.notFound);
  const fail = (category: string, message: string) => ({ valid: false, category, message });
  let url: URL;
  try {
    url = new URL((args.repositoryUrl ?? '').trim());
  } catch {
    return fail('INVALID_URL', 'repositoryUrl is not a valid URL');
  }
  if (url.protocol !== 'https:' || !url.hostname || url.pathname.length <= 1) {
    return fail('INVALID_URL', 'repositoryUrl must be an https:// URL of a Git repository');
  }
  const host = url.hostname.toLowerCase();
  if (host.startsWith('unreachable')) return fail('UNREACHABLE', `Could not reach ${host}`);
  if (host.startsWith('timeout')) return fail('TIMEOUT', `Timed out connecting to ${host}`);
  if (host.startsWith('tls-error')) return fail('TLS_ERROR', `The TLS certificate of ${host} could not be verified`);
  const token = args.httpsToken ?? '';
  if (token.trim() === '' || token.startsWith('invalid')) {
    return fail('AUTH_FAILED', `Authentication to ${host} failed with the given credentials`);
  }
  return { valid: true, category: 'OK', message: `The repository at ${url.href} can be cloned with these credentials` };
}
