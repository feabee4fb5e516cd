/**
 * Contract tests of the versioned Houston schema.
 *
 * For every platform version the Astro CLI tells apart, a table of representative operations (written for this
 * project, in the shape the CLI sends: same root fields, same argument and variable types) must validate against the
 * schema served for that version, and every root field of that schema must be exercised by at least one of them.
 * Fields that newer platforms introduced must be refused by older ones with graphql's own
 * `Cannot query field "x" on type "Y".`, the text the CLI relies on to report a too-old platform.
 */
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  GraphQLEnumType,
  GraphQLScalarType,
  Kind,
  parse,
  print,
  validate,
  validateSchema,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { houstonSchemaFor, houstonTypeDefsFor, readHoustonSdl, versionInfo } from '../../src/schema/loadSchema.js';
import {
  CLI_VERSIONS,
  DEFAULT_PLATFORM_VERSION,
  SUPPORTED_VERSIONS,
  compareVersions,
  isSupportedVersion,
} from '../../src/schema/versions.js';

interface Operation {
  /** Root field, and a variant tag when the CLI sends several shapes. */
  name: string;
  /** First platform version this text is sent to (none: every version). */
  since?: string;
  text: string;
}

const op = (name: string, since: string | undefined, text: string): Operation => (since ? { name, since, text } : { name, text });

const DEPLOYMENT_LIST_025 = 'id type label releaseName workspace { id } deployInfo { nextCli current } version airflowVersion createdAt updatedAt';
const DEPLOYMENT_LIST_029 = `${DEPLOYMENT_LIST_025} runtimeVersion`;
const DEPLOYMENT_LIST_100 = 'id type label releaseName workspace { id } deployInfo { nextCli current } version runtimeVersion clusterId createdAt updatedAt';
const SERVICE_ACCOUNT = 'id apiKey label category entityType entityUuid active createdAt updatedAt lastUsedAt';
const TEAM_ROLES = 'id name roleBindings { role workspace { id label } deployment { id label } }';

