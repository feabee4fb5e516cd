/**
 * Lookups shared with other domains: live (not deleted) deployments by id, workspace or release name, and small
 * argument helpers.
 */
import { assert, errors } from '../../core/errors.js';
import { compareVersions } from '../../schema/versions.js';
import type { Deployment, Workspace } from '../../store/entities.js';
import { derived, groupedView } from '../../store/lookups.js';
import type { Store } from '../../store/state.js';

/** The platform's deployments that have not been deleted, in creation order. */
const allLiveDeployments = groupedView('liveDeployments', 'deployments', (d) => (d.deletedAt === null ? 'live' : null));

/** The same, grouped by workspace. */
const liveByWorkspace = groupedView('liveDeploymentsOfWorkspace', 'deployments', (d) => (d.deletedAt === null ? d.workspaceId : null));

/** Every deployment (deleted ones included) by release name: release names stay reserved after a soft delete. */
export const deploymentsByReleaseName = groupedView('deploymentsByReleaseName', 'deployments', (d) => d.releaseName);

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
  return derived(store, deploymentsByReleaseName)
    .get(releaseName)
    ?.find((d) => d.deletedAt === null);
}

export function requireDeployment(store: Store, deploymentId: string | null | undefined): Deployment {
  const deployment = getLiveDeployment(store, deploymentId);
  assert(deployment, errors.notFound);
  return deployment;
}

export function requireWorkspace(store: Store, workspaceId: string | null | undefined): Workspace {
  const workspace = workspaceId ? store.data.workspaces[workspaceId] : undefined;
  assert(workspace, errors.notFound);
  return workspace;
}

export function atLeast(store: Store, version: string): boolean {
  return compareVersions(store.config.platformVersion, version) >= 0;
}

/** Empty strings count as "not sent": the Astro CLI sends `""` for options the user did not give. */
export function given(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export type Json = Record<string, unknown>;

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
