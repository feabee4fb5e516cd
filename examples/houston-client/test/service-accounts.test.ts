import { describe, expect, it } from './setup.js';

describe('HoustonClient with a service account API key', () => {
  it('creates a deployment service account whose key is shown once, in full', async ({ clients }) => {
    const { client: admin, session } = await clients.as('WORKSPACE_ADMIN');
    const deployment = await admin.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    const account = await admin.createDeploymentServiceAccount(deployment.id, 'CI pipeline', 'DEPLOYMENT_EDITOR', 'ci');
    expect(account).toMatchObject({ label: 'CI pipeline', category: 'ci', deploymentUuid: deployment.id, active: true });
    expect(account.apiKey).toMatch(/^[0-9a-f]{32}$/);
  });

  it('acts with the key of a service account it created', async ({ clients }) => {
    const { client: admin, session } = await clients.as('WORKSPACE_ADMIN');
    const deployment = await admin.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    const { apiKey } = await admin.createDeploymentServiceAccount(deployment.id, 'CI pipeline');
    const ci = clients.with(apiKey);
    await ci.setVariables(deployment.id, deployment.releaseName, { DBT_TARGET: 'prod' });
    expect(await admin.getVariables(deployment.id, deployment.releaseName)).toEqual([{ key: 'DBT_TARGET', value: 'prod', isSecret: false }]);
  });

  it('reads its own deployment with a key the harness provisioned', async ({ clients }) => {
    const { client, session } = await clients.as({ serviceAccount: 'DEPLOYMENT_EDITOR' });
    expect((await client.getDeployment(session.deploymentId!)).id).toBe(session.deploymentId);
  });

  it('refuses a deployment service account the variables of another deployment', async ({ clients }) => {
    const { client } = await clients.as({ serviceAccount: 'DEPLOYMENT_EDITOR' });
    const { client: owner, session } = await clients.as('WORKSPACE_ADMIN');
    const other = await owner.createDeployment(session.workspaceId!, 'Other', 'CeleryExecutor');
    await expect(client.setVariables(other.id, other.releaseName, { A: '1' })).rejects.toMatchObject({
      message: 'You do not have the appropriate permissions for that',
      code: 'FORBIDDEN',
    });
  });
});
