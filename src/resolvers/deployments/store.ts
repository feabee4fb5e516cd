/**
 * Deployments: Airflow environments in a workspace. Operations are named after the Houston fields they back; each
 * validates everything before it writes, so a refused call leaves the platform (random state included) unchanged.
 *
 * This file is the domain's front door (resolvers and other domains import from here); each part lives in its own
 * file:
 * - errors.ts: this domain's error texts (ours where Houston's are not public)
 * - lookups.ts: live deployments by id, workspace or release name, shared with other domains
 * - flags.ts: the effective feature flags (platform config, then cluster, workspace and deployment overrides)
 * - components.ts: component sizing (astro units, replicas) and its views
 * - variables.ts: environment variables
 * - dagDeployment.ts: the DAG deployment mechanism (image, NFS volume, git-sync, DAG-only)
 * - releases.ts: the Astronomer Certified and Astro Runtime release catalogues
 * - views.ts: derived fields (URLs, deploy info, status, capabilities)
 * - queries.ts: the Houston queries
 * - operations.ts: creating, updating, upserting and deleting
 * - versionsAndImages.ts: variables, Airflow/Runtime versions, image deploys, KEDA, alerts
 * - adoption.ts: operator mode (adopt, unadopt)
 * - gitSync.ts: the git-sync credentials check, answered from scripted rules
 * - rollouts.ts: rollouts on the platform clock (DEPLOYING, then HEALTHY or UNHEALTHY)
 */
export { serviceAccountsByDeployment } from '../serviceAccounts/store.js';
export { deploymentErrors } from './errors.js';
export { liveDeployments, getLiveDeployment, findDeploymentByReleaseName, isJson } from './lookups.js';
export type { Json } from './lookups.js';
export { deploymentFlags } from './flags.js';
export type { DeploymentFlags } from './flags.js';
export { ASTRO_UNIT, schedulerView, webserverView, workersView, triggererView, configView } from './components.js';
export type { ResourcesInput, ComponentInput } from './components.js';
export { maskedVariables } from './variables.js';
export type { VariableInput } from './variables.js';
export { dagDeploymentView } from './dagDeployment.js';
export type { DagDeploymentInput } from './dagDeployment.js';
export { deploymentUrls, deployInfo, STATUS_TYPES, isDeploymentStatus, setDeploymentStatus, deploymentStatus, deploymentRoleBindings, roleBindingsByDeployment, deploymentCapabilities, canSeeDeployment } from './views.js';
export type { DeploymentStatusType } from './views.js';
export { deployment, deletedDeployment, deployments, workspaceDeployments, workspaceDeployment, paginatedDeployments, deploymentVariables, airflowReleases, airflowRelease, runtimeReleases, availableNamespaces, deploymentConfig, DEPLOY_REVISION_PAGE_MAX, paginatedDeployRevisions, isCurrentRevision } from './queries.js';
export type { DeploymentWhere, PaginatedDeploymentsArgs, DeployRevisionPageArgs } from './queries.js';
export { createDeployment, updateDeployment, assertUpsertEnabled, upsertTarget, upsertDeployment, deleteDeployment } from './operations.js';
export type { DeploymentInput, CreateDeploymentArgs, UpdateDeploymentArgs, UpsertDeploymentArgs, UpsertTarget } from './operations.js';
export { updateDeploymentVariables, updateDeploymentAirflow, updateDeploymentRuntime, cancelRuntimeUpdate, deploymentForImageUpdate, updateDeploymentImage, upgradeDeployment, updateDeploymentKedaConfig, deploymentAlertsUpdate } from './versionsAndImages.js';
export type { UpdateDeploymentImageArgs } from './versionsAndImages.js';
export { adoptDeployment, unadoptDeployment } from './adoption.js';
export type { AdoptDeploymentArgs } from './adoption.js';
export { validateGitSyncCredentials } from './gitSync.js';
export { settleRollout, startRollout } from './rollouts.js';
export type { GitSyncCheckArgs } from './gitSync.js';
