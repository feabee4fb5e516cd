import { describe, expect, it, type Clients } from './setup.js';
import { HoustonError } from '../src/houston.js';

/** Houston's one answer to a missing permission, a missing token and a bad token alike. */
const FORBIDDEN_MESSAGE = 'You do not have the appropriate permissions for that';

/** A workspace with one deployment, made by its admin, and a viewer of that workspace. */
async function workspaceWithViewer(clients: Clients) {
  const { client: admin, session } = await clients.as('WORKSPACE_ADMIN');
  const workspaceId = session.workspaceId!;
  const deployment = await admin.createDeployment(workspaceId, 'ETL', 'CeleryExecutor');
  const { client: viewer } = await clients.as({ role: 'WORKSPACE_VIEWER', workspaceId });
  return { admin, viewer, workspaceId, deployment };
}

describe('HoustonClient without the permission', () => {
  it('lets a workspace viewer list the deployments', async ({ clients }) => {
    const { viewer, workspaceId, deployment } = await workspaceWithViewer(clients);
    expect((await viewer.listDeployments(workspaceId)).map((d) => d.id)).toEqual([deployment.id]);
  });

  it('turns a refused deployment creation into a FORBIDDEN HoustonError with Houston\'s message', async ({ clients }) => {
    const { viewer, workspaceId } = await workspaceWithViewer(clients);
    const attempt = viewer.createDeployment(workspaceId, 'Reports', 'CeleryExecutor');
    await expect(attempt).rejects.toThrow(HoustonError);
    await expect(attempt).rejects.toMatchObject({ message: FORBIDDEN_MESSAGE, code: 'FORBIDDEN', operation: 'CreateDeployment' });
  });

  it('leaves the workspace unchanged after a refused creation', async ({ clients }) => {
    const { admin, viewer, workspaceId, deployment } = await workspaceWithViewer(clients);
    await viewer.createDeployment(workspaceId, 'Reports', 'CeleryExecutor').catch(() => undefined);
    expect((await admin.listDeployments(workspaceId)).map((d) => d.label)).toEqual([deployment.label]);
  });

  it('refuses a workspace viewer a change of variables', async ({ clients }) => {
    const { viewer, deployment } = await workspaceWithViewer(clients);
    await expect(viewer.setVariables(deployment.id, deployment.releaseName, { A: '1' })).rejects.toMatchObject({
      message: FORBIDDEN_MESSAGE,
      code: 'FORBIDDEN',
    });
  });

  it('refuses a made-up token the same way as a missing permission', async ({ clients }) => {
    const { workspaceId } = await workspaceWithViewer(clients);
    const client = clients.with('not-a-token');
    await expect(client.listDeployments(workspaceId)).rejects.toMatchObject({ message: FORBIDDEN_MESSAGE, code: 'FORBIDDEN' });
  });
});
