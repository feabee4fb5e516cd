import type { Store } from '../../store/state.js';

/** The feature flags Houston reports in `appConfig.featureFlags`, read from the effective configuration. */
export function featureFlags(store: Store): Record<string, boolean> {
  const d = store.config.deployments;
  return {
    manualReleaseNames: d.manualReleaseNames,
    manualNamespaceNames: d.manualNamespaceNames,
    namespaceFreeFormEntry: d.namespaceFreeFormEntry,
    hardDeleteDeployment: d.hardDeleteDeployment,
    triggererEnabled: d.triggererEnabled,
    configureDagDeployment: d.configureDagDeployment,
    nfsMountDagDeployment: d.nfsMountDagDeployment,
    gitSyncDagDeployment: d.gitSyncDagDeployment,
    dagOnlyDeployment: d.dagOnlyDeployment,
    // Every platform the emulator serves runs Astro Runtime from 0.29 on, as Houston's defaults do.
    astroRuntimeEnabled: true,
    byoUpdateRegistryEnabled: false,
    upsertDeploymentEnabled: d.upsertDeploymentEnabled ?? true,
    enableUpdateDeploymentImageEndpoint: d.enableUpdateDeploymentImageEndpoint,
    deployRollbackEnabled: d.deployRollback.enabled,
  };
}

/** Houston's `appConfig`: the platform version and the switches clients adapt to. Public, asked before login. */
export function appConfig(store: Store) {
  const c = store.config;
  const d = c.deployments;
  return {
    version: c.platformVersion,
    baseDomain: c.baseDomain,
    byoUpdateRegistryHost: null,
    smtpConfigured: false,
    manualReleaseNames: d.manualReleaseNames,
    configureDagDeployment: d.configureDagDeployment,
    nfsMountDagDeployment: d.nfsMountDagDeployment,
    manualNamespaceNames: d.manualNamespaceNames,
    hardDeleteDeployment: d.hardDeleteDeployment,
    triggererEnabled: d.triggererEnabled,
    prometheusEnabled: false,
    elasticSearchEnabled: false,
    featureFlags: featureFlags(store),
  };
}

/** Houston's `authConfig`: how users may sign in. The emulator offers local (password) login only. */
export function authConfig(store: Store) {
  return {
    localEnabled: store.config.auth.local.enabled,
    publicSignup: store.config.publicSignups,
    // Houston's own key; its default (null) says no external sign-up page is configured.
    externalSignupUrl: store.config.externalSignupUrl,
    initialSignup: Object.keys(store.data.users).length === 0,
    providers: [],
  };
}