const QUERIES: Operation[] = [
  op('appConfig@0.25.0', undefined, `query AppConfig { appConfig { version baseDomain smtpConfigured manualReleaseNames
    configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment } }`),
  op('appConfig@0.28.0', '0.28.0', `query AppConfig { appConfig { version baseDomain smtpConfigured manualReleaseNames
    configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment triggererEnabled featureFlags } }`),
  op('appConfig@0.29.2', '0.29.2', `query AppConfig { appConfig { version baseDomain byoUpdateRegistryHost smtpConfigured
    manualReleaseNames configureDagDeployment nfsMountDagDeployment manualNamespaceNames hardDeleteDeployment
    triggererEnabled featureFlags } }`),
  op('appConfig@1.0.0', '1.0.0', `query AppConfig($clusterId: Uuid) { appConfig(clusterId: $clusterId) {
    version baseDomain byoUpdateRegistryHost smtpConfigured featureFlags } }`),
  op('appConfig@2.0.0', '2.0.0', `query AppConfig($clusterId: Uuid, $workspaceUuid: Uuid, $deploymentUuid: Uuid) {
    appConfig(clusterId: $clusterId, workspaceUuid: $workspaceUuid, deploymentUuid: $deploymentUuid) {
      version baseDomain byoUpdateRegistryHost smtpConfigured featureFlags } }`),
  op('authConfig', undefined, `query GetAuthConfig($redirect: String) { authConfig(redirect: $redirect) {
    localEnabled publicSignup initialSignup providers { name displayName url } } }`),
  op('self', undefined, 'query { self { user { id username emails { address } } token { value payload { uuid iat exp } } isAdmin } }'),
  op('users', undefined, `query users($user: UserSearch) { users(user: $user) { id username status createdAt
    roleBindings { role } } }`),
  op('invites', undefined, 'query invites($invite: InviteSearch) { invites(invite: $invite) { id email role token createdAt } }'),
  op('email', undefined, 'query email($address: String) { email(where: { address: $address }) { id address verified primary } }'),
  op('updateAvailable', undefined, 'query { updateAvailable { version url level description releaseDate } }'),
  op('workspaces', undefined, `query GetWorkspaces { workspaces { id label description createdAt updatedAt
    roleBindings { role user { id username } serviceAccount { id label } } } }`),
  op('sysWorkspaces', undefined, 'query { sysWorkspaces { id label deployments { id releaseName } } }'),
  op('paginatedWorkspaces', undefined, `query paginatedWorkspaces($pageSize: Int, $pageNumber: Int) {
    paginatedWorkspaces(take: $pageSize, pageNumber: $pageNumber) { id label description createdAt updatedAt } }`),
  op('workspace', undefined, `query GetWorkspace($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) {
    id label description createdAt updatedAt roleBindings { role user { id username } serviceAccount { id label } } } }`),
  op('workspaceUsers', undefined, `query workspaceListUsers($workspaceUuid: Uuid!) { workspaceUsers(workspaceUuid: $workspaceUuid) {
    id username fullName emails { address } roleBindings { workspace { id } role } } }`),
  op('paginatedWorkspaceUsers', undefined, `query paginatedWorkspaceUsers($workspaceUuid: Uuid!, $cursorUuid: Uuid, $take: Int) {
    paginatedWorkspaceUsers(workspaceUuid: $workspaceUuid, cursor: $cursorUuid, take: $take) {
      id username fullName emails { address } roleBindings { workspace { id } role } } }`),
  op('workspaceUser', undefined, `query workspaceGetUser($workspaceUuid: Uuid!, $email: String!) {
    workspaceUser(workspaceUuid: $workspaceUuid, user: { email: $email }) { id username roleBindings { workspace { id } role } } }`),
  op('workspaceInvites', undefined, `query workspaceInvites($workspaceUuid: Uuid!, $invite: InviteSearch) {
    workspaceInvites(workspaceUuid: $workspaceUuid, invite: $invite) { id email role } }`),
  op('workspaceServiceAccounts', undefined, `query GetWorkspaceServiceAccounts($workspaceUuid: Uuid!) {
    workspaceServiceAccounts(workspaceUuid: $workspaceUuid) { ${SERVICE_ACCOUNT} } }`),
  op('workspaceServiceAccount', undefined, `query workspaceServiceAccount($workspaceUuid: Uuid!, $serviceAccountUuid: Uuid!) {
    workspaceServiceAccount(workspaceUuid: $workspaceUuid, serviceAccountUuid: $serviceAccountUuid) { id label } }`),
  op('workspaceTeams', '0.28.0', `query workspaceGetTeams($workspaceUuid: Uuid!) { workspaceTeams(workspaceUuid: $workspaceUuid) {
    ${TEAM_ROLES} } }`),
  op('workspaceDeployments@0.25.0', undefined, `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
    workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) { ${DEPLOYMENT_LIST_025} } }`),
  op('workspaceDeployments@0.29.0', '0.29.0', `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
    workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) { ${DEPLOYMENT_LIST_029} } }`),
  op('workspaceDeployments@1.0.0', '1.0.0', `query GetDeployment($workspaceId: Uuid!, $releaseName: String) {
    workspaceDeployments(workspaceUuid: $workspaceId, releaseName: $releaseName) { ${DEPLOYMENT_LIST_100} } }`),
  op('workspaceDeployment', undefined, `query workspaceDeployment($workspaceUuid: Uuid!, $releaseName: String!) {
    workspaceDeployment(workspaceUuid: $workspaceUuid, releaseName: $releaseName) { id status createdAt updatedAt
      roleBindings { role user { username } } } }`),
  op('deployments', undefined, 'query { deployments { id label releaseName namespace workspace { id label } } }'),
  op('paginatedDeployments@0.32.0', '0.32.0', `query paginatedDeployments($take: Int, $name: String, $cursor: Uuid, $pageNumber: Int) {
    paginatedDeployments(take: $take, name: $name, cursor: $cursor, pageNumber: $pageNumber) { ${DEPLOYMENT_LIST_029} } }`),
  op('paginatedDeployments@1.0.0', '1.0.0', `query paginatedDeployments($take: Int, $name: String, $cursor: Uuid,
    $pageNumber: Int, $clusterId: Uuid) {
    paginatedDeployments(take: $take, name: $name, cursor: $cursor, pageNumber: $pageNumber, clusterId: $clusterId) {
      ${DEPLOYMENT_LIST_100} } }`),
  op('deployment@0.25.0', undefined, `query GetDeployment($id: String!) { deployment(where: { id: $id }) {
    id airflowVersion desiredAirflowVersion urls { type url } } }`),
  op('deployment@0.29.0', '0.29.0', `query GetDeployment($id: String!) { deployment(where: { id: $id }) {
    id airflowVersion desiredAirflowVersion runtimeVersion desiredRuntimeVersion runtimeAirflowVersion releaseName
    urls { type url } dagDeployment { type } } }`),
  op('deployment@1.0.0', '1.0.0', `query GetDeployment($id: String!) { deployment(where: { id: $id }) {
    id runtimeVersion runtimeAirflowVersion releaseName urls { type url } dagDeployment { type } clusterId } }`),
  op('deploymentConfig', undefined, `query DeploymentInfo { deploymentConfig { airflowImages { version tag } airflowVersions
    defaultAirflowImageTag } }`),
  op('deploymentUsers', undefined, `query deploymentUsers($deploymentId: Id!, $user: UserSearch) {
    deploymentUsers(deploymentId: $deploymentId, user: $user) { id fullName username roleBindings { role deployment { id } } } }`),
  op('deploymentServiceAccounts', undefined, `query GetDeploymentServiceAccounts($deploymentUuid: Uuid!) {
    deploymentServiceAccounts(deploymentUuid: $deploymentUuid) { ${SERVICE_ACCOUNT} } }`),
  op('deploymentServiceAccount', undefined, `query deploymentServiceAccount($deploymentUuid: Uuid!, $serviceAccountUuid: Uuid!) {
    deploymentServiceAccount(deploymentUuid: $deploymentUuid, serviceAccountUuid: $serviceAccountUuid) { id label } }`),
  op('deploymentTeams', undefined, `query deploymentTeams($deploymentUuid: Uuid!) { deploymentTeams(deploymentUuid: $deploymentUuid) {
    ${TEAM_ROLES} } }`),
  op('deploymentVariables', undefined, `query deploymentVariables($deploymentUuid: Uuid!, $releaseName: String) {
    deploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName) { key value isSecret } }`),
  op('serviceAccounts', undefined, `query serviceAccounts($entityType: EntityType!, $entityUuid: Uuid) {
    serviceAccounts(entityType: $entityType, entityUuid: $entityUuid) { id label } }`),
  op('availableNamespaces@0.25.0', undefined, 'query availableNamespaces { availableNamespaces { name } }'),
  op('availableNamespaces@1.0.0', '1.0.0', `query availableNamespaces($clusterId: Uuid!) {
    availableNamespaces(clusterId: $clusterId) { name } }`),
  op('airflowRelease', undefined, 'query airflowRelease($tag: String) { airflowRelease(where: { tag: $tag }) { tag version } }'),
  op('airflowReleases', undefined, 'query { airflowReleases { tag version channel releaseDate } }'),
  op('runtimeReleases', '0.29.0', `query runtimeReleases($airflowVersion: String, $clusterId: Uuid) {
    runtimeReleases(airflowVersion: $airflowVersion, clusterId: $clusterId) { version airflowVersion airflowDatabaseMigrations } }`),
  op('logs', undefined, `query GetLogs($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
    logs(deploymentUuid: $deploymentId, component: $component, timestamp: $timestamp, search: $search) {
      id createdAt: timestamp log: message } }`),
  op('team', '0.28.0', `query team($teamUuid: Uuid!, $workspaceUuid: Uuid) { team(teamUuid: $teamUuid, workspaceUuid: $workspaceUuid) {
    name id createdAt roleBindings { id role workspace { id label } deployment { id label releaseName } } } }`),
  op('teamUsers', '0.28.0', `query GetTeamUsers($teamUuid: Uuid!) { teamUsers(teamUuid: $teamUuid) {
    username id emails { address verified primary } status } }`),
  op('paginatedTeams', '0.28.0', `query paginatedTeams($take: Int, $cursor: Uuid, $workspaceUuid: Uuid) {
    paginatedTeams(take: $take, cursor: $cursor, workspaceUuid: $workspaceUuid) { count teams { id name roleBindings { role } } } }`),
  op('paginatedTeams@1.0.0', '1.0.0', `query searchTeams($searchPhrase: String) {
    paginatedTeams(searchPhrase: $searchPhrase) { count teams { id name provider } } }`),
  op('paginatedDeployRevisions', '0.35.0', `query revisions($deploymentUuid: Uuid!, $take: Int) {
    paginatedDeployRevisions(deploymentUuid: $deploymentUuid, take: $take) { count deployRevisions { id deployType tag createdAt } } }`),
  op('paginatedClusters', '1.0.0', 'query ListClusters { paginatedClusters { clusters { id name status healthStatus statusReason } count } }'),
  op('cluster', '1.0.0', 'query getCluster($id: Uuid!) { cluster(id: $id) { id name baseDomain configOverride } }'),
  op('workspaceDeploymentsConfig', '2.0.0', `query workspaceConfig($workspaceUuid: Uuid!) {
    workspaceDeploymentsConfig(workspaceUuid: $workspaceUuid) { id config } }`),
];

