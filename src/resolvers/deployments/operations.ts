/**
 * Creating, updating, upserting and deleting deployments.
 */
import type { Caller } from '../../auth/permissions.js';
import { errors } from '../../core/errors.js';
import { compareVersions, parseVersion } from '../../schema/versions.js';
import type { ComponentResources, Deployment, ExecutorType } from '../../store/entities.js';
import { derived, rowChanged } from '../../store/lookups.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';
import { defaultCluster, requireActiveCluster } from '../clusters/store.js';
import { deleteEntityServiceAccounts } from '../serviceAccounts/store.js';
import { type ComponentInput, sizedComponent, WORKER_TERMINATION_GRACE_SECONDS } from './components.js';
import { type DagDeploymentInput, nextDagDeployment } from './dagDeployment.js';
import { deploymentErrors } from './errors.js';
import { type DeploymentFlags, deploymentFlags } from './flags.js';
import {
  atLeast,
  deploymentsByReleaseName,
  findDeploymentByReleaseName,
  given,
  isJson,
  type Json,
  liveDeployments,
  requireDeployment,
  requireWorkspace,
} from './lookups.js';
import { generateReleaseName, namespaceFor, validateNamespaceName, validateReleaseName } from './names.js';
import { EXECUTORS } from './queries.js';
import { defaultAirflowRelease, defaultRuntimeRelease, findAirflowRelease, findRuntimeRelease } from './releases.js';
import { startRollout } from './rollouts.js';
import { nextVariables, type VariableInput } from './variables.js';
import { checkPushedRuntime, checkRuntimeUpgrade, deployImage, parseImage, recordImageDeploy } from './versionsAndImages.js';
import { deploymentRoleBindings, revisionsOf } from './views.js';

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

export function checkLabelFree(store: Store, workspaceId: string, label: string, deploymentId?: string): void {
  const taken = liveDeployments(store, workspaceId).some((d) => d.label === label && d.id !== deploymentId);
  if (taken) throw errors.duplicateDeploymentLabel(label);
}

/** Release names stay reserved while a soft-deleted deployment keeps its record (Houston's column is unique). */
export function releaseNameTaken(store: Store, releaseName: string): boolean {
  return derived(store, deploymentsByReleaseName).has(releaseName);
}

export function namespaceTaken(store: Store, namespace: string): boolean {
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
    const release = runtimeVersion ? findRuntimeRelease(runtimeVersion, store.config.platformVersion) : defaultRuntimeRelease();
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
  insertRow(store, 'deployments', d);
  if (prepared.imageRef) recordImageDeploy(store, d, prepared.imageRef, caller);
  startRollout(store, d);
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
  const found = requireDeployment(store, args.deploymentUuid);
  const changes = prepareUpdate(store, found, args);
  return applyChanges(store, writableRow(store, 'deployments', found), changes);
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
  const found = target.deployment;
  const changes = prepareUpdate(store, found, { ...args, deploymentUuid: found.id });
  const variables = args.environmentVariables ? nextVariables(found.environmentVariables, args.environmentVariables) : undefined;
  const imageArg = given(args.image);
  const imageRef = imageArg ? parseImage(imageArg) : undefined;
  const runtime = imageRef ? checkPushedRuntime(args.runtimeVersion) : undefined;
  const desired = imageRef ? undefined : given(args.desiredRuntimeVersion) ?? given(args.runtimeVersion);
  if (desired && desired !== found.runtimeVersion) checkRuntimeUpgrade(store, found, desired);
  const d = applyChanges(store, writableRow(store, 'deployments', found), changes);
  if (variables) {
    d.environmentVariables = variables;
    d.upsertedEnvironmentVariables = [...variables];
  }
  if (desired && desired !== d.runtimeVersion) d.desiredRuntimeVersion = desired;
  if (imageRef) deployImage(store, d, imageRef, { runtimeVersion: runtime }, caller);
  // Houston applies every upsert with a Helm upgrade, whatever it changed.
  startRollout(store, d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// Deleting
// ---------------------------------------------------------------------------------------------------------------

/**
 * Removes a deployment for good with everything that only made sense with it: role bindings on it, its service
 * accounts (and their bindings) and its deploy revisions.
 */
export function purge(store: Store, d: Deployment): void {
  for (const binding of deploymentRoleBindings(store, d.id)) deleteRow(store, 'roleBindings', binding.id);
  deleteEntityServiceAccounts(store, 'DEPLOYMENT', d.id);
  for (const revision of revisionsOf(store, d.id)) deleteRow(store, 'deployRevisions', revision.id);
  deleteRow(store, 'deployments', d.id);
}

/**
 * Houston's `deleteDeployment`: a soft delete (the record stays with `deletedAt` set, leaves every list and lookup,
 * frees its label and namespace but keeps its release name reserved) unless `deploymentHardDelete` is asked for and
 * `hardDeleteDeployment` allows it, which removes the deployment and frees the release name too.
 */
export function deleteDeployment(store: Store, args: { deploymentUuid: string; deploymentHardDelete?: boolean | null }): Deployment {
  const found = requireDeployment(store, args.deploymentUuid);
  const hard = args.deploymentHardDelete === true && deploymentFlags(store, { deploymentId: found.id }).hardDeleteDeployment;
  const d = writableRow(store, 'deployments', found);
  const timestamp = now(store);
  d.deletedAt = timestamp;
  rowChanged(store, 'deployments', d.id);
  d.updatedAt = timestamp;
  if (hard) purge(store, d);
  return d;
}
