import { describe, expect, it } from './setup.js';

describe('what HoustonClient sends', () => {
  it('creates a deployment sending the workspace, label and executor, and no empty options', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor', { runtimeVersion: '12.4.0' });
    const sent = houston.lastRequest();
    expect(sent?.operationName).toBe('CreateDeployment');
    expect(sent?.rootFields).toEqual(['Mutation.createDeployment']);
    expect(sent?.variables).toEqual({
      workspaceId: session.workspaceId,
      label: 'ETL',
      executor: 'CeleryExecutor',
      runtimeVersion: '12.4.0',
    });
  });

  it('sends every variable with its secret flag, and the journal hides the secret values', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const { id, releaseName } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.setVariables(id, releaseName, { TARGET_BUCKET: 's3://etl', WAREHOUSE_PASSWORD: { value: 'hunter2', secret: true } });
    expect(houston.lastRequest()?.variables).toEqual({
      deploymentId: id,
      releaseName,
      variables: [
        { key: 'TARGET_BUCKET', value: 's3://etl', isSecret: false },
        { key: 'WAREHOUSE_PASSWORD', value: '[redacted]', isSecret: true },
      ],
    });
  });

  it('asks for a soft delete unless told otherwise', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const { id } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.deleteDeployment(id);
    expect(houston.lastRequest()?.variables).toEqual({ deploymentId: id, hardDelete: false });
  });

  it('sends a service account\'s key, which Houston takes as that account', async ({ houston, clients }) => {
    const { client, session } = await clients.as({ serviceAccount: 'DEPLOYMENT_EDITOR' });
    await client.getDeployment(session.deploymentId!);
    expect(houston.lastRequest()?.caller).toMatchObject({ kind: 'serviceAccount', serviceAccountId: session.serviceAccountId });
  });

  it('records which permission a refused request lacked', async ({ houston, clients }) => {
    const { session } = await clients.as('WORKSPACE_ADMIN');
    const { client: viewer } = await clients.as({ role: 'WORKSPACE_VIEWER', workspaceId: session.workspaceId! });
    await viewer.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor').catch(() => undefined);
    const refused = houston.lastRequest();
    expect(refused?.permission).toBe('denied');
    expect(refused?.decisions).toEqual([
      { anyOf: expect.arrayContaining(['workspace.deployments.create']), entity: { workspaceId: session.workspaceId }, allowed: false },
    ]);
  });
});