const DEPLOYMENT_MUTATION = 'id type label releaseName version airflowVersion urls { type url } createdAt updatedAt';

const MUTATIONS: Operation[] = [
  op('createUser', undefined, `mutation CreateUser($email: String!, $password: String!, $username: String, $inviteToken: String) {
    createUser(email: $email, password: $password, username: $username, inviteToken: $inviteToken) {
      user { id username status createdAt updatedAt } token { value } } }`),
  op('confirmEmail', undefined, 'mutation confirm($token: String!) { confirmEmail(token: $token) { token { value } } }'),
  op('createToken', undefined, `mutation createBasicToken($identity: String, $password: String!) {
    createToken(identity: $identity, password: $password) {
      user { id fullName username status createdAt updatedAt } token { value } } }`),
  op('forgotPassword', undefined, 'mutation forgot($email: String!) { forgotPassword(email: $email) }'),
  op('resendConfirmation', undefined, 'mutation resend($email: String!) { resendConfirmation(email: $email) }'),
  op('resetPassword', undefined, `mutation reset($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password) { token { value } } }`),
  op('updateSelf', undefined, 'mutation updateSelf($payload: JSON!) { updateSelf(payload: $payload) { id fullName } }'),
  op('removeUser', undefined, 'mutation removeUser($userUuid: Uuid!) { removeUser(userUuid: $userUuid) { id emails { address } status } }'),
  op('verifyEmail', undefined, 'mutation verifyEmail($email: String!) { verifyEmail(email: $email) }'),
  op('inviteUser', undefined, 'mutation inviteUser($email: String!) { inviteUser(email: $email) { id email token } }'),
  op('deleteInviteToken', undefined, 'mutation deleteInvite($inviteUuid: Uuid) { deleteInviteToken(inviteUuid: $inviteUuid) { id } }'),
  op('createSystemRoleBinding', undefined, `mutation addAdmin($userId: ID!, $role: Role!) {
    createSystemRoleBinding(userId: $userId, role: $role) { id role } }`),
  op('deleteSystemRoleBinding', undefined, `mutation removeAdmin($userId: ID!, $role: Role!) {
    deleteSystemRoleBinding(userId: $userId, role: $role) { id role } }`),
  op('createWorkspace', undefined, `mutation CreateWorkspace($label: String!, $description: String = "N/A") {
    createWorkspace(label: $label, description: $description) { id label description createdAt updatedAt } }`),
  op('updateWorkspace', undefined, `mutation UpdateWorkspace($workspaceId: Uuid!, $payload: JSON!) {
    updateWorkspace(workspaceUuid: $workspaceId, payload: $payload) { id label description createdAt updatedAt } }`),
  op('deleteWorkspace', undefined, `mutation DeleteWorkspace($workspaceId: Uuid!) {
    deleteWorkspace(workspaceUuid: $workspaceId) { id label description } }`),
  op('workspaceAddUser', undefined, `mutation AddWorkspaceUser($workspaceId: Uuid!, $email: String!, $role: Role!) {
    workspaceAddUser(workspaceUuid: $workspaceId, email: $email, role: $role) {
      id label description users { id username roleBindings { role } } createdAt updatedAt } }`),
  op('workspaceAddUser@1.0.0', '1.0.0', `mutation addUser($workspaceUuid: Uuid!, $email: String!, $role: Role!, $bypassInvite: Boolean) {
    workspaceAddUser(workspaceUuid: $workspaceUuid, email: $email, role: $role, bypassInvite: $bypassInvite) { id } }`),
  op('workspaceUpsertUserRole', undefined, `mutation workspaceUpsertUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
    workspaceUpsertUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }`),
  op('workspaceUpdateUserRole', undefined, `mutation workspaceUpdateUserRole($workspaceUuid: Uuid!, $email: String!, $role: Role!) {
    workspaceUpdateUserRole(workspaceUuid: $workspaceUuid, email: $email, role: $role) }`),
  op('workspaceRemoveUser', undefined, `mutation RemoveWorkspaceUser($workspaceId: Uuid!, $userId: Uuid!) {
    workspaceRemoveUser(workspaceUuid: $workspaceId, userUuid: $userId) {
      id label description users { id username } createdAt updatedAt } }`),
  op('workspaceAddTeam', '0.28.0', `mutation AddWorkspaceTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!,
    $role: Role! = WORKSPACE_VIEWER, $deploymentRoles: [DeploymentRoles!] = []) {
    workspaceAddTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid, role: $role, deploymentRoles: $deploymentRoles) {
      id label description createdAt updatedAt } }`),
  op('workspaceUpdateTeamRole', '0.28.0', `mutation workspaceUpdateTeamRole($workspaceUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
    workspaceUpdateTeamRole(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid, role: $role) }`),
  op('workspaceRemoveTeam', '0.28.0', `mutation workspaceRemoveTeam($workspaceUuid: Uuid!, $teamUuid: Uuid!) {
    workspaceRemoveTeam(workspaceUuid: $workspaceUuid, teamUuid: $teamUuid) { id label } }`),
  op('createDeployment@0.25.0', undefined, `mutation CreateDeployment($label: String!, $type: String = "airflow",
    $releaseName: String, $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $namespace: String,
    $config: JSON, $cloudRole: String, $dagDeployment: DagDeployment) {
    createDeployment(label: $label, type: $type, workspaceUuid: $workspaceId, releaseName: $releaseName,
      executor: $executor, airflowVersion: $airflowVersion, namespace: $namespace, config: $config,
      cloudRole: $cloudRole, dagDeployment: $dagDeployment) { ${DEPLOYMENT_MUTATION} } }`),
  op('createDeployment@0.28.0', '0.28.0', `mutation CreateDeployment($label: String!, $type: String = "airflow",
    $workspaceId: Uuid!, $executor: ExecutorType!, $airflowVersion: String, $dagDeployment: DagDeployment,
    $triggererReplicas: Int) {
    createDeployment(label: $label, type: $type, workspaceUuid: $workspaceId, executor: $executor,
      airflowVersion: $airflowVersion, dagDeployment: $dagDeployment, triggerer: { replicas: $triggererReplicas }) {
      ${DEPLOYMENT_MUTATION} } }`),
  op('createDeployment@0.29.0', '0.29.0', `mutation CreateDeployment($label: String!, $type: String = "airflow",
    $workspaceId: Uuid!, $executor: ExecutorType!, $runtimeVersion: String, $dagDeployment: DagDeployment,
    $triggererReplicas: Int) {
    createDeployment(label: $label, type: $type, workspaceUuid: $workspaceId, executor: $executor,
      runtimeVersion: $runtimeVersion, dagDeployment: $dagDeployment, triggerer: { replicas: $triggererReplicas }) {
      ${DEPLOYMENT_MUTATION} runtimeVersion } }`),
  op('updateDeployment@0.25.0', undefined, `mutation UpdateDeployment($deploymentId: Uuid!, $payload: JSON!, $cloudRole: String,
    $executor: ExecutorType, $dagDeployment: DagDeployment) {
    updateDeployment(deploymentUuid: $deploymentId, payload: $payload, cloudRole: $cloudRole, executor: $executor,
      dagDeployment: $dagDeployment) {
      id type label description releaseName version airflowVersion workspace { id } deployInfo { current } createdAt updatedAt } }`),
  op('updateDeployment@0.28.0', '0.28.0', `mutation UpdateDeployment($deploymentId: Uuid!, $payload: JSON!,
    $triggererReplicas: Int) {
    updateDeployment(deploymentUuid: $deploymentId, payload: $payload, triggerer: { replicas: $triggererReplicas }) {
      id label } }`),
  op('upsertDeployment@0.32.0', '0.32.0', `mutation upsertDeployment($workspaceUuid: Uuid, $deploymentUuid: Uuid,
    $label: String, $environmentVariables: [InputEnvironmentVariable], $executor: ExecutorType, $workers: Workers,
    $triggerer: Triggerer, $dagDeployment: DagDeployment, $runtimeVersion: String) {
    upsertDeployment(workspaceUuid: $workspaceUuid, deploymentUuid: $deploymentUuid, label: $label,
      environmentVariables: $environmentVariables, executor: $executor, workers: $workers, triggerer: $triggerer,
      dagDeployment: $dagDeployment, runtimeVersion: $runtimeVersion) {
      id config urls { type url } properties description label releaseName namespace status type version
      workspace { id label } airflowVersion runtimeVersion desiredAirflowVersion
      upsertedEnvironmentVariables { key value isSecret } dagDeployment { type } createdAt updatedAt } }`),
  op('upsertDeployment@1.0.0-create', '1.0.0', `mutation upsertDeployment($label: String, $workspaceId: Uuid, $clusterId: Uuid,
    $releaseName: String, $executor: ExecutorType, $runtimeVersion: String, $namespace: String, $cloudRole: String,
    $dagDeployment: DagDeployment, $triggererReplicas: Int) {
    upsertDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, label: $label, releaseName: $releaseName,
      namespace: $namespace, runtimeVersion: $runtimeVersion, executor: $executor,
      triggerer: { replicas: $triggererReplicas }, dagDeployment: $dagDeployment, cloudRole: $cloudRole) {
      id type label releaseName version runtimeVersion urls { type url } createdAt updatedAt } }`),
  op('upsertDeployment@1.0.0-update', '1.0.0', `mutation upsertDeployment($deploymentId: Uuid!, $label: String,
    $description: String, $executor: ExecutorType, $cloudRole: String, $dagDeployment: DagDeployment,
    $triggererReplicas: Int, $dagProcessor: DagProcessor) {
    upsertDeployment(deploymentUuid: $deploymentId, label: $label, description: $description, executor: $executor,
      triggerer: { replicas: $triggererReplicas }, dagDeployment: $dagDeployment, cloudRole: $cloudRole,
      dagProcessor: $dagProcessor) {
      id type label releaseName version runtimeVersion urls { type url } createdAt updatedAt } }`),
  op('upsertDeployment@2.1.0-create', '2.1.0', `mutation upsertDeployment($label: String, $workspaceId: Uuid, $clusterId: Uuid,
    $executor: ExecutorType, $dagDeployment: DagDeployment, $mode: AllowedDeploymentModeValues) {
    upsertDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, label: $label, executor: $executor,
      dagDeployment: $dagDeployment, mode: $mode) { id releaseName mode } }`),
  op('upsertDeployment@2.1.0-image', '2.1.0', `mutation upsertDeployment($releaseName: String!, $image: String!,
    $runtimeVersion: String!) {
    upsertDeployment(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) { id releaseName runtimeVersion } }`),
  op('deleteDeployment', undefined, `mutation DeleteDeployment($deploymentId: Uuid!, $deploymentHardDelete: Boolean) {
    deleteDeployment(deploymentUuid: $deploymentId, deploymentHardDelete: $deploymentHardDelete) {
      id type label description releaseName version workspace { id } createdAt updatedAt } }`),
  op('updateDeploymentAirflow', undefined, `mutation updateDeploymentAirflow($deploymentId: Uuid!, $desiredAirflowVersion: String!) {
    updateDeploymentAirflow(deploymentUuid: $deploymentId, desiredAirflowVersion: $desiredAirflowVersion) {
      id label version releaseName airflowVersion desiredAirflowVersion } }`),
  op('updateDeploymentRuntime', '0.29.0', `mutation updateDeploymentRuntime($deploymentUuid: Uuid!, $desiredRuntimeVersion: String!) {
    updateDeploymentRuntime(deploymentUuid: $deploymentUuid, desiredRuntimeVersion: $desiredRuntimeVersion) {
      id label version releaseName runtimeVersion desiredRuntimeVersion runtimeAirflowVersion } }`),
  op('cancelRuntimeUpdate', undefined, `mutation cancelRuntimeUpdate($deploymentUuid: Uuid!) {
    cancelRuntimeUpdate(deploymentUuid: $deploymentUuid) {
      id label version releaseName runtimeVersion desiredRuntimeVersion runtimeAirflowVersion } }`),
  op('updateDeploymentImage@0.29.2', '0.29.2', `mutation updateDeploymentImage($releaseName: String!, $image: String!,
    $airflowVersion: String, $runtimeVersion: String) {
    updateDeploymentImage(releaseName: $releaseName, image: $image, airflowVersion: $airflowVersion,
      runtimeVersion: $runtimeVersion) { releaseName airflowVersion runtimeVersion } }`),
  op('updateDeploymentImage@1.0.1', '1.0.1', `mutation updateDeploymentImage($releaseName: String!, $image: String!,
    $runtimeVersion: String!) {
    updateDeploymentImage(releaseName: $releaseName, image: $image, runtimeVersion: $runtimeVersion) { releaseName runtimeVersion } }`),
  op('upgradeDeployment', undefined, `mutation upgrade($deploymentUuid: Uuid!, $version: String) {
    upgradeDeployment(deploymentUuid: $deploymentUuid, version: $version) { id version } }`),
  op('updateDeploymentKedaConfig', undefined, `mutation keda($deploymentUuid: Uuid!, $state: Boolean!) {
    updateDeploymentKedaConfig(deploymentUuid: $deploymentUuid, state: $state) { id label } }`),
  op('deploymentAlertsUpdate', undefined, `mutation alerts($deploymentUuid: Uuid!, $alertEmails: [String]) {
    deploymentAlertsUpdate(deploymentUuid: $deploymentUuid, alertEmails: $alertEmails) { id alertEmails } }`),
  op('updateDeploymentVariables', undefined, `mutation variables($deploymentUuid: Uuid!, $releaseName: String!,
    $environmentVariables: [InputEnvironmentVariable]!) {
    updateDeploymentVariables(deploymentUuid: $deploymentUuid, releaseName: $releaseName,
      environmentVariables: $environmentVariables) { key value isSecret } }`),
  op('adoptDeployment', undefined, `mutation AdoptDeployment($workspaceId: Uuid!, $clusterId: Uuid!, $crNamespace: String!,
    $crName: String!, $label: String, $description: String, $useApcLogging: Boolean, $useApcRegistry: Boolean,
    $acceptIncompatibilities: Boolean) {
    adoptDeployment(workspaceUuid: $workspaceId, clusterId: $clusterId, crNamespace: $crNamespace, crName: $crName,
      label: $label, description: $description, useApcLogging: $useApcLogging, useApcRegistry: $useApcRegistry,
      acceptIncompatibilities: $acceptIncompatibilities) {
      id label releaseName namespace clusterId workspace { id } createdAt updatedAt } }`),
  op('unadoptDeployment', undefined, `mutation UnadoptDeployment($deploymentId: Uuid!) {
    unadoptDeployment(deploymentUuid: $deploymentId) { id label releaseName namespace clusterId workspace { id } } }`),
  op('deploymentAddUserRole', undefined, `mutation AddDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!, $role: Role!) {
    deploymentAddUserRole(userId: $userId, email: $email, deploymentId: $deploymentId, role: $role) {
      id user { username } role deployment { id releaseName } } }`),
  op('deploymentUpdateUserRole', undefined, `mutation UpdateDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!,
    $role: Role!) {
    deploymentUpdateUserRole(userId: $userId, email: $email, deploymentId: $deploymentId, role: $role) {
      id user { username } role deployment { id releaseName } } }`),
  op('deploymentRemoveUserRole', undefined, `mutation DeleteDeploymentUser($userId: Id, $email: String!, $deploymentId: Id!) {
    deploymentRemoveUserRole(userId: $userId, email: $email, deploymentId: $deploymentId) { id role } }`),
  op('deploymentAddTeamRole', undefined, `mutation deploymentAddTeamRole($teamUuid: Uuid!, $deploymentUuid: Uuid!,
    $role: Role! = WORKSPACE_VIEWER) {
    deploymentAddTeamRole(teamUuid: $teamUuid, deploymentUuid: $deploymentUuid, role: $role) { id role } }`),
  op('deploymentUpdateTeamRole', undefined, `mutation deploymentUpdateTeamRole($deploymentUuid: Uuid!, $teamUuid: Uuid!, $role: Role!) {
    deploymentUpdateTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid, role: $role) { id role } }`),
  op('deploymentRemoveTeamRole', undefined, `mutation deploymentRemoveTeamRole($deploymentUuid: Uuid!, $teamUuid: Uuid!) {
    deploymentRemoveTeamRole(deploymentUuid: $deploymentUuid, teamUuid: $teamUuid) { id } }`),
  op('createServiceAccount', undefined, `mutation sa($label: String!, $entityType: EntityType!, $entityUuid: Uuid, $role: Role!) {
    createServiceAccount(label: $label, entityType: $entityType, entityUuid: $entityUuid, role: $role) { id apiKey } }`),
  op('createDeploymentServiceAccount', undefined, `mutation createDeploymentServiceAccount($label: String!, $category: String,
    $deploymentUuid: Uuid!, $role: Role!) {
    createDeploymentServiceAccount(label: $label, category: $category, deploymentUuid: $deploymentUuid, role: $role) {
      id label apiKey entityType deploymentUuid category active lastUsedAt createdAt updatedAt } }`),
  op('createWorkspaceServiceAccount', undefined, `mutation createWorkspaceServiceAccount($label: String!, $category: String,
    $workspaceUuid: Uuid!, $role: Role!) {
    createWorkspaceServiceAccount(label: $label, category: $category, workspaceUuid: $workspaceUuid, role: $role) {
      id label apiKey entityType workspaceUuid category active lastUsedAt createdAt updatedAt } }`),
  op('createSystemServiceAccount', undefined, `mutation systemSa($label: String!, $role: Role!) {
    createSystemServiceAccount(label: $label, role: $role) { id apiKey } }`),
  op('updateServiceAccount', undefined, `mutation updateSa($serviceAccountUuid: Uuid!, $payload: JSON) {
    updateServiceAccount(serviceAccountUuid: $serviceAccountUuid, payload: $payload) { id label } }`),
  op('updateWorkspaceServiceAccount', undefined, `mutation updateWsSa($serviceAccountUuid: Uuid!, $workspaceUuid: Uuid!,
    $payload: JSON!) {
    updateWorkspaceServiceAccount(serviceAccountUuid: $serviceAccountUuid, workspaceUuid: $workspaceUuid, payload: $payload) {
      id label } }`),
  op('updateDeploymentServiceAccount', undefined, `mutation updateDepSa($serviceAccountUuid: Uuid!, $deploymentUuid: Uuid!,
    $payload: JSON) {
    updateDeploymentServiceAccount(serviceAccountUuid: $serviceAccountUuid, deploymentUuid: $deploymentUuid, payload: $payload) {
      id label } }`),
  op('deleteServiceAccount', undefined, `mutation deleteSa($serviceAccountUuid: Uuid!) {
    deleteServiceAccount(serviceAccountUuid: $serviceAccountUuid) { id } }`),
  op('deleteWorkspaceServiceAccount', undefined, `mutation deleteWorkspaceServiceAccount($serviceAccountUuid: Uuid!,
    $workspaceUuid: Uuid!) {
    deleteWorkspaceServiceAccount(serviceAccountUuid: $serviceAccountUuid, workspaceUuid: $workspaceUuid) { ${SERVICE_ACCOUNT} } }`),
  op('deleteDeploymentServiceAccount', undefined, `mutation deleteDeploymentServiceAccount($serviceAccountUuid: Uuid!,
    $deploymentUuid: Uuid!) {
    deleteDeploymentServiceAccount(serviceAccountUuid: $serviceAccountUuid, deploymentUuid: $deploymentUuid) {
      ${SERVICE_ACCOUNT} } }`),
  op('deleteSystemServiceAccount', undefined, `mutation deleteSystemSa($serviceAccountUuid: Uuid!) {
    deleteSystemServiceAccount(serviceAccountUuid: $serviceAccountUuid) { id } }`),
  op('createTeamSystemRoleBinding', '0.29.2', `mutation createTeamSystemRoleBinding($teamUuid: Uuid!, $role: Role!) {
    createTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role } }`),
  op('deleteTeamSystemRoleBinding', '0.29.2', `mutation deleteTeamSystemRoleBinding($teamUuid: Uuid!, $role: Role!) {
    deleteTeamSystemRoleBinding(teamUuid: $teamUuid, role: $role) { role } }`),
  op('createTeam', '0.35.0', `mutation createTeam($name: String!, $description: String, $userIds: [ID]) {
    createTeam(name: $name, description: $description, provider: "local", userIds: $userIds) {
      team { id name provider description users { id username } } message } }`),
  op('updateTeam', '0.35.0', `mutation updateTeam($id: Uuid, $newName: String, $addUserIds: [ID]) {
    updateTeam(id: $id, newName: $newName, addUserIds: $addUserIds) { team { id name } message } }`),
  op('removeTeam', '0.35.0', 'mutation removeTeam($teamUuid: Uuid) { removeTeam(teamUuid: $teamUuid) { id name } }'),
  op('registerCluster', '1.0.0', `mutation registerCluster($name: String!, $metadataUrl: String!, $override: JSON) {
    registerCluster(name: $name, metadataUrl: $metadataUrl, deploymentsConfigOverride: $override) { id name baseDomain status } }`),
  op('updateCluster', '1.0.0', `mutation updateCluster($id: Uuid!, $reason: JSON) {
    updateCluster(id: $id, status: INACTIVE, statusReason: $reason) { id status statusReason } }`),
  op('deregisterCluster', '1.0.0', 'mutation deregisterCluster($id: Uuid!) { deregisterCluster(id: $id) { id name } }'),
  op('reconcileClusterMetadataJob', '1.0.0', 'mutation { reconcileClusterMetadataJob }'),
  op('updateWorkspaceDeploymentsConfig', '2.0.0', `mutation updateWorkspaceConfig($workspaceUuid: Uuid!, $override: JSON!,
    $reason: String!) {
    updateWorkspaceDeploymentsConfig(workspaceUuid: $workspaceUuid, deploymentsConfigOverride: $override, reason: $reason) {
      id config } }`),
  op('deleteWorkspaceDeploymentsConfig', '2.0.0', `mutation deleteWorkspaceConfig($workspaceUuid: Uuid!, $reason: String!) {
    deleteWorkspaceDeploymentsConfig(workspaceUuid: $workspaceUuid, reason: $reason) { id config deletedAt } }`),
  op('updateDeploymentConfig', '2.0.0', `mutation updateDeploymentConfig($deploymentUuid: Uuid!, $override: JSON!, $reason: String!) {
    updateDeploymentConfig(deploymentUuid: $deploymentUuid, deploymentsConfigOverride: $override, reason: $reason) { id config } }`),
  op('deleteDeploymentConfig', '2.0.0', `mutation deleteDeploymentConfig($deploymentUuid: Uuid!, $reason: String!) {
    deleteDeploymentConfig(deploymentUuid: $deploymentUuid, reason: $reason) { id config deletedAt } }`),
  op('validateGitSyncCredentials', '2.1.0', `mutation validate($clusterId: Uuid!, $repositoryUrl: String!, $httpsUsername: String,
    $httpsToken: String!, $workspaceUuid: Uuid) {
    validateGitSyncCredentials(clusterId: $clusterId, repositoryUrl: $repositoryUrl, httpsUsername: $httpsUsername,
      httpsToken: $httpsToken, workspaceUuid: $workspaceUuid) { valid category message } }`),
];

