import { describe, expect, it } from './setup.js';
import type { HoustonHarness } from 'houston-mock/vitest';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('HoustonClient as time passes', () => {
  /** The platform's token lifetime, Houston's `jwt.authDuration` (one day unless configured). */
  const tokenLifetime = (houston: HoustonHarness) => houston.mock.config.jwt.authDuration;

  it('keeps working until the token\'s last minute', async ({ houston, clients }) => {
    const { client, session } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.clock.advance(tokenLifetime(houston) - 60_000);
    expect((await client.listWorkspaces()).map((w) => w.id)).toEqual([session.workspaceId]);
  });

  it('gets Houston\'s FORBIDDEN once the platform clock passes the token\'s lifetime', async ({ houston, clients }) => {
    const { client } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.clock.advance(tokenLifetime(houston) + 1_000);
    await expect(client.listWorkspaces()).rejects.toMatchObject({
      message: 'You do not have the appropriate permissions for that',
      code: 'FORBIDDEN',
    });
  });

  it('shows in the journal that the refusal came from an expired token', async ({ houston, clients }) => {
    const { client } = await clients.as('WORKSPACE_ADMIN');
    houston.mock.clock.advance(tokenLifetime(houston) + 1_000);
    await client.listWorkspaces().catch(() => undefined);
    expect(houston.lastRequest()?.caller).toEqual({ kind: 'anonymous', reason: 'expired' });
  });

  it('keeps a service account key working a year later: API keys do not expire', async ({ houston, clients }) => {
    const { client, session } = await clients.as({ serviceAccount: 'DEPLOYMENT_VIEWER' });
    houston.mock.clock.advance(365 * DAY_MS);
    expect((await client.getDeployment(session.deploymentId!)).id).toBe(session.deploymentId);
  });
});
