/**
 * Errors of the deployments domain whose texts are our own (Houston's are not public); see docs/DIFFERENCES.md.
 */
import { errors, type HoustonError } from '../../core/errors.js';

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
  resourcesOutOfRange: (component: string, maxPod: { cpu: number; memory: number }): HoustonError =>
    errors.badInput(
      `${component} resources must be positive whole numbers no larger than one pod allows (${maxPod.cpu} millicores CPU, ${maxPod.memory} MiB memory)`,
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
