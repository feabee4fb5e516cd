import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../src/index.js';
import { gql, login } from '../support/gql.js';

/**
 * The caller's role bindings and the grouped lookups list answers use are views kept between requests until a table
 * they read changes; every mutation field, and every later request, must see the platform as it is at that moment.
 */
describe('views derived from the platform', () => {
  async function userWithoutRoles() {
    const mock = createHoustonMock({ seed: null, config: { houston: { publicSignups: true, emailConfirmation: false } } });
    const created = await gql<{ createUser: { token: { value: string } } }>(
      mock,
      'mutation { createUser(email: "first@example.com", password: "pw") { token { value } } }',
    );
    const admin = created.data!.createUser.token.value;
    await gql(mock, 'mutation { createUser(email: "second@example.com", password: "pw") { user { id } } }');
    return { mock, admin, token: await login(mock, 'second@example.com', 'pw') };
  }

  it('shows a workspace creator their admin capabilities in the creation answer', async () => {
    const { mock, token } = await userWithoutRoles();
    const result = await gql(
      mock,
      'mutation { createWorkspace(label: "Mine") { workspaceCapabilities { canUpdateIAM canDeleteWorkspace } } }',
      null,
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ createWorkspace: { workspaceCapabilities: { canUpdateIAM: true, canDeleteWorkspace: true } } });
  });

  it('lets a second mutation of the same request use a role the first one granted', async () => {
    const { mock, token } = await userWithoutRoles();
    const result = await gql<{ first: { id: string }; listed: { id: string }[] }>(
      mock,
      'mutation { first: createWorkspace(label: "One") { id } second: createWorkspace(label: "Two") { users { username } } }',
      null,
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ second: { users: [{ username: 'second@example.com' }] } });
  });

  it('counts the deployment each mutation just created in the workspace it answers', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const created = await gql<{ createWorkspace: { id: string } }>(mock, 'mutation { createWorkspace(label: "Counted") { id } }', null, token);
    const workspaceUuid = created.data!.createWorkspace.id;
    const result = await gql(
      mock,
      `mutation ($w: Uuid!) {
        a: createDeployment(workspaceUuid: $w, type: "airflow", label: "a", executor: CeleryExecutor) { workspace { deploymentCount } }
        b: createDeployment(workspaceUuid: $w, type: "airflow", label: "b", executor: CeleryExecutor) { workspace { deploymentCount } }
      }`,
      { w: workspaceUuid },
      token,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ a: { workspace: { deploymentCount: 1 } }, b: { workspace: { deploymentCount: 2 } } });
  });

  it('forgets a role removed by an earlier request', async () => {
    const { mock, admin, token } = await userWithoutRoles();
    const workspace = await gql<{ createWorkspace: { id: string } }>(mock, 'mutation { createWorkspace(label: "Shared") { id } }', null, admin);
    const workspaceUuid = workspace.data!.createWorkspace.id;
    await gql(
      mock,
      'mutation ($w: Uuid!) { workspaceAddUser(workspaceUuid: $w, email: "second@example.com", role: WORKSPACE_VIEWER) { id } }',
      { w: workspaceUuid },
      admin,
    );
    const before = await gql(mock, '{ workspaces { label } }', null, token);
    expect(before.data).toEqual({ workspaces: [{ label: 'Shared' }] });
    await gql(
      mock,
      'mutation ($w: Uuid!, $u: Uuid!) { workspaceRemoveUser(workspaceUuid: $w, userUuid: $u) { id } }',
      { w: workspaceUuid, u: Object.values(mock.store.data.users).find((u) => u.username === 'second@example.com')!.id },
      admin,
    );
    const after = await gql(mock, '{ workspaces { label } }', null, token);
    expect(after.data).toEqual({ workspaces: [] });
  });

  it('answers each workspace of a list with its own members and deployment count', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const result = await gql<{ sysWorkspaces: { id: string; deploymentCount: number; users: { id: string }[] }[] }>(
      mock,
      '{ sysWorkspaces { id deploymentCount users { id } } }',
      null,
      token,
    );
    expect(result.errors).toBeUndefined();
    for (const workspace of result.data!.sysWorkspaces) {
      const one = await gql<{ workspace: { deploymentCount: number }; workspaceUsers: { id: string }[] }>(
        mock,
        'query ($w: Uuid!) { workspace(workspaceUuid: $w) { deploymentCount } workspaceUsers(workspaceUuid: $w) { id } }',
        { w: workspace.id },
        token,
      );
      expect(workspace.deploymentCount).toBe(one.data!.workspace.deploymentCount);
      expect(workspace.users).toEqual(one.data!.workspaceUsers);
    }
  });

  it('shows a row removed with mock.deleteRow in the next answer', async () => {
    const mock = createHoustonMock();
    const { userId, token } = await mock.tokenFor({ email: SEED_ADMIN.email });
    const query = '{ workspaces { id } }';
    const before = await gql<{ workspaces: { id: string }[] }>(mock, query, null, token);
    const dropped = before.data!.workspaces[0]!.id;
    for (const b of Object.values(mock.store.data.roleBindings)) {
      if (b.userId === userId && b.workspaceId === dropped) mock.deleteRow('roleBindings', b.id);
    }
    const after = await gql<{ workspaces: { id: string }[] }>(mock, query, null, token);
    expect(after.data!.workspaces.map((w) => w.id)).toEqual(before.data!.workspaces.map((w) => w.id).filter((id) => id !== dropped));
  });

  it('tells state listeners about a direct write announced with mock.changed()', () => {
    const mock = createHoustonMock({ seed: null });
    let heard = 0;
    mock.onStateChange(() => heard++);
    mock.changed();
    expect(heard).toBe(1);
  });
});
