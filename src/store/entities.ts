/**
 * The platform's data model: what houston-mock remembers about each Houston entity. Plain, JSON-serialisable
 * records that reference each other by id (like Houston's database rows), so the whole platform can be cloned for
 * a snapshot, saved to a state file and loaded from a fixture. Timestamps are RFC 3339 strings, Houston's wire
 * format. GraphQL shapes (nested objects, derived counts) are built from these by the resolvers.
 */

export type RoleName =
  | 'SYSTEM_ADMIN'
  | 'SYSTEM_EDITOR'
  | 'SYSTEM_VIEWER'
  | 'WORKSPACE_ADMIN'
  | 'WORKSPACE_EDITOR'
  | 'WORKSPACE_VIEWER'
  | 'DEPLOYMENT_ADMIN'
  | 'DEPLOYMENT_EDITOR'
  | 'DEPLOYMENT_VIEWER'
  | 'USER';

export type UserStatus = 'active' | 'pending' | 'inactive' | 'banned';

export interface EmailRecord {
  id: string;
  address: string;
  primary: boolean;
  verified: boolean;
  /** Email-confirmation token, cleared once verified. */
  token: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface User {
  id: string;
  username: string;
  fullName: string | null;
  status: UserStatus;
  avatarUrl: string | null;
  emails: EmailRecord[];
  /** Local (username/password) credentials; null for users who only log in through an identity provider. */
  localCredential: { passwordHash: string; salt: string; resetToken: string | null } | null;
  createdAt: string;
  updatedAt: string;
}

/** Bookkeeping of a workspace's or deployment's `deployments.*` override (every write carries a reason). */
export interface DeploymentsConfigChange {
  reason: string;
  createdAt: string;
  updatedAt: string;
}

export interface Workspace {
  id: string;
  label: string;
  description: string | null;
  active: boolean;
  /** Config-governance override of `deployments.*` for this workspace (APC 2.x), or null. */
  deploymentsConfig: Record<string, unknown> | null;
  deploymentsConfigDeletedAt: string | null;
  /** When the override was first and last written, and the reason given with the last write. */
  deploymentsConfigChange?: DeploymentsConfigChange | null;
  createdAt: string;
  updatedAt: string;
}

export type ExecutorType = 'LocalExecutor' | 'CeleryExecutor' | 'KubernetesExecutor';

export interface EnvironmentVariable {
  key: string;
  value: string;
  isSecret: boolean;
}

export interface DagDeploymentSettings {
  type: string;
  nfsLocation: string | null;
  repositoryUrl: string | null;
  branchName: string | null;
  syncInterval: number | null;
  syncTimeout: number | null;
  ephemeralStorage: number | null;
  dagDirectoryLocation: string | null;
  rev: string | null;
  sshKey: string | null;
  knownHosts: string | null;
  /** Git over HTTPS (APC 2.1): `HTTPS_NONE` or `HTTPS_PAT`, the user name, and the token (write-only, never returned). */
  authType?: string | null;
  httpsUsername?: string | null;
  httpsToken?: string | null;
  /** `poll` (default) or `webhook` (APC 2.1). */
  gitSyncRepoFetchMode?: string | null;
}

export interface ComponentResources {
  /** CPU in millicores and memory in MiB (whole Astronomer Units: 1 AU = 100m, 384 MiB); requests equal limits. */
  resources: { cpu: number; memory: number } | null;
  replicas: number | null;
}

export interface Deployment {
  id: string;
  workspaceId: string;
  clusterId: string | null;
  label: string;
  description: string | null;
  releaseName: string;
  namespace: string;
  type: string;
  /** Version of the Airflow Helm chart the deployment runs. */
  version: string;
  executor: ExecutorType;
  airflowVersion: string | null;
  desiredAirflowVersion: string | null;
  runtimeVersion: string | null;
  desiredRuntimeVersion: string | null;
  runtimeAirflowVersion: string | null;
  image: string | null;
  imageTag: string | null;
  status: string;
  /** The rollout under way, while `status` is DEPLOYING because of one (see deployments/rollouts.ts). */
  rollout?: DeploymentRollout | null;
  mode: string;
  cloudRole: string | null;
  /** Free-form Helm-style config as Houston keeps it (resources, replicas, extra settings). */
  config: Record<string, unknown>;
  properties: Record<string, unknown>;
  scheduler: ComponentResources;
  webserver: ComponentResources;
  workers: ComponentResources & { terminationGracePeriodSeconds: number | null };
  triggerer: ComponentResources;
  /** Standalone DAG processor (platform 1.0+), when one was asked for. */
  dagProcessor?: ComponentResources | null;
  environmentVariables: EnvironmentVariable[];
  /** The variables the last `upsertDeployment` call sent (it replaces the whole set). */
  upsertedEnvironmentVariables?: EnvironmentVariable[] | null;
  /** KEDA autoscaling of Celery workers (`updateDeploymentKedaConfig`). */
  kedaEnabled?: boolean;
  dagDeployment: DagDeploymentSettings;
  alertEmails: string[];
  /** Config-governance override of `deployments.*` for this deployment (APC 2.x), or null. */
  deploymentsConfig: Record<string, unknown> | null;
  deploymentsConfigDeletedAt: string | null;
  deploymentsConfigChange?: DeploymentsConfigChange | null;
  /** Adopted from an existing Airflow custom resource (APC 2.1 operator mode). */
  adopted: boolean;
  createdAt: string;
  updatedAt: string;
  /** Set when soft-deleted; a soft-deleted deployment leaves every list and lookup. */
  deletedAt: string | null;
}

/** A rollout on the platform clock: it ends at `endsAt` (never, when null) with the deployment `outcome`. */
export interface DeploymentRollout {
  startedAt: string;
  endsAt: string | null;
  outcome: 'HEALTHY' | 'UNHEALTHY';
}

export interface RoleBinding {
  id: string;
  role: RoleName;
  userId: string | null;
  serviceAccountId: string | null;
  teamId: string | null;
  workspaceId: string | null;
  deploymentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type EntityType = 'SYSTEM' | 'WORKSPACE' | 'DEPLOYMENT';

export interface ServiceAccount {
  id: string;
  label: string;
  category: string | null;
  /** The full API key: 32 characters, no `.`. Houston shows it only in the creation answer. */
  apiKey: string;
  entityType: EntityType;
  /** The workspace or deployment the account belongs to; null for system service accounts. */
  entityId: string | null;
  active: boolean;
  lastUsedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Team {
  id: string;
  name: string;
  description: string | null;
  /** `local` for teams made in Houston, else the identity provider (`okta`, `auth0`, …). */
  provider: string;
  userIds: string[];
  /** Position in team lists: increases with each new team and never changes, so pages stay stable. */
  sortId: number;
  createdAt: string;
  updatedAt: string;
}

export interface Invite {
  id: string;
  email: string;
  /** Workspace the invite grants access to, or null for a platform (system) invite. */
  workspaceId: string | null;
  role: RoleName;
  token: string;
  createdAt: string;
  updatedAt: string;
}

export interface Cluster {
  id: string;
  name: string;
  baseDomain: string;
  metadataUrl: string | null;
  k8sVersion: string;
  status: 'ACTIVE' | 'INACTIVE';
  healthStatus: Record<string, unknown> | null;
  statusReason: Record<string, unknown> | null;
  deploymentsConfigOverride: Record<string, unknown> | null;
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface DeployRevision {
  id: string;
  deploymentId: string;
  /** `image` or `dag` deploy. */
  deployType: string;
  image: string | null;
  tag: string | null;
  description: string | null;
  createdById: string | null;
  createdAt: string;
}