const SUBSCRIPTIONS: Operation[] = [
  op('log', undefined, `subscription log($deploymentId: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
    log(deploymentUuid: $deploymentId, component: $component, timestamp: $timestamp, search: $search) {
      id createdAt: timestamp log: message } }`),
  op('metrics', undefined, `subscription Metrics($deploymentUuid: Uuid!, $metricType: [MetricType], $since: Int, $step: Int) {
    metrics(deploymentUuid: $deploymentUuid, metricType: $metricType, since: $since, step: $step) { label result } }`),
  op('deploymentStatus', undefined, `subscription status($releaseName: String) {
    deploymentStatus(releaseName: $releaseName) { status } }`),
];

const OPERATIONS: Operation[] = [...QUERIES, ...MUTATIONS, ...SUBSCRIPTIONS];

const parsed = new Map<string, DocumentNode>();
function documentOf(operation: Operation): DocumentNode {
  let document = parsed.get(operation.name);
  if (!document) {
    document = parse(operation.text);
    parsed.set(operation.name, document);
  }
  return document;
}

const sentAt = (operation: Operation, version: string) => !operation.since || compareVersions(version, operation.since) >= 0;

/** `Query.x`, `Mutation.y`, `Subscription.z` selected at the top level of a document. */
function rootCoordinates(document: DocumentNode): string[] {
  const out: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const rootType = definition.operation === 'query' ? 'Query' : definition.operation === 'mutation' ? 'Mutation' : 'Subscription';
    for (const selection of definition.selectionSet.selections) {
      if (selection.kind === Kind.FIELD) out.push(`${rootType}.${selection.name.value}`);
    }
  }
  return out;
}

