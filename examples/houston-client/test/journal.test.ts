import { describe, expect, it } from 'vitest';
import { useHoustonMock } from './setup.js';

const houston = useHoustonMock();

describe('what HoustonClient sends', () => {
  it('creates a deployment sending the workspace, label and executor, and no empty options', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor', { runtimeVersion: '12.4.0' });
    const sent = houston.harness.lastRequest();
    expect(sent?.operationName).toBe('CreateDeployment');
    expect(sent?.rootFields).toEqual(['Mutation.createDeployment']);
    expect(sent?.variables).toEqual({
      workspaceId: session.workspaceId,
      label: 'ETL',
      executor: 'CeleryExecutor',
      runtimeVersion: '12.4.0',
    });
  });

  it('sends every variable with its secret flag, and the journal hides the secret values', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    const { id, releaseName } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.setVariables(id, releaseName, { TARGET_BUCKET: 's3://etl', WAREHOUSE_PASSWORD: { value: 'hunter2', secret: true } });
    expect(houston.harness.lastRequest()?.variables).toEqual({
      deploymentId: id,
      releaseName,
      variables: [
        { key: 'TARGET_BUCKET', value: 's3://etl', isSecret: false },
        { key: 'WAREHOUSE_PASSWORD', value: '[redacted]', isSecret: true },
      ],
    });
  });

  it('asks for a soft delete unless told otherwise', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    const { id } = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    await client.deleteDeployment(id);
    expect(houston.harness.lastRequest()?.variables).toEqual({ deploymentId: id, hardDelete: false });
  });

  it('sends a service account\'s key, which Houston takes as that account', async () => {
    const { client, session } = await houston.clientAs({ serviceAccount: 'DEPLOYMENT_EDITOR' });
    await client.getDeployment(session.deploymentId!);
    expect(houston.harness.lastRequest()?.caller).toMatchObject({ kind: 'serviceAccount', serviceAccountId: session.serviceAccountId });
  });

  it('records which permission a refused request lacked', async () => {
    const { session } = await houston.clientAs('WORKSPACE_ADMIN');
    const { client: viewer } = await houston.clientAs({ role: 'WORKSPACE_VIEWER', workspaceId: session.workspaceId! });
    await viewer.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor').catch(() => undefined);
    const refused = houston.harness.lastRequest();
    expect(refused?.permission).toBe('denied');
    expect(refused?.decisions).toEqual([
      { anyOf: expect.arrayContaining(['workspace.deployments.create']), entity: { workspaceId: session.workspaceId }, allowed: false },
    ]);
  });
});
