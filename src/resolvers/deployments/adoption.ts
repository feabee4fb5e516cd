/**
 * Operator mode (APC 2.1): adopting an Airflow the operator already runs, and letting it go.
 */
import { errors } from '../../core/errors.js';
import type { Deployment } from '../../store/entities.js';
import { insertRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';
import { requireActiveCluster } from '../clusters/store.js';
import { type Component, sizedComponent, WORKER_TERMINATION_GRACE_SECONDS } from './components.js';
import { emptyDagDeployment } from './dagDeployment.js';
import { deploymentErrors } from './errors.js';
import { deploymentFlags } from './flags.js';
import { given, requireDeployment, requireWorkspace } from './lookups.js';
import { validateNamespaceName, validateReleaseName } from './names.js';
import { checkLabelFree, namespaceTaken, purge, releaseNameTaken } from './operations.js';
import { defaultRuntimeRelease, RUNTIME_IMAGE_REPOSITORY } from './releases.js';

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
  insertRow(store, 'deployments', d);
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