function schemaRootCoordinates(schema: GraphQLSchema): string[] {
  const out: string[] = [];
  for (const [name, type] of [
    ['Query', schema.getQueryType()],
    ['Mutation', schema.getMutationType()],
    ['Subscription', schema.getSubscriptionType()],
  ] as const) {
    if (type) for (const field of Object.keys(type.getFields())) out.push(`${name}.${field}`);
  }
  return out;
}

function errorsOf(version: string, text: string): string[] {
  return validate(houstonSchemaFor(version), parse(text)).map((e) => e.message);
}

const HOUSTON_ROLES = [
  'SYSTEM_ADMIN',
  'SYSTEM_EDITOR',
  'SYSTEM_VIEWER',
  'WORKSPACE_ADMIN',
  'WORKSPACE_EDITOR',
  'WORKSPACE_VIEWER',
  'DEPLOYMENT_ADMIN',
  'DEPLOYMENT_EDITOR',
  'DEPLOYMENT_VIEWER',
  'USER',
];

describe('platform versions', () => {
  it('compares semver, ignoring a leading v and pre-release suffixes', () => {
    expect(compareVersions('0.29.2', '0.29.0')).toBeGreaterThan(0);
    expect(compareVersions('0.9.0', '0.10.0')).toBeLessThan(0);
    expect(compareVersions('v1.0.0-rc.1', '1.0.0')).toBe(0);
    expect(compareVersions('2.1.0', '2.1.0')).toBe(0);
    expect(() => compareVersions('latest', '1.0.0')).toThrow();
  });

  it('knows the supported range and the default', () => {
    expect(SUPPORTED_VERSIONS).toEqual({ min: '0.25.0', max: '2.1.0' });
    expect(isSupportedVersion(DEFAULT_PLATFORM_VERSION)).toBe(true);
    expect(isSupportedVersion('0.24.9')).toBe(false);
    expect(isSupportedVersion('2.1.1')).toBe(false);
    expect(isSupportedVersion('nope')).toBe(false);
    expect(CLI_VERSIONS).toContain(DEFAULT_PLATFORM_VERSION);
    expect([...CLI_VERSIONS].sort(compareVersions)).toEqual([...CLI_VERSIONS]);
    for (const version of CLI_VERSIONS) expect(isSupportedVersion(version)).toBe(true);
  });
});

