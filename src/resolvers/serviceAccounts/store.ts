import { assert, errors } from '../../core/errors.js';
import { hexString } from '../../core/random.js';
import type { Deployment, EntityType, RoleBinding, RoleName, ServiceAccount } from '../../store/entities.js';
import { derived, groupedView } from '../../store/lookups.js';
import { deleteRow, insertRow, writableRow } from '../../store/rows.js';
import { newId, now, type Store } from '../../store/state.js';

/**
 * Service accounts: API keys attached to the system, a workspace or a deployment. Each account holds exactly one
 * role binding (its role on its entity); that binding is what permission checks read when the key is used.
 */

export const API_KEY_LENGTH = 32;

/** The scope prefix a role must carry for each kind of entity: a deployment account gets a DEPLOYMENT_* role. */
const ROLE_PREFIX: Record<EntityType, string> = {
  SYSTEM: 'SYSTEM_',
  WORKSPACE: 'WORKSPACE_',
  DEPLOYMENT: 'DEPLOYMENT_',
};

/** The permission scope (`deployment.serviceAccounts.get` …) that governs accounts of an entity type. */
export function permissionScope(entityType: EntityType): 'system' | 'workspace' | 'deployment' {
  return entityType === 'SYSTEM' ? 'system' : entityType === 'WORKSPACE' ? 'workspace' : 'deployment';
}

export function roleFitsEntity(role: string, entityType: EntityType): boolean {
  return role.startsWith(ROLE_PREFIX[entityType]);
}

function liveDeployment(store: Store, deploymentId: string): Deployment | undefined {
  const deployment = store.data.deployments[deploymentId];
  return deployment && deployment.deletedAt === null ? deployment : undefined;
}

/** The account's role binding (a service account has exactly one). */
export function serviceAccountRoleBinding(store: Store, serviceAccountId: string): RoleBinding | undefined {
  return derived(store, roleBindingsByServiceAccount).get(serviceAccountId)?.[0];
}

export function serviceAccountRoleBindings(store: Store, serviceAccountId: string): RoleBinding[] {
  return [...(derived(store, roleBindingsByServiceAccount).get(serviceAccountId) ?? [])];
}

/** Role bindings grouped by the service account holding them (`ServiceAccount.roleBindings` over a list). */
export const roleBindingsByServiceAccount = groupedView('roleBindingsByServiceAccount', 'roleBindings', (b) => b.serviceAccountId);

/** Deployment service accounts grouped by deployment, oldest first (`Deployment.serviceAccounts` over a list). */
export const serviceAccountsByDeployment = groupedView(
  'serviceAccountsByDeployment',
  'serviceAccounts',
  (sa) => (sa.entityType === 'DEPLOYMENT' ? sa.entityId : null),
  (a, b) => byCreation(a, b),
);

/** The workspace an account belongs to: its own for a workspace account, its deployment's for a deployment one. */
export function serviceAccountWorkspaceId(store: Store, account: ServiceAccount): string | null {
  if (account.entityType === 'WORKSPACE') return account.entityId;
  if (account.entityType === 'DEPLOYMENT' && account.entityId) {
    return store.data.deployments[account.entityId]?.workspaceId ?? null;
  }
  return null;
}

/**
 * What `apiKey` reads as. Houston shows the whole key for `serviceAccounts.showFor` minutes after creation, then only
 * its first `serviceAccounts.showFirstChars` characters, padded with `*` to the key's length.
 */
export function visibleApiKey(store: Store, account: ServiceAccount): string {
  const { showFor, showFirstChars } = store.config.serviceAccounts;
  const shownUntil = Date.parse(account.createdAt) + showFor * 60_000;
  if (store.clock.now() < shownUntil) return account.apiKey;
  return account.apiKey.slice(0, Math.max(0, showFirstChars)).padEnd(account.apiKey.length, '*');
}

export interface ServiceAccountInput {
  label: string;
  category?: string | null;
  role: string;
}

interface EntityTarget {
  entityType: EntityType;
  entityId: string | null;
}

