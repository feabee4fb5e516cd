/**
 * Houston's error texts and codes, in one place. Clients (the Astro CLI, the web UI, people's scripts) match on
 * these exact strings, so every error the emulator raises on purpose comes from here. The server turns a
 * HoustonError into a GraphQL error with `extensions.code` at HTTP 200, as Houston (Apollo Server) does.
 *
 * This module never imports graphql: the store raises these errors too.
 */
export class HoustonError extends Error {
  override readonly name = 'HoustonError';
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

export const errors = {
  /** Houston's PermissionError: missing token, invalid token and missing permission all read the same. */
  forbidden: () => new HoustonError('You do not have the appropriate permissions for that', 'FORBIDDEN'),
  notFound: () => new HoustonError('The requested resource was not found', 'RESOURCE_NOT_FOUND'),
  invalidCredentials: () => new HoustonError('Invalid password and username combination'),
  noPasswordCredentials: () => new HoustonError('No password credentials found'),
  invalidJwt: () => new HoustonError('Invalid JWT', 'UNAUTHENTICATED'),
  tokenRefreshFailed: () => new HoustonError('AUTH_TOKEN_REFRESH_FAILED'),
  duplicateEmail: () => new HoustonError('Email address in use', 'DUPLICATE_EMAIL'),
  userAlreadyInvited: () => new HoustonError('User already invited', 'USER_ALREADY_INVITED'),
  /**
   * Not Houston's text (its answer to a taken username is not public): a username another user holds, as username or
   * as email address, since `createToken(identity)` accepts either. See docs/DIFFERENCES.md.
   */
  duplicateUsername: () => new HoustonError('Username already in use', 'BAD_USER_INPUT'),
  duplicateDeploymentLabel: (label: string) =>
    new HoustonError(`Workspace already has a deployment named ${label}`, 'BAD_USER_INPUT'),
  missingArgument: (name: string) => new HoustonError(`A required argument was not sent: ${name}`, 'BAD_USER_INPUT'),
  invalidRole: () => new HoustonError('Invalid role', 'BAD_USER_INPUT'),
  duplicateRoleBinding: () => new HoustonError('A duplicate role binding already exists', 'BAD_USER_INPUT'),
  missingRoleBinding: () => new HoustonError('The role binding does not exist for this user', 'BAD_USER_INPUT'),
  /** Open-source Houston's answer when a service account's role is for another level than its entity. */
  entityRoleMismatch: () => new HoustonError("Entity and role types don't match", 'BAD_USER_INPUT'),
  lastSystemAdmin: () =>
    new HoustonError(
      'There are no other system administrators. Please assign another before removing yourself.',
    ),
  workspaceHasDeployments: () =>
    new HoustonError('You must first deprovision all deployments before you can delete your workspace.'),
  accountNotConfirmed: () => new HoustonError('Your account is awaiting email confirmation', 'ACCOUNT_NOT_CONFIRMED'),
  publicSignupsDisabled: () =>
    new HoustonError(
      'Public sign ups are disabled, a valid inviteToken is required to login to the platform. Public sign ups can be enabled via configuration change.',
    ),
  clusterNotActive: () => new HoustonError('This operation is not allowed as the cluster is not active'),
  duplicateClusterBaseDomain: () => new HoustonError('A cluster with this base domain already exists'),
  /** Houston's text is not public; worded like its workspace rule. See docs/DIFFERENCES.md. */
  clusterHasDeployments: () =>
    new HoustonError('You must first delete all deployments on this cluster before you can deregister it.'),
  noDeploymentWithReleaseName: (releaseName: string) =>
    new HoustonError(`No deployment exists with releaseName: ${releaseName}`),
  invalidReleaseName: () => new HoustonError('Release name not formatted correctly.', 'BAD_USER_INPUT'),
  releaseNameTooLong: (namespace: string, limit: number) =>
    new HoustonError(`${namespace} exceeds max char limit of ${limit}.`, 'BAD_USER_INPUT'),
  /** Houston's sentence for variables its Helm values set itself, e.g. `AIRFLOW__CORE__EXECUTOR is set automatically…`. */
  reservedEnvironmentVariables: (keys: readonly string[]) => {
    const named = keys.length < 2 ? keys.join('') : `${keys.slice(0, -1).join(', ')} and ${keys[keys.length - 1]}`;
    return new HoustonError(`${named} ${keys.length > 1 ? 'are' : 'is'} set automatically and cannot be overridden`);
  },
  /** Houston's text, with the rule widened to digits (Houston 0.16 refused `AWS_S3_BUCKET`); see docs/DIFFERENCES.md. */
  invalidEnvironmentVariableKey: (key: string) =>
    new HoustonError(`Invalid Environment Variable Key: ${key} (use A-Z, 0-9 and underscores)`),
  /**
   * Not Houston's text (Houston's answer is not public): a deployment feature switched off in the configuration.
   * Names the operation and the config.yaml setting that turns it on.
   */
  featureDisabled: (operation: string, configKey: string) =>
    new HoustonError(
      `${operation} is disabled on this platform: set astronomer.houston.config.deployments.${configKey}: true in config.yaml`,
      'FORBIDDEN',
    ),
  /**
   * Not Houston's: houston-mock's answer for a Houston field it does not model yet. The code lets a client tell
   * "the emulator can't" from "Houston said no".
   */
  notImplemented: (coordinate: string) =>
    new HoustonError(
      `houston-mock does not implement ${coordinate} yet; see docs/COVERAGE.md. Start with --automock-unimplemented to answer it with generated data.`,
      'NOT_IMPLEMENTED',
    ),
  /** Used where Houston validates input but its exact text is not public; see docs/DIFFERENCES.md. */
  badInput: (message: string) => new HoustonError(message, 'BAD_USER_INPUT'),
} as const;

/** Throws the given Houston error unless the condition holds: `assert(user, errors.notFound)`. */
export function assert(condition: unknown, error: () => HoustonError): asserts condition {
  if (!condition) throw error();
}
