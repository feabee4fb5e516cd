/**
 * Effective deployment feature flags: the platform config, then cluster, workspace and deployment overrides (2.x).
 */
import type { HoustonConfig } from '../../config/config.js';
import type { Store } from '../../store/state.js';
import { effectiveDeploymentsConfig } from '../clusters/store.js';
import { isJson, type Json } from './lookups.js';

/**
 * The deployment settings a deployment's behaviour depends on, after overrides: the platform config's `deployments`
 * keys less the two that are platform-wide only.
 */
export type DeploymentFlags = Omit<HoustonConfig['deployments'], 'upsertDeploymentEnabled' | 'deployRollback'>;

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