describe('SDL file', () => {
  it('declares the versioning directives', () => {
    const sdl = readHoustonSdl();
    expect(sdl).toContain('directive @since(version: String!)');
    expect(sdl).toContain('directive @until(version: String!)');
  });

  it('lists versioned elements with supported versions', () => {
    const info = versionInfo();
    expect(info.length).toBeGreaterThan(0);
    for (const element of info) {
      if (element.since) expect(isSupportedVersion(element.since), element.coordinate).toBe(true);
      if (element.until) expect(isSupportedVersion(element.until), element.coordinate).toBe(true);
    }
    const byCoordinate = new Map(info.map((e) => [e.coordinate, e]));
    expect(byCoordinate.get('Query.paginatedTeams')?.since).toBe('0.28.0');
    expect(byCoordinate.get('Query.paginatedDeployments')?.since).toBe('0.32.0');
    expect(byCoordinate.get('Mutation.upsertDeployment')?.since).toBe('0.32.0');
    expect(byCoordinate.get('Mutation.upsertDeployment(clusterId:)')?.since).toBe('1.0.0');
    expect(byCoordinate.get('Mutation.upsertDeployment(mode:)')?.since).toBe('2.1.0');
    expect(byCoordinate.get('Query.appConfig(workspaceUuid:)')?.since).toBe('2.0.0');
    expect(byCoordinate.get('Role.CLUSTER_ADMIN')?.since).toBe('1.0.0');
    expect(byCoordinate.get('DagDeployment.authType')?.since).toBe('2.1.0');
    expect(byCoordinate.get('Cluster')?.since).toBe('1.0.0');
  });
});

