import { describe, expect, it } from './setup.js';

// Over HTTP the instance listens on a free port of 127.0.0.1 and the client keeps the global fetch: the setup for
// code that must have a real URL (a CLI under test, another process, a browser).
it.override({ houstonOptions: { transport: 'http' } });

describe('HoustonClient over HTTP', () => {
  it('creates and lists a deployment through a real port', async ({ houston, clients }) => {
    expect(houston.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    const created = await client.createDeployment(session.workspaceId!, 'ETL', 'CeleryExecutor');
    expect((await client.listDeployments(session.workspaceId!)).map((d) => d.id)).toEqual([created.id]);
  });

  it('retries a read after a real HTTP 503', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.faults.add({ operationName: 'GetWorkspaces', httpStatus: 503, times: 1 });
    expect((await client.listWorkspaces()).map((w) => w.id)).toEqual([session.workspaceId]);
  });
});
