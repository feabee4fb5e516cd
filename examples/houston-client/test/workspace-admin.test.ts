import { describe, expect, it } from './setup.js';
import { HoustonError } from '../src/houston.js';

describe('HoustonClient as a workspace admin', () => {
  it('lists the workspace the admin belongs to', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const workspaces = await client.listWorkspaces();
    expect(workspaces.map((w) => w.id)).toEqual([session.workspaceId]);
  });

  it('creates an Airflow deployment with a release name chosen by Houston', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const deployment = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    expect(deployment).toMatchObject({ label: 'ETL', type: 'airflow' });
    expect(deployment.id).toMatch(/^c[a-z0-9]{24}$/);
    expect(deployment.releaseName).toMatch(/^[a-z]+-[a-z]+-\d{4}$/);
  });

  it('finds a new deployment in its workspace', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const created = await client.createDeployment(session.workspaceId!, 'ETL', 'KubernetesExecutor');
    const listed = await client.listDeployments(session.workspaceId!);
    expect(listed.map((d) => [d.id, d.label])).toEqual([[created.id, 'ETL']]);
  });

  it('refuses a second deployment with the same label in a workspace', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    const second = client.createDeployment(session.workspaceId!, 'ETL', 'LocalExecutor');
    await expect(second).rejects.toThrow(HoustonError);
    await expect(second).rejects.toMatchObject({ message: 'Workspace already has a deployment named ETL', code: 'BAD_USER_INPUT' });
  });

  it('stores variables and reads them back, secrets without their values', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const { id, releaseName } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.setVariables(id, releaseName, { TARGET_BUCKET: 's3://etl', WAREHOUSE_PASSWORD: { value: 'hunter2', secret: true } });
    expect(await client.getVariables(id, releaseName)).toEqual([
      { key: 'TARGET_BUCKET', value: 's3://etl', isSecret: false },
      { key: 'WAREHOUSE_PASSWORD', value: '', isSecret: true },
    ]);
  });

  it('replaces the variables: a key that is not sent again is gone', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const { id, releaseName } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.setVariables(id, releaseName, { OLD: '1', KEPT: '2' });
    expect(await client.setVariables(id, releaseName, { KEPT: '3' })).toEqual([{ key: 'KEPT', value: '3', isSecret: false }]);
  });

  it('deletes a deployment, which leaves the workspace list', async ({ clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const { id } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    expect(await client.deleteDeployment(id)).toBe(id);
    expect(await client.listDeployments(session.workspaceId!)).toEqual([]);
  });
});