describe.each(CLI_VERSIONS.map((version) => [version]))('platform %s', (version) => {
  const applicable = OPERATIONS.filter((operation) => sentAt(operation, version));

  it('builds a valid schema without the versioning directives', () => {
    const schema = houstonSchemaFor(version);
    expect(validateSchema(schema)).toEqual([]);
    const printed = print(houstonTypeDefsFor(version));
    expect(printed).not.toMatch(/@since|@until/);
    const executable = makeExecutableSchema({
      typeDefs: houstonTypeDefsFor(version),
      resolvers: {},
      resolverValidationOptions: { requireResolversToMatchSchema: 'ignore' },
    });
    expect(Object.keys(executable.getQueryType()?.getFields() ?? {}).sort()).toEqual(
      Object.keys(schema.getQueryType()?.getFields() ?? {}).sort(),
    );
  });

  it.each(applicable.map((operation) => [operation.name, operation]))('validates %s', (_name, operation) => {
    expect(validate(houstonSchemaFor(version), documentOf(operation)).map((e) => e.message)).toEqual([]);
  });

  it('exercises every root field of the schema', () => {
    const exercised = new Set(applicable.flatMap((operation) => rootCoordinates(documentOf(operation))));
    const missing = schemaRootCoordinates(houstonSchemaFor(version)).filter((coordinate) => !exercised.has(coordinate));
    expect(missing).toEqual([]);
  });

  it('has Houston scalars and roles', () => {
    const schema = houstonSchemaFor(version);
    for (const name of ['DateTime', 'Uuid', 'JSON', 'Id']) expect(schema.getType(name)).toBeInstanceOf(GraphQLScalarType);
    const role = schema.getType('Role');
    expect(role).toBeInstanceOf(GraphQLEnumType);
    const values = (role as GraphQLEnumType).getValues().map((v) => v.name);
    const expected = compareVersions(version, '1.0.0') >= 0 ? [...HOUSTON_ROLES.slice(0, 9), 'CLUSTER_ADMIN', 'USER'] : HOUSTON_ROLES;
    expect(values).toEqual(expected);
  });
});