/** Validates the entity and inserts the account with its role binding. Nothing is written when a check fails. */
function insertServiceAccount(store: Store, target: EntityTarget, input: ServiceAccountInput): ServiceAccount {
  assert(input.label, () => errors.missingArgument('label'));
  const { entityType, entityId } = target;
  if (entityType === 'WORKSPACE') assert(entityId && store.data.workspaces[entityId], errors.notFound);
  if (entityType === 'DEPLOYMENT') assert(entityId && liveDeployment(store, entityId), errors.notFound);
  const at = now(store);
  const account: ServiceAccount = {
    id: newId(store),
    label: input.label,
    category: input.category ?? null,
    apiKey: hexString(store.data, API_KEY_LENGTH),
    entityType,
    entityId: entityType === 'SYSTEM' ? null : entityId,
    active: true,
    lastUsedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  const binding: RoleBinding = {
    id: newId(store),
    role: input.role as RoleName,
    userId: null,
    serviceAccountId: account.id,
    teamId: null,
    workspaceId: entityType === 'WORKSPACE' ? entityId : null,
    deploymentId: entityType === 'DEPLOYMENT' ? entityId : null,
    createdAt: at,
    updatedAt: at,
  };
  insertRow(store, 'serviceAccounts', account);
  insertRow(store, 'roleBindings', binding);
  return account;
}

/** Houston's `createDeploymentServiceAccount`: a key with a DEPLOYMENT_* role on one deployment. */
export function createDeploymentServiceAccount(
  store: Store,
  args: ServiceAccountInput & { deploymentUuid: string },
): ServiceAccount {
  if (!roleFitsEntity(args.role, 'DEPLOYMENT')) throw errors.entityRoleMismatch();
  return insertServiceAccount(store, { entityType: 'DEPLOYMENT', entityId: args.deploymentUuid }, args);
}

/** Houston's `createWorkspaceServiceAccount`: a key with a WORKSPACE_* role on one workspace. */
export function createWorkspaceServiceAccount(
  store: Store,
  args: ServiceAccountInput & { workspaceUuid: string },
): ServiceAccount {
  if (!roleFitsEntity(args.role, 'WORKSPACE')) throw errors.entityRoleMismatch();
  return insertServiceAccount(store, { entityType: 'WORKSPACE', entityId: args.workspaceUuid }, args);
}

/** Houston's `createSystemServiceAccount`: a platform-wide key; only SYSTEM_* roles are accepted. */
export function createSystemServiceAccount(store: Store, args: ServiceAccountInput): ServiceAccount {
  if (!roleFitsEntity(args.role, 'SYSTEM')) throw errors.invalidRole();
  return insertServiceAccount(store, { entityType: 'SYSTEM', entityId: null }, args);
}

/** Houston's older generic `createServiceAccount(entityType, entityUuid, …)`. */
export function createServiceAccount(
  store: Store,
  args: ServiceAccountInput & { entityType: EntityType; entityUuid?: string | null },
): ServiceAccount {
  if (args.entityType !== 'SYSTEM') assert(args.entityUuid, () => errors.missingArgument('entityUuid'));
  if (!roleFitsEntity(args.role, args.entityType)) throw errors.entityRoleMismatch();
  return insertServiceAccount(store, { entityType: args.entityType, entityId: args.entityUuid ?? null }, args);
}

export function getServiceAccount(store: Store, serviceAccountId: string): ServiceAccount | undefined {
  return store.data.serviceAccounts[serviceAccountId];
}

/** The account, if it exists and belongs to the given entity. */
export function findEntityServiceAccount(
  store: Store,
  serviceAccountId: string,
  entityType: EntityType,
  entityId: string | null,
): ServiceAccount | undefined {
  const account = store.data.serviceAccounts[serviceAccountId];
  if (!account || account.entityType !== entityType) return undefined;
  return entityType === 'SYSTEM' || account.entityId === entityId ? account : undefined;
}

function byCreation(a: ServiceAccount, b: ServiceAccount): number {
  return a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt.localeCompare(b.createdAt);
}

/** Every account of one entity (all system accounts for `SYSTEM`), oldest first. */
export function entityServiceAccounts(store: Store, entityType: EntityType, entityId: string | null): ServiceAccount[] {
  return Object.values(store.data.serviceAccounts)
    .filter((sa) => sa.entityType === entityType && (entityType === 'SYSTEM' || sa.entityId === entityId))
    .sort(byCreation);
}

/** Houston's `workspaceServiceAccounts`. */
export function workspaceServiceAccounts(store: Store, workspaceUuid: string): ServiceAccount[] {
  assert(store.data.workspaces[workspaceUuid], errors.notFound);
  return entityServiceAccounts(store, 'WORKSPACE', workspaceUuid);
}

/** Houston's `deploymentServiceAccounts`: a soft-deleted deployment is gone, with its accounts. */
export function deploymentServiceAccounts(store: Store, deploymentUuid: string): ServiceAccount[] {
  assert(liveDeployment(store, deploymentUuid), errors.notFound);
  return entityServiceAccounts(store, 'DEPLOYMENT', deploymentUuid);
}

/** Houston's `workspaceServiceAccount`: null when the account is not one of the workspace's. */
export function workspaceServiceAccount(store: Store, workspaceUuid: string, serviceAccountUuid: string): ServiceAccount | null {
  return findEntityServiceAccount(store, serviceAccountUuid, 'WORKSPACE', workspaceUuid) ?? null;
}

/** Houston's `deploymentServiceAccount`: null when the account is not one of the deployment's. */
export function deploymentServiceAccount(store: Store, deploymentUuid: string, serviceAccountUuid: string): ServiceAccount | null {
  if (!liveDeployment(store, deploymentUuid)) return null;
  return findEntityServiceAccount(store, serviceAccountUuid, 'DEPLOYMENT', deploymentUuid) ?? null;
}

export interface ServiceAccountSearch {
  serviceAccountUuid?: string | null;
  entityType: EntityType;
  entityUuid?: string | null;
}

/**
 * Houston's older `serviceAccounts(serviceAccountUuid, entityType, entityUuid)`: needs one of the two ids. `visible`
 * says which entities the caller may list (the resolver decides from the caller's permissions).
 */
export function serviceAccounts(
  store: Store,
  search: ServiceAccountSearch,
  visible: (entityId: string | null) => boolean,
): ServiceAccount[] {
  assert(search.serviceAccountUuid || search.entityUuid, () => errors.missingArgument('serviceAccountUuid or entityUuid'));
  return Object.values(store.data.serviceAccounts)
    .filter(
      (sa) =>
        sa.entityType === search.entityType &&
        (!search.serviceAccountUuid || sa.id === search.serviceAccountUuid) &&
        (search.entityType === 'SYSTEM' || !search.entityUuid || sa.entityId === search.entityUuid) &&
        (sa.entityType !== 'DEPLOYMENT' || (sa.entityId !== null && liveDeployment(store, sa.entityId) !== undefined)) &&
        visible(sa.entityId),
    )
    .sort(byCreation);
}

/**
 * Applies an update `payload`: `label`, `category` and `role` (the role must stay at the account's level). Other
 * payload keys are ignored, as Houston does.
 */
function applyUpdate(store: Store, found: ServiceAccount, payload: Record<string, unknown> | null | undefined): ServiceAccount {
  const p = payload ?? {};
  const role = typeof p.role === 'string' && p.role ? p.role : undefined;
  if (role !== undefined && !roleFitsEntity(role, found.entityType)) throw errors.invalidRole();
  const at = now(store);
  const account = writableRow(store, 'serviceAccounts', found);
  if (typeof p.label === 'string' && p.label) account.label = p.label;
  if (typeof p.category === 'string') account.category = p.category;
  if (role !== undefined) {
    for (const found of serviceAccountRoleBindings(store, account.id)) {
      const binding = writableRow(store, 'roleBindings', found);
      binding.role = role as RoleName;
      binding.updatedAt = at;
    }
  }
  account.updatedAt = at;
  return account;
}

/** Deletes the account and its role bindings, so its key stops working at once. Returns the deleted record. */
function removeAccount(store: Store, account: ServiceAccount): ServiceAccount {
  const bindings = serviceAccountRoleBindings(store, account.id);
  for (const binding of bindings) deleteRow(store, 'roleBindings', binding.id);
  deleteRow(store, 'serviceAccounts', account.id);
  return account;
}

type Payload = Record<string, unknown> | null | undefined;

/** Houston's generic `updateServiceAccount`, for an account of any level. */
export function updateServiceAccount(store: Store, args: { serviceAccountUuid: string; payload?: Payload }): ServiceAccount {
  const account = store.data.serviceAccounts[args.serviceAccountUuid];
  assert(account, errors.notFound);
  return applyUpdate(store, account, args.payload);
}

/** Houston's `updateWorkspaceServiceAccount`: the account must be one of the workspace's. */
export function updateWorkspaceServiceAccount(
  store: Store,
  args: { serviceAccountUuid: string; workspaceUuid: string; payload?: Payload },
): ServiceAccount {
  const account = findEntityServiceAccount(store, args.serviceAccountUuid, 'WORKSPACE', args.workspaceUuid);
  assert(account, errors.notFound);
  return applyUpdate(store, account, args.payload);
}

/** Houston's `updateDeploymentServiceAccount`: the account must be one of the deployment's. */
export function updateDeploymentServiceAccount(
  store: Store,
  args: { serviceAccountUuid: string; deploymentUuid: string; payload?: Payload },
): ServiceAccount {
  assert(liveDeployment(store, args.deploymentUuid), errors.notFound);
  const account = findEntityServiceAccount(store, args.serviceAccountUuid, 'DEPLOYMENT', args.deploymentUuid);
  assert(account, errors.notFound);
  return applyUpdate(store, account, args.payload);
}

/** Houston's generic `deleteServiceAccount`, for an account of any level. */
export function deleteServiceAccount(store: Store, args: { serviceAccountUuid: string }): ServiceAccount {
  const account = store.data.serviceAccounts[args.serviceAccountUuid];
  assert(account, errors.notFound);
  return removeAccount(store, account);
}

/** Houston's `deleteWorkspaceServiceAccount`: the account must be one of the workspace's. */
export function deleteWorkspaceServiceAccount(
  store: Store,
  args: { serviceAccountUuid: string; workspaceUuid: string },
): ServiceAccount {
  const account = findEntityServiceAccount(store, args.serviceAccountUuid, 'WORKSPACE', args.workspaceUuid);
  assert(account, errors.notFound);
  return removeAccount(store, account);
}

/** Houston's `deleteDeploymentServiceAccount`: the account must be one of the deployment's. */
export function deleteDeploymentServiceAccount(
  store: Store,
  args: { serviceAccountUuid: string; deploymentUuid: string },
): ServiceAccount {
  assert(liveDeployment(store, args.deploymentUuid), errors.notFound);
  const account = findEntityServiceAccount(store, args.serviceAccountUuid, 'DEPLOYMENT', args.deploymentUuid);
  assert(account, errors.notFound);
  return removeAccount(store, account);
}

/** Houston's `deleteSystemServiceAccount`: only platform-level accounts. */
export function deleteSystemServiceAccount(store: Store, args: { serviceAccountUuid: string }): ServiceAccount {
  const account = findEntityServiceAccount(store, args.serviceAccountUuid, 'SYSTEM', null);
  assert(account, errors.notFound);
  return removeAccount(store, account);
}

/**
 * Removes every account of a workspace or deployment, with their role bindings: for the workspace and deployment
 * domains, when the entity itself is deleted. Returns how many were removed.
 */
export function deleteEntityServiceAccounts(store: Store, entityType: EntityType, entityId: string): number {
  const accounts = entityServiceAccounts(store, entityType, entityId);
  for (const account of accounts) removeAccount(store, account);
  return accounts.length;
}
