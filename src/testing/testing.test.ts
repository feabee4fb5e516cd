import { ClientError, gql } from 'graphql-request';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED_ADMIN } from '../index.js';
import { PROVISIONED_PASSWORD, startHoustonMock, type HoustonHarness } from './index.js';

const SELF = gql`
  query Self {
    self {
      user {
        username
      }
    }
  }
`;
const WORKSPACE = gql`
  query Workspace($id: Uuid!) {
    workspace(workspaceUuid: $id) {
      id
      label
    }
  }
`;
const RENAME_WORKSPACE = gql`
  mutation Rename($id: Uuid!, $label: String!) {
    updateWorkspace(workspaceUuid: $id, payload: { label: $label }) {
      label
    }
  }
`;
const DEPLOYMENT = gql`
  query Deployment($id: String!) {
    deployment(where: { id: $id }) {
      id
    }
  }
`;

/** The first GraphQL error of a failed request, as graphql-request reports it. */
async function firstError(request: Promise<unknown>): Promise<{ message: string; code: unknown }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof ClientError) {
      const first = error.response.errors?.[0];
      return { message: first?.message ?? '', code: first?.extensions?.code };
    }
    throw error;
  }
  throw new Error('the request succeeded');
}

describe('houston-mock/testing', () => {
  it('logs a client in as the seeded system admin', async () => {
    const houston = await startHoustonMock();
    const admin = await houston.admin();
    expect(await admin.request(SELF)).toEqual({ self: { user: { username: SEED_ADMIN.email } } });
  });

  it('provisions a user holding a system role', async () => {
    const houston = await startHoustonMock({ seed: null });
    const editor = await houston.as('SYSTEM_EDITOR');
    expect(editor.email).toBe('system-editor-1@houston-mock.test');
    expect(await editor.request(SELF)).toEqual({ self: { user: { username: 'system-editor-1@houston-mock.test' } } });
  });

  it('gives a workspace viewer a workspace of its own that it can read', async () => {
    const houston = await startHoustonMock();
    const viewer = await houston.as('WORKSPACE_VIEWER');
    const answer = await viewer.request<{ workspace: { id: string } }>(WORKSPACE, { id: viewer.workspaceId });
    expect(answer.workspace.id).toBe(viewer.workspaceId);
  });

  it('lets the emulated permissions refuse a workspace viewer a rename', async () => {
    const houston = await startHoustonMock();
    const viewer = await houston.as('WORKSPACE_VIEWER');
    const error = await firstError(viewer.request(RENAME_WORKSPACE, { id: viewer.workspaceId, label: 'Renamed' }));
    expect(error).toEqual({ message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' });
  });

  it('binds a workspace role on the workspace asked for', async () => {
    const houston = await startHoustonMock();
    const owner = await houston.as('WORKSPACE_ADMIN');
    const editor = await houston.as({ role: 'WORKSPACE_EDITOR', workspaceId: owner.workspaceId! });
    const answer = await editor.request<{ updateWorkspace: { label: string } }>(RENAME_WORKSPACE, { id: owner.workspaceId, label: 'Renamed' });
    expect(answer.updateWorkspace.label).toBe('Renamed');
  });

  it('authenticates a service account client with its API key', async () => {
    const houston = await startHoustonMock();
    const robot = await houston.as({ serviceAccount: 'DEPLOYMENT_ADMIN' });
    expect(robot.authorization).toMatch(/^[0-9a-f]{32}$/);
    const answer = await robot.request<{ deployment: { id: string } }>(DEPLOYMENT, { id: robot.deploymentId });
    expect(answer.deployment.id).toBe(robot.deploymentId);
  });

  it('gives provisioned users a password that logs in through createToken', async () => {
    const houston = await startHoustonMock({ seed: null });
    const viewer = await houston.as('SYSTEM_VIEWER');
    const answer = await houston.client().request<{ createToken: { token: { value: string } } }>(
      gql`mutation Login($identity: String, $password: String!) { createToken(identity: $identity, password: $password) { token { value } } }`,
      { identity: viewer.email, password: PROVISIONED_PASSWORD },
    );
    expect(answer.createToken.token.value.split('.')).toHaveLength(3);
  });

  it('answers an anonymous client with Houston\'s permission error', async () => {
    const houston = await startHoustonMock();
    const nobody = await houston.as('anonymous');
    const error = await firstError(nobody.request(gql`{ users(user: {}) { id } }`));
    expect(error.code).toBe('FORBIDDEN');
  });

  it('reset drops what a test created', async () => {
    const houston = await startHoustonMock();
    const before = Object.keys(houston.mock.store.data.users).length;
    await houston.as('SYSTEM_ADMIN');
    houston.reset();
    expect(Object.keys(houston.mock.store.data.users)).toHaveLength(before);
  });

  it('reset clears injected faults and the journal', async () => {
    const houston = await startHoustonMock();
    const admin = await houston.admin();
    houston.mock.faults.add({ field: 'self', error: { message: 'down', code: 'SERVICE_UNAVAILABLE' } });
    houston.reset();
    expect(houston.requests()).toEqual([]);
    expect(await admin.request(SELF)).toEqual({ self: { user: { username: 'admin@example.com' } } });
  });

  it('hands out a fetch that reaches the in-process instance', async () => {
    const houston = await startHoustonMock();
    const response = await houston.fetch(houston.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ appConfig { version } }' }),
    });
    expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
  });

  it('reset after a checkpoint keeps what was provisioned before it', async () => {
    const houston = await startHoustonMock();
    const editor = await houston.as('SYSTEM_EDITOR');
    houston.checkpoint();
    await houston.as('SYSTEM_VIEWER');
    houston.reset();
    expect(await editor.request(SELF)).toEqual({ self: { user: { username: editor.email } } });
    expect(Object.values(houston.mock.store.data.users).map((u) => u.username)).not.toContain('system-viewer-1@houston-mock.test');
  });

  it('journals the requests clients made, by operation name', async () => {
    const houston = await startHoustonMock();
    const admin = await houston.admin();
    await admin.request(SELF);
    expect(houston.lastRequest()?.operationName).toBe('Self');
    expect(houston.requests({ operationName: 'Self' })).toHaveLength(1);
  });

  it('keeps two harnesses apart', async () => {
    const first = await startHoustonMock();
    const second = await startHoustonMock();
    await first.as('SYSTEM_VIEWER');
    expect(Object.keys(second.mock.store.data.users)).toHaveLength(Object.keys(first.mock.store.data.users).length - 1);
  });

  it('forks an instance that does not share later changes', async () => {
    const houston = await startHoustonMock();
    const fork = await houston.fork();
    await fork.as('SYSTEM_VIEWER');
    expect(Object.keys(fork.mock.store.data.users)).toHaveLength(Object.keys(houston.mock.store.data.users).length + 1);
  });

  describe('over HTTP', () => {
    let houston: HoustonHarness;
    afterAll(() => houston?.close());

    it('serves clients on a free port of 127.0.0.1', async () => {
      houston = await startHoustonMock({ transport: 'http' });
      expect(houston.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const admin = await houston.admin();
      expect(await admin.request(SELF)).toEqual({ self: { user: { username: SEED_ADMIN.email } } });
    });
  });
});
