import { describe, expect, it } from 'vitest';
import { HoustonError } from '../src/houston.js';
import { useHoustonMock } from './setup.js';

const houston = useHoustonMock();

describe('HoustonClient when Houston has a bad day', () => {
  it('retries a read answered by HTTP 503 and returns the next answer', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    const fault = houston.harness.mock.faults.add({ operationName: 'GetWorkspaces', httpStatus: 503, times: 1 });
    expect((await client.listWorkspaces()).map((w) => w.id)).toEqual([session.workspaceId]);
    expect(houston.harness.requests({ operationName: 'GetWorkspaces' }).map((entry) => entry.fault)).toEqual([fault.id, null]);
  });

  it('gives up a read after its retries, as UNAVAILABLE with the HTTP status', async () => {
    const { client } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.faults.add({ field: 'workspaces', httpStatus: 503 });
    await expect(client.listWorkspaces()).rejects.toMatchObject({ code: 'UNAVAILABLE', status: 503, transient: true });
    expect(houston.harness.requests({ field: 'workspaces' })).toHaveLength(3);
  });

  it('sends a deployment creation only once under a 503 and surfaces it', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.faults.add({ field: 'createDeployment', httpStatus: 503, times: 1 });
    await expect(client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      operation: 'CreateDeployment',
    });
    expect(houston.harness.requests({ field: 'createDeployment' })).toHaveLength(1);
  });

  it('surfaces an error Houston answers at HTTP 200 without retrying, keeping its code', async () => {
    const { client } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.faults.add({ field: 'workspaces', error: { message: 'Database connection lost', code: 'INTERNAL_SERVER_ERROR' } });
    const attempt = client.listWorkspaces();
    await expect(attempt).rejects.toThrow(HoustonError);
    await expect(attempt).rejects.toMatchObject({
      message: 'Database connection lost',
      code: 'UNKNOWN',
      houstonCode: 'INTERNAL_SERVER_ERROR',
      status: 200,
    });
    expect(houston.harness.requests({ field: 'workspaces' })).toHaveLength(1);
  });

  it('maps a FORBIDDEN that Houston should not have sent like any other refusal', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.faults.add({
      field: 'workspaceDeployments',
      error: { message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' },
      times: 1,
    });
    await expect(client.listDeployments(session.workspaceId!)).rejects.toMatchObject({ code: 'FORBIDDEN', operation: 'GetDeployments' });
  });
});
