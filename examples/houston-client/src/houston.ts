import { GraphQLClient, gql } from 'graphql-request';
import { HoustonError } from './errors.js';

export { HoustonError, type HoustonErrorCode } from './errors.js';

/**
 * A small client for Astronomer Software's Houston API (`https://houston.<base domain>/v1`), covering what a
 * provisioning script or CI job needs: workspaces, deployments, their environment variables and deployment
 * service accounts. Operations follow the shapes the Astro CLI sends to Houston 0.29 and later.
 */

export type Executor = 'LocalExecutor' | 'CeleryExecutor' | 'KubernetesExecutor';
export type DeploymentRole = 'DEPLOYMENT_ADMIN' | 'DEPLOYMENT_EDITOR' | 'DEPLOYMENT_VIEWER';

export interface HoustonClientOptions {
  /** The GraphQL endpoint, e.g. `https://houston.example.com/v1`. */
  url: string;
  /** A user token (from `createToken` or the UI) or a service account's API key; Houston takes both as is. */
  token: string;
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
  /** Extra attempts for reads when Houston is unavailable (HTTP 502/503/504 or no answer). Default 2. */
  retries?: number;
  /** Wait before the first retry; doubled for each later one. Default 250 ms. */
  retryDelayMs?: number;
}

export interface Workspace {
  id: string;
  label: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Deployment {
  id: string;
  type: string;
  label: string;
  releaseName: string;
  version: string | null;
  airflowVersion: string | null;
  runtimeVersion: string | null;
  urls: { type: string; url: string }[];
  createdAt: string;
  updatedAt: string;
}

export interface EnvironmentVariable {
  key: string;
  /** Houston never returns a secret's value once stored. */
  value: string | null;
  isSecret: boolean;
}

/** What `setVariables` takes: the value, or `{ value, secret: true }` for values Houston must not show again. */
export type VariableInput = string | { value: string; secret: boolean };

export interface DeploymentServiceAccount {
  id: string;
  label: string;
  /** The credential to use as `token`: shown in full only in the answer that creates the account. */
  apiKey: string;
  deploymentUuid: string;
  category: string | null;
  active: boolean;
  createdAt: string;
}

const LIST_WORKSPACES = gql`
  query GetWorkspaces {
    workspaces {
      id
      label
      description
      createdAt
      updatedAt
    }
  }
`;

const DEPLOYMENT_FIELDS = gql`
  fragment DeploymentFields on Deployment {
    id
    type
    label
    releaseName
    version
    airflowVersion
    runtimeVersion
    urls {
      type
      url
    }
    createdAt
    updatedAt
  }
`;

const LIST_DEPLOYMENTS = gql`
  query GetDeployments($workspaceId: Uuid!) {
    workspaceDeployments(workspaceUuid: $workspaceId) {
      ...DeploymentFields
    }
  }
  ${DEPLOYMENT_FIELDS}
`;

const GET_DEPLOYMENT = gql`
  query GetDeployment($id: String!) {
    deployment(where: { id: $id }) {
      ...DeploymentFields
    }
  }
  ${DEPLOYMENT_FIELDS}
`;

// `type` has a default because Houston has only ever known "airflow"; the CLI declares it the same way.
const CREATE_DEPLOYMENT = gql`
  mutation CreateDeployment(
    $workspaceId: Uuid!
    $label: String!
    $type: String = "airflow"
    $executor: ExecutorType!
    $releaseName: String
    $airflowVersion: String
    $runtimeVersion: String
  ) {
    createDeployment(
      workspaceUuid: $workspaceId
      label: $label
      type: $type
      executor: $executor
      releaseName: $releaseName
      airflowVersion: $airflowVersion
      runtimeVersion: $runtimeVersion
    ) {
      ...DeploymentFields
    }
  }
  ${DEPLOYMENT_FIELDS}
`;

const DELETE_DEPLOYMENT = gql`
  mutation DeleteDeployment($deploymentId: Uuid!, $hardDelete: Boolean) {
    deleteDeployment(deploymentUuid: $deploymentId, deploymentHardDelete: $hardDelete) {
      id
    }
  }
`;

const GET_VARIABLES = gql`
  query GetDeploymentVariables($deploymentId: Uuid!, $releaseName: String) {
    deploymentVariables(deploymentUuid: $deploymentId, releaseName: $releaseName) {
      key
      value
      isSecret
    }
  }
`;

const SET_VARIABLES = gql`
  mutation UpdateDeploymentVariables($deploymentId: Uuid!, $releaseName: String!, $variables: [InputEnvironmentVariable]!) {
    updateDeploymentVariables(deploymentUuid: $deploymentId, releaseName: $releaseName, environmentVariables: $variables) {
      key
      value
      isSecret
    }
  }
`;

const CREATE_DEPLOYMENT_SERVICE_ACCOUNT = gql`
  mutation CreateDeploymentServiceAccount($deploymentId: Uuid!, $label: String!, $role: Role!, $category: String) {
    createDeploymentServiceAccount(deploymentUuid: $deploymentId, label: $label, role: $role, category: $category) {
      id
      label
      apiKey
      deploymentUuid
      category
      active
      createdAt
    }
  }
`;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HoustonClient {
  private readonly graphql: GraphQLClient;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(options: HoustonClientOptions) {
    // Houston reads the raw token from `authorization` (no "Bearer"), for user tokens and API keys alike.
    this.graphql = new GraphQLClient(options.url, {
      headers: { authorization: options.token },
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.retries = options.retries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  /** The workspaces the caller belongs to (every workspace for a system admin's token). */
  async listWorkspaces(): Promise<Workspace[]> {
    const data = await this.read<{ workspaces: Workspace[] | null }>('GetWorkspaces', LIST_WORKSPACES);
    return data.workspaces ?? [];
  }

  /** The deployments of a workspace (deleted ones are not listed). */
  async listDeployments(workspaceId: string): Promise<Deployment[]> {
    const data = await this.read<{ workspaceDeployments: Deployment[] | null }>('GetDeployments', LIST_DEPLOYMENTS, { workspaceId });
    return data.workspaceDeployments ?? [];
  }

  /** One deployment by id. A deployment the caller may not see, deleted ones included, is refused as FORBIDDEN. */
  async getDeployment(deploymentId: string): Promise<Deployment> {
    const data = await this.read<{ deployment: Deployment }>('GetDeployment', GET_DEPLOYMENT, { id: deploymentId });
    return data.deployment;
  }

  async createDeployment(
    workspaceId: string,
    label: string,
    executor: Executor,
    options: { releaseName?: string; airflowVersion?: string; runtimeVersion?: string } = {},
  ): Promise<Deployment> {
    const data = await this.write<{ createDeployment: Deployment }>('CreateDeployment', CREATE_DEPLOYMENT, {
      workspaceId,
      label,
      executor,
      ...options,
    });
    return data.createDeployment;
  }

  /** Deletes a deployment; `hard: true` removes it for good where the platform allows it. Returns its id. */
  async deleteDeployment(deploymentId: string, options: { hard?: boolean } = {}): Promise<string> {
    const data = await this.write<{ deleteDeployment: { id: string } }>('DeleteDeployment', DELETE_DEPLOYMENT, {
      deploymentId,
      hardDelete: options.hard ?? false,
    });
    return data.deleteDeployment.id;
  }

  async getVariables(deploymentId: string, releaseName: string): Promise<EnvironmentVariable[]> {
    const data = await this.read<{ deploymentVariables: EnvironmentVariable[] | null }>('GetDeploymentVariables', GET_VARIABLES, {
      deploymentId,
      releaseName,
    });
    return data.deploymentVariables ?? [];
  }

  /**
   * Replaces a deployment's environment variables with `variables` (Houston keeps no variable that is not sent).
   * Returns the stored list, secrets without their values.
   */
  async setVariables(deploymentId: string, releaseName: string, variables: Record<string, VariableInput>): Promise<EnvironmentVariable[]> {
    const list = Object.entries(variables).map(([key, input]) =>
      typeof input === 'string' ? { key, value: input, isSecret: false } : { key, value: input.value, isSecret: input.secret },
    );
    const data = await this.write<{ updateDeploymentVariables: EnvironmentVariable[] | null }>('UpdateDeploymentVariables', SET_VARIABLES, {
      deploymentId,
      releaseName,
      variables: list,
    });
    return data.updateDeploymentVariables ?? [];
  }

  /** A service account bound to one deployment, e.g. for a CI pipeline that deploys to it. */
  async createDeploymentServiceAccount(
    deploymentId: string,
    label: string,
    role: DeploymentRole = 'DEPLOYMENT_EDITOR',
    category?: string,
  ): Promise<DeploymentServiceAccount> {
    const data = await this.write<{ createDeploymentServiceAccount: DeploymentServiceAccount }>(
      'CreateDeploymentServiceAccount',
      CREATE_DEPLOYMENT_SERVICE_ACCOUNT,
      { deploymentId, label, role, ...(category !== undefined ? { category } : {}) },
    );
    return data.createDeploymentServiceAccount;
  }

  /** Reads are safe to repeat, so they are retried while Houston is unavailable. */
  private async read<T>(operation: string, document: string, variables?: Record<string, unknown>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.graphql.request<T>(document, variables);
      } catch (thrown) {
        const error = HoustonError.from(thrown, operation);
        if (!(error instanceof HoustonError && error.transient) || attempt >= this.retries) throw error;
        await delay(this.retryDelayMs * 2 ** attempt);
      }
    }
  }

  /**
   * Writes are sent once: after a 502/503/504 nobody knows whether Houston applied the change, so the caller
   * decides (look the deployment up, then try again).
   */
  private async write<T>(operation: string, document: string, variables: Record<string, unknown>): Promise<T> {
    try {
      return await this.graphql.request<T>(document, variables);
    } catch (thrown) {
      throw HoustonError.from(thrown, operation);
    }
  }
}
