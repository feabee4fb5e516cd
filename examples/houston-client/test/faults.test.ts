import { describe, expect, it } from './setup.js';
import { HoustonError } from '../src/houston.js';

describe('HoustonClient when Houston has a bad day', () => {
  it('retries a read answered by HTTP 503 and returns the next answer', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const fault = houston.mock.faults.add({ operationName: 'GetWorkspaces', httpStatus: 503, times: 1 });
    expect((await client.listWorkspaces()).map((w) => w.id)).toEqual([session.workspaceId]);
    expect(houston.requests({ operationName: 'GetWorkspaces' }).map((entry) => entry.fault)).toEqual([fault.id, null]);
  });

  it('gives up a read after its retries, as UNAVAILABLE with the HTTP status', async ({ houston, clients }) => {
    const { client } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.faults.add({ field: 'workspaces', httpStatus: 503 });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 503, transient: true });
    expect(houston.requests({ field: 'workspaces' })).toHaveLength(3);
  });

  it('sends a deployment creation only once under a 503 and surfaces it', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.faults.add({ field: 'createDeployment', httpStatus: 503, times: 1 });
    await expect(client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      operation: 'CreateDeployment',
    });
    expect(houston.requests({ field: 'createDeployment' })).toHaveLength(1);
  });

  it('surfaces an error Houston answers at HTTP 200 without retrying, keeping its code', async ({ houston, clients }) => {
    const { client } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.faults.add({ field: 'workspaces', error: { message: 'Database connection lost', code: 'INTERNAL_SERVER_ERROR' } });
    const attempt = client.listWorkspaces();
    await expect(attempt).rejects.toThrow(HoustonError);
    await expect(attempt).rejects.toMatchObject({
      message: 'Database connection lost',
      code: 'UNKNOWN',
      houstonCode: 'INTERNAL_SERVER_ERROR',
      status: 200,
    });
    expect(houston.requests({ field: 'workspaces' })).toHaveLength(1);
  });

  it('maps a FORBIDDEN that Houston should not have sent like any other refusal', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.faults.add({
      field: 'workspaceDeployments',
      error: { message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' },
      times: 1,
    });
    await expect(client.listDeployments(session.workspaceId!)).rejects.toMatchObject({ code: 'FORBIDDEN', operation: 'GetDeployments' });
  });
});
