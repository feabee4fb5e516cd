import { describe, expect, it } from 'vitest';
import { useHoustonMock } from './setup.js';

const houston = useHoustonMock();

const DAY_MS = 24 * 60 * 60 * 1000;

describe('HoustonClient as time passes', () => {
  /** The platform's token lifetime, Houston's `jwt.authDuration` (one day unless configured). */
  const tokenLifetime = () => houston.harness.mock.config.jwt.authDuration;

  it('keeps working until the token\'s last minute', async () => {
    const { client, session } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.clock.advance(tokenLifetime() - 60_000);
    expect((await client.listWorkspaces()).map((w) => w.id)).toEqual([session.workspaceId]);
  });

  it('gets Houston\'s FORBIDDEN once the platform clock passes the token\'s lifetime', async () => {
    const { client } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.clock.advance(tokenLifetime() + 1_000);
    await expect(client.listWorkspaces()).rejects.toMatchObject({
      message: 'You do not have the appropriate permissions for that',
      code: 'FORBIDDEN',
    });
  });

  it('shows in the journal that the refusal came from an expired token', async () => {
    const { client } = await houston.clientAs('WORKSPACE_ADMIN');
    houston.harness.mock.clock.advance(tokenLifetime() + 1_000);
    await client.listWorkspaces().catch(() => undefined);
    expect(houston.harness.lastRequest()?.caller).toEqual({ kind: 'anonymous', reason: 'expired' });
  });

  it('keeps a service account key working a year later: API keys do not expire', async () => {
    const { client, session } = await houston.clientAs({ serviceAccount: 'DEPLOYMENT_VIEWER' });
    houston.harness.mock.clock.advance(365 * DAY_MS);
    expect((await client.getDeployment(session.deploymentId!)).id).toBe(session.deploymentId);
  });
});
