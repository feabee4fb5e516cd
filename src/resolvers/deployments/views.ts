/**
 * Fields derived from a stored deployment: URLs, deploy info, status, role bindings and capabilities.
 */
import { type Caller, hasPermission } from '../../auth/permissions.js';
import type { Deployment, DeployRevision, RoleBinding } from '../../store/entities.js';
import { derived, groupedView } from '../../store/lookups.js';
import type { Store } from '../../store/state.js';
import { atLeast, getLiveDeployment } from './lookups.js';
import { writableRow } from '../../store/rows.js';

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

export function revisionsOf(store: Store, deploymentId: string): DeployRevision[] {
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
  const found = getLiveDeployment(store, deploymentId);
  const d = found && writableRow(store, 'deployments', found);
  if (d) {
    d.status = status;
    // What monitoring reports replaces whatever a rollout under way would have ended with.
    d.rollout = null;
  }
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
