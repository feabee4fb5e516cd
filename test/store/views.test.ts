import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../src/index.js';
import type { Caller } from '../../src/auth/permissions.js';
import { derived, registeredViews, staleViews } from '../../src/store/lookups.js';
import type { Store } from '../../src/store/state.js';
import * as deployments from '../../src/resolvers/deployments/store.js';
import * as serviceAccounts from '../../src/resolvers/serviceAccounts/store.js';
import * as teams from '../../src/resolvers/teams/store.js';
import * as users from '../../src/resolvers/users/store.js';
import * as workspaces from '../../src/resolvers/workspaces/store.js';
import '../../src/resolvers/index.js';

/** A small seeded generator for the test's own choices (the platform has its own). */
function chooser(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)];
}

const ROLES = ['WORKSPACE_ADMIN', 'WORKSPACE_EDITOR', 'WORKSPACE_VIEWER'] as const;

/** One random write of the kinds the API makes; refusals (a duplicate, a missing row) are part of the mix. */
function randomWrite(store: Store, pick: ReturnType<typeof chooser>, step: number): void {
  const { data } = store;
  const workspaceIds = Object.keys(data.workspaces);
  const userIds = Object.keys(data.users);
  const deploymentIds = Object.keys(data.deployments).filter((id) => data.deployments[id]?.deletedAt === null);
  const admin: Caller = { kind: 'user', userId: pick(userIds) ?? '', token: { value: '', payload: {} as never } };
  const emailOf = (id: string | undefined) => (id ? users.primaryEmail(data.users[id]!) : 'nobody@example.com');
  const writes: (() => unknown)[] = [
    () => workspaces.createWorkspace(store, admin, { label: `Random ${step}` }),
    () => workspaces.deleteWorkspace(store, pick(workspaceIds) ?? ''),
    () => workspaces.updateWorkspace(store, pick(workspaceIds) ?? '', { label: `Renamed ${step}` }),
    () => workspaces.workspaceAddUser(store, { workspaceId: pick(workspaceIds) ?? '', email: emailOf(pick(userIds)), role: pick(ROLES)! }),
    () => workspaces.workspaceAddUser(store, { workspaceId: pick(workspaceIds) ?? '', email: `new${step}@example.com`, role: 'WORKSPACE_VIEWER' }),
    () => workspaces.workspaceUpdateUserRole(store, { workspaceId: pick(workspaceIds) ?? '', email: emailOf(pick(userIds)), role: pick(ROLES)! }),
    () => workspaces.workspaceRemoveUser(store, { workspaceId: pick(workspaceIds) ?? '', userId: pick(userIds) ?? '' }),
    () => deployments.createDeployment(store, admin, { workspaceUuid: pick(workspaceIds) ?? '', type: 'airflow', label: `d${step}`, executor: 'CeleryExecutor' }),
    () => deployments.deleteDeployment(store, { deploymentUuid: pick(deploymentIds) ?? '', deploymentHardDelete: step % 2 === 0 }),
    () => users.createUser(store, { email: `user${step}@example.com`, password: 'password' }),
    () => users.removeUser(store, pick(userIds) ?? ''),
    () => users.updateSelf(store, pick(userIds) ?? '', { username: `renamed${step}` }),
    () => serviceAccounts.createWorkspaceServiceAccount(store, { workspaceUuid: pick(workspaceIds) ?? '', label: `sa${step}`, role: 'WORKSPACE_EDITOR' }),
    () => serviceAccounts.createDeploymentServiceAccount(store, { deploymentUuid: pick(deploymentIds) ?? '', label: `dsa${step}`, role: 'DEPLOYMENT_VIEWER' }),
    () => serviceAccounts.deleteServiceAccount(store, { serviceAccountUuid: pick(Object.keys(data.serviceAccounts)) ?? '' }),
    () => teams.insertTeam(store, { name: `team${step}`, userIds: [pick(userIds), pick(userIds)].filter((id): id is string => !!id) }),
    () => teams.updateTeam(store, { id: pick(Object.keys(data.teams)) ?? '', addUserIds: [pick(userIds) ?? ''], removeUserIds: [pick(userIds) ?? ''] }),
    () => teams.removeTeam(store, { id: pick(Object.keys(data.teams)) ?? '' }),
    () => teams.workspaceAddTeam(store, { workspaceUuid: pick(workspaceIds) ?? '', teamUuid: pick(Object.keys(data.teams)) ?? '' }),
  ];
  try {
    pick(writes)!();
  } catch {
    // A refused write must leave the views true as well: checked after it like any other.
  }
}

describe('views followed row by row', () => {
  it.each([1, 2, 3])('equal a derivation from scratch after every write of a random sequence (seed %i)', (seed) => {
    const mock = createHoustonMock({ seed });
    const pick = chooser(seed);
    for (const kept of registeredViews()) derived(mock.store, kept);
    for (let step = 0; step < 150; step++) {
      randomWrite(mock.store, pick, step);
      expect(staleViews(mock.store), `after write ${step}`).toEqual([]);
      // Some views are asked for again between writes, some only later: both paths are followed.
      if (step % 7 === 0) for (const kept of registeredViews()) derived(mock.store, kept);
    }
  });
});