describe('fields newer platforms added are refused by older ones', () => {
  const cases: Array<[version: string, text: string, message: string]> = [
    ['0.25.0', 'query { paginatedTeams { count } }', 'Cannot query field "paginatedTeams" on type "Query".'],
    ['0.25.0', 'query ($t: Uuid!) { team(teamUuid: $t) { id } }', 'Cannot query field "team" on type "Query".'],
    ['0.25.0', 'query ($w: Uuid!) { workspaceTeams(workspaceUuid: $w) { id } }', 'Cannot query field "workspaceTeams" on type "Query".'],
    ['0.25.0', 'query { appConfig { featureFlags } }', 'Cannot query field "featureFlags" on type "AppConfig".'],
    ['0.28.0', 'query { runtimeReleases { version } }', 'Cannot query field "runtimeReleases" on type "Query".'],
    ['0.25.0', 'query { deployment(where: { id: "x" }) { triggerer { replicas } } }', 'Cannot query field "triggerer" on type "Deployment".'],
    ['2.0.0', 'query { deployment(where: { id: "x" }) { mode } }', 'Cannot query field "mode" on type "Deployment".'],
    [
      '0.28.0',
      'mutation { updateDeploymentRuntime(deploymentUuid: "d", desiredRuntimeVersion: "5.0.0") { id } }',
      'Cannot query field "updateDeploymentRuntime" on type "Mutation".',
    ],
    [
      '0.29.0',
      'mutation { updateDeploymentImage(releaseName: "r", image: "i") { id } }',
      'Cannot query field "updateDeploymentImage" on type "Mutation".',
    ],
    [
      '0.29.0',
      'mutation { createTeamSystemRoleBinding(teamUuid: "t", role: SYSTEM_ADMIN) { role } }',
      'Cannot query field "createTeamSystemRoleBinding" on type "Mutation".',
    ],
    ['0.29.0', 'query { appConfig { byoUpdateRegistryHost } }', 'Cannot query field "byoUpdateRegistryHost" on type "AppConfig".'],
    ['0.29.2', 'mutation { upsertDeployment(label: "x") { id } }', 'Cannot query field "upsertDeployment" on type "Mutation".'],
    ['0.30.0', 'query { paginatedDeployments { id } }', 'Cannot query field "paginatedDeployments" on type "Query".'],
    ['0.32.0', 'query { paginatedDeployRevisions(deploymentUuid: "d") { count } }', 'Cannot query field "paginatedDeployRevisions" on type "Query".'],
    ['0.32.0', 'mutation { createTeam(name: "t") { message } }', 'Cannot query field "createTeam" on type "Mutation".'],
    ['0.37.0', 'query { paginatedClusters { count } }', 'Cannot query field "paginatedClusters" on type "Query".'],
    ['0.37.0', 'mutation { registerCluster(name: "n", metadataUrl: "u") { id } }', 'Cannot query field "registerCluster" on type "Mutation".'],
    [
      '1.0.1',
      'mutation { updateDeploymentConfig(deploymentUuid: "d", deploymentsConfigOverride: {}, reason: "r") { id } }',
      'Cannot query field "updateDeploymentConfig" on type "Mutation".',
    ],
    ['1.0.1', 'query { workspaceDeploymentsConfig(workspaceUuid: "w") { id } }', 'Cannot query field "workspaceDeploymentsConfig" on type "Query".'],
    [
      '2.0.0',
      'mutation { validateGitSyncCredentials(clusterId: "c", repositoryUrl: "u", httpsToken: "t") { valid } }',
      'Cannot query field "validateGitSyncCredentials" on type "Mutation".',
    ],
  ];

  it.each(cases)('on %s: %s', (version, text, message) => {
    // graphql-js (like Houston) may append its own suggestion, e.g. ` Did you mean "airflowReleases"?`.
    const messages = errorsOf(version, text).map((m) => m.replace(/ Did you mean .*\?$/, ''));
    expect(messages).toContain(message);
  });
});

describe('arguments, input fields and enum values newer platforms added are refused by older ones', () => {
  it('refuses newer arguments', () => {
    expect(errorsOf('0.37.0', 'query { appConfig(clusterId: "c") { version } }')).toContain(
      'Unknown argument "clusterId" on field "Query.appConfig".',
    );
    expect(errorsOf('1.0.1', 'query { appConfig(workspaceUuid: "w") { version } }')).toContain(
      'Unknown argument "workspaceUuid" on field "Query.appConfig".',
    );
    expect(errorsOf('0.37.0', 'query { paginatedDeployments(clusterId: "c") { id } }')).toContain(
      'Unknown argument "clusterId" on field "Query.paginatedDeployments".',
    );
    expect(errorsOf('0.37.0', 'query { availableNamespaces(clusterId: "c") { name } }')).toContain(
      'Unknown argument "clusterId" on field "Query.availableNamespaces".',
    );
    expect(errorsOf('0.28.0', 'mutation { createDeployment(workspaceUuid: "w", type: "airflow", label: "l", runtimeVersion: "5.0.0") { id } }')).toContain(
      'Unknown argument "runtimeVersion" on field "Mutation.createDeployment".',
    );
  });

  it('refuses a newer argument type', () => {
    const text = 'mutation ($mode: AllowedDeploymentModeValues) { upsertDeployment(label: "l", mode: $mode) { id } }';
    expect(errorsOf('2.0.0', text)).toContain('Unknown type "AllowedDeploymentModeValues".');
    expect(errorsOf('2.0.0', text)).toContain('Unknown argument "mode" on field "Mutation.upsertDeployment".');
    expect(errorsOf('2.1.0', text)).toEqual([]);
  });

  it('refuses newer input fields and enum values', () => {
    const gitSync = 'mutation { upsertDeployment(deploymentUuid: "d", dagDeployment: { type: "git_sync", authType: "HTTPS_PAT" }) { id } }';
    expect(errorsOf('2.0.0', gitSync).some((m) => m.startsWith('Field "authType" is not defined by type "DagDeployment".'))).toBe(true);
    expect(errorsOf('2.1.0', gitSync)).toEqual([]);
    const clusterAdmin = 'mutation { createSystemRoleBinding(userId: "u", role: CLUSTER_ADMIN) { id } }';
    expect(errorsOf('0.37.0', clusterAdmin).some((m) => m.startsWith('Value "CLUSTER_ADMIN" does not exist in "Role" enum.'))).toBe(true);
    expect(errorsOf('1.0.0', clusterAdmin)).toEqual([]);
  });
});

describe('default platform version', () => {
  it('serves a valid schema with the documented 0.35+ additions and without the 1.x ones', () => {
    const schema = houstonSchemaFor(DEFAULT_PLATFORM_VERSION);
    expect(validateSchema(schema)).toEqual([]);
    const query = schema.getQueryType()?.getFields() ?? {};
    const mutation = schema.getMutationType()?.getFields() ?? {};
    expect(query['paginatedDeployments']).toBeDefined();
    expect(query['paginatedDeployRevisions']).toBeDefined();
    expect(mutation['upsertDeployment']).toBeDefined();
    expect(query['paginatedClusters']).toBeUndefined();
    expect(schema.getType('Cluster')).toBeUndefined();
  });

  it('accepts the same version written with a v prefix from the cache', () => {
    expect(houstonSchemaFor(`v${DEFAULT_PLATFORM_VERSION}`)).toBe(houstonSchemaFor(DEFAULT_PLATFORM_VERSION));
  });
});
