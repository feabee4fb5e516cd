/**
 * Changes to a running deployment: variables, Airflow and Runtime versions, image deploys, chart upgrades, KEDA and
 * alerts.
 */
import type { Caller } from '../../auth/permissions.js';
import { errors } from '../../core/errors.js';
import { compareVersions, parseVersion } from '../../schema/versions.js';
import type { DeployRevision, Deployment, EnvironmentVariable } from '../../store/entities.js';
import { insertRow, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';
import { deploymentErrors } from './errors.js';
import { deploymentFlags } from './flags.js';
import { findDeploymentByReleaseName, given, requireDeployment } from './lookups.js';
import { findAirflowRelease, findRuntimeRelease, RUNTIME_RELEASES, type RuntimeReleaseInfo } from './releases.js';
import { startRollout } from './rollouts.js';
import { maskedVariables, nextVariables, type VariableInput } from './variables.js';

/** Houston's `updateDeploymentVariables`: replaces the whole set; answers it sorted, secret values blanked. */
export function updateDeploymentVariables(
  store: Store,
  args: { deploymentUuid: string; environmentVariables: (VariableInput | null)[] | null },
): EnvironmentVariable[] {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
  d.environmentVariables = nextVariables(d.environmentVariables, args.environmentVariables ?? []);
  d.updatedAt = now(store);
  return maskedVariables(d.environmentVariables);
}

/** Houston's `updateDeploymentAirflow`: asks for an Airflow (Astronomer Certified) upgrade; the next deploy applies it. */
export function updateDeploymentAirflow(store: Store, args: { deploymentUuid: string; desiredAirflowVersion: string }): Deployment {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
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
export function checkRuntimeUpgrade(store: Store, d: Deployment, version: string): RuntimeReleaseInfo {
  const release = findRuntimeRelease(version, store.config.platformVersion);
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
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
  const release = checkRuntimeUpgrade(store, d, given(args.desiredRuntimeVersion) ?? '');
  d.desiredRuntimeVersion = release.version;
  d.updatedAt = now(store);
  return d;
}

/** Houston's `cancelRuntimeUpdate`: drops a pending Runtime upgrade (nothing to do when none is pending). */
export function cancelRuntimeUpdate(store: Store, args: { deploymentUuid: string }): Deployment {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
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
export function parseImage(image: string): ImageRef {
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
export function checkPushedRuntime(runtimeVersion: string | null | undefined): string | undefined {
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

export function recordImageDeploy(store: Store, d: Deployment, ref: ImageRef, caller: Caller | null): void {
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
  insertRow(store, 'deployRevisions', revision);
  d.image = ref.image;
  d.imageTag = ref.tag;
}

/** Points the deployment at a pushed image and records the deploy; a pending upgrade it reaches is done. */
export function deployImage(
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
  const found = deploymentForImageUpdate(store, args.releaseName);
  if (!deploymentFlags(store, { deploymentId: found.id }).enableUpdateDeploymentImageEndpoint) {
    throw errors.featureDisabled('updateDeploymentImage', 'enableUpdateDeploymentImageEndpoint');
  }
  const image = given(args.image);
  if (!image) throw errors.missingArgument('image');
  const ref = parseImage(image);
  const runtimeVersion = checkPushedRuntime(args.runtimeVersion);
  const airflowVersion = given(args.airflowVersion);
  if (airflowVersion && !parseVersion(airflowVersion)) throw deploymentErrors.unknownAirflowVersion(airflowVersion);
  const d = writableRow(store, 'deployments', found);
  deployImage(store, d, ref, { runtimeVersion, airflowVersion }, caller);
  startRollout(store, d);
  return d;
}

/** Houston's `upgradeDeployment`: moves the deployment to another Airflow chart version (default: the platform's). */
export function upgradeDeployment(store: Store, args: { deploymentUuid: string; version?: string | null }): Deployment {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
  d.version = given(args.version) ?? deploymentFlags(store, { deploymentId: d.id }).chartVersion;
  d.updatedAt = now(store);
  startRollout(store, d);
  return d;
}

/** Houston's `updateDeploymentKedaConfig`: turns KEDA autoscaling of the Celery workers on or off. */
export function updateDeploymentKedaConfig(store: Store, args: { deploymentUuid: string; state: boolean }): Deployment {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
  if (args.state && d.executor !== 'CeleryExecutor') throw deploymentErrors.kedaNeedsCelery();
  d.kedaEnabled = args.state;
  d.updatedAt = now(store);
  return d;
}

/** Houston's `deploymentAlertsUpdate`: replaces the addresses that receive the deployment's alerts. */
export function deploymentAlertsUpdate(store: Store, args: { deploymentUuid: string; alertEmails?: (string | null)[] | null }): Deployment {
  const d = writableRow(store, 'deployments', requireDeployment(store, args.deploymentUuid));
  const emails = (args.alertEmails ?? []).filter((e): e is string => typeof e === 'string' && e.trim() !== '').map((e) => e.trim());
  const invalid = emails.find((e) => !/^[^@\s]+@[^@\s]+$/.test(e));
  if (invalid) throw deploymentErrors.invalidAlertEmail(invalid);
  d.alertEmails = [...new Set(emails)];
  d.updatedAt = now(store);
  return d;
}
