import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHoustonMock, SEED_ADMIN, type HoustonMock } from '../../index.js';
import { gql } from '../../../test/support/gql.js';
import { subscribeSse } from '../../../test/support/sse.js';
import { METRICS_POLL_INTERVAL_MS } from '../metrics/resolvers.js';

/** Rollouts on the platform clock, and the git-sync rules, as a client and a test script see them. */

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const UPSERT_ON = { houston: { deployments: { upsertDeploymentEnabled: true } } };

async function platform(options: Parameters<typeof createHoustonMock>[0] = {}) {
  const mock = createHoustonMock({ config: UPSERT_ON, ...options });
  const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
  if (!admin) throw new Error('seeded admin missing');
  const token = await mock.issueToken(admin.id);
  const workspaceId = Object.values(mock.store.data.workspaces)[0]?.id;
  return { mock, token, workspaceId };
}

async function create(mock: HoustonMock, token: string, workspaceId: string | undefined) {
  const result = await gql(
    mock,
    'mutation ($w: Uuid!) { createDeployment(workspaceUuid: $w, label: "Rollout", type: "airflow") { id releaseName status } }',
    { w: workspaceId },
    token,
  );
  if (!result.data?.createDeployment) throw new Error(JSON.stringify(result.errors));
  return result.data.createDeployment as { id: string; releaseName: string; status: string };
}

async function statusOf(mock: HoustonMock, token: string, id: string) {
  const result = await gql(mock, 'query ($id: String!) { deployment(where: { id: $id }) { status deploymentStatus { status } } }', { id }, token);
  const d = result.data?.deployment;
  expect(d.deploymentStatus.status).toBe(d.status);
  return d.status as string;
}

async function control(mock: HoustonMock, method: string, path: string, body?: unknown) {
  const response = await mock.fetch(`http://houston.test/_mock${path}`, {
    method,
    headers: { 'x-houston-mock-key': mock.adminKey, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('rollouts', () => {
  it('rolls a new deployment out: DEPLOYING until rolloutTime has passed on the platform clock, then HEALTHY', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    expect(d.status).toBe('DEPLOYING');
    mock.clock.advance(mock.settings.rolloutTime - 1);
    expect(await statusOf(mock, token, d.id)).toBe('DEPLOYING');
    mock.clock.advance(1);
    expect(await statusOf(mock, token, d.id)).toBe('HEALTHY');
  });

  it('defaults to a three-minute rollout and takes houstonMock.rolloutTime from the config', async () => {
    expect((await platform()).mock.settings.rolloutTime).toBe(180_000);
    const { mock, token, workspaceId } = await platform({ config: { ...UPSERT_ON, mock: { rolloutTime: 0 } } });
    const d = await create(mock, token, workspaceId);
    expect(d.status).toBe('HEALTHY');
    expect(() => createHoustonMock({ config: { mock: { rolloutTime: -1 } } })).toThrow(
      'config key "houstonMock.rolloutTime" must be a whole number of milliseconds ≥ 0, got -1',
    );
  });

  it('rolls out again on an upsert, an image deploy and a chart upgrade', async () => {
    const { mock, token, workspaceId } = await platform({ config: { houston: { deployments: { upsertDeploymentEnabled: true, enableUpdateDeploymentImageEndpoint: true } } } });
    const d = await create(mock, token, workspaceId);
    const requests: [string, Record<string, unknown>][] = [
      ['mutation ($id: Uuid) { upsertDeployment(deploymentUuid: $id, label: "Renamed") { id } }', { id: d.id }],
      ['mutation ($r: String!) { updateDeploymentImage(releaseName: $r, image: "registry.example.com/airflow:deploy-1") { id } }', { r: d.releaseName }],
      ['mutation ($id: Uuid!) { upgradeDeployment(deploymentUuid: $id) { id } }', { id: d.id }],
    ];
    for (const [query, variables] of requests) {
      mock.clock.advance(mock.settings.rolloutTime);
      expect(await statusOf(mock, token, d.id)).toBe('HEALTHY');
      const result = await gql(mock, query, variables, token);
      expect(result.errors).toBeUndefined();
      expect(await statusOf(mock, token, d.id)).toBe('DEPLOYING');
    }
  });

  it('ends the next rollout UNHEALTHY when the factory scripts it to fail, and the one after that normally', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    expect(mock.rollouts.next(d.id, 'fail')).toEqual({ id: d.id, releaseName: d.releaseName, nextRollout: 'fail' });
    await gql(mock, 'mutation ($id: Uuid) { upsertDeployment(deploymentUuid: $id, label: "B") { id } }', { id: d.id }, token);
    expect(await statusOf(mock, token, d.id)).toBe('DEPLOYING');
    mock.clock.advance(mock.settings.rolloutTime);
    expect(await statusOf(mock, token, d.id)).toBe('UNHEALTHY');
    await gql(mock, 'mutation ($id: Uuid) { upsertDeployment(deploymentUuid: $id, label: "C") { id } }', { id: d.id }, token);
    mock.clock.advance(mock.settings.rolloutTime);
    expect(await statusOf(mock, token, d.id)).toBe('HEALTHY');
  });

  it('keeps a hanging rollout DEPLOYING, scripted through the control API, until monitoring says otherwise', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    const scripted = await control(mock, 'POST', `/deployments/${d.id}/rollout`, { outcome: 'hang' });
    expect(scripted).toEqual({ status: 200, body: { id: d.id, releaseName: d.releaseName, nextRollout: 'hang' } });
    await gql(mock, 'mutation ($id: Uuid!) { upgradeDeployment(deploymentUuid: $id) { id } }', { id: d.id }, token);
    mock.clock.advance(12 * 3_600_000);
    expect(await statusOf(mock, token, d.id)).toBe('DEPLOYING');
    mock.setDeploymentStatus(d.id, 'HEALTHY');
    expect(await statusOf(mock, token, d.id)).toBe('HEALTHY');
  });

  it('refuses an unknown outcome (400) and an unknown deployment (404) on the control API', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    expect(await control(mock, 'POST', `/deployments/${d.id}/rollout`, { outcome: 'explode' })).toEqual({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: '"outcome" must be one of succeed, fail, hang' } },
    });
    expect((await control(mock, 'POST', '/deployments/nope/rollout', { outcome: 'fail' })).status).toBe(404);
  });

  it('never changes the platform data by reading a rollout that ended', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    mock.clock.advance(mock.settings.rolloutTime);
    const before = structuredClone(mock.store.data);
    expect(await statusOf(mock, token, d.id)).toBe('HEALTHY');
    expect(mock.store.data).toEqual(before);
  });

  it('streams DEPLOYING, then HEALTHY, to a deploymentStatus subscriber as the clock passes the rollout time', async () => {
    const { mock, token, workspaceId } = await platform();
    const d = await create(mock, token, workspaceId);
    const stream = await subscribeSse(mock, 'subscription ($r: String) { deploymentStatus(releaseName: $r) { status } }', { r: d.releaseName }, token);
    expect(await stream.next()).toEqual({ data: { deploymentStatus: { status: 'DEPLOYING' } } });
    mock.clock.advance(mock.settings.rolloutTime);
    await vi.advanceTimersByTimeAsync(METRICS_POLL_INTERVAL_MS);
    expect(await stream.next()).toEqual({ data: { deploymentStatus: { status: 'HEALTHY' } } });
    await stream.close();
  });
});

describe('git-sync rules', () => {
  const VALIDATE = `mutation ($c: Uuid!, $u: String!) {
    validateGitSyncCredentials(clusterId: $c, repositoryUrl: $u, httpsToken: "ghp_token") { valid category message }
  }`;

  async function check(mock: HoustonMock, token: string, url: string) {
    const clusterId = Object.values(mock.store.data.clusters)[0]?.id;
    const result = await gql(mock, VALIDATE, { c: clusterId, u: url }, token);
    return result.data?.validateGitSyncCredentials;
  }

  it('answers OK by default, then what the rules added through the control API say, by host or URL prefix', async () => {
    const { mock, token } = await platform({ platformVersion: '2.1.0' });
    expect(await check(mock, token, 'https://github.com/acme/dags.git')).toMatchObject({ valid: true, category: 'OK' });
    expect(await control(mock, 'POST', '/git-sync/rules', { match: 'github.com', category: 'AUTH_FAILED' })).toEqual({
      status: 201,
      body: { rule: { match: 'github.com', category: 'AUTH_FAILED' } },
    });
    await control(mock, 'POST', '/git-sync/rules', { match: 'https://github.com/acme/private', category: 'NOT_FOUND', message: 'gone' });
    expect(await check(mock, token, 'https://github.com/acme/dags.git')).toEqual({
      valid: false,
      category: 'AUTH_FAILED',
      message: 'Authentication to github.com failed with the given credentials',
    });
    expect(await check(mock, token, 'https://github.com/acme/private.git')).toEqual({ valid: false, category: 'NOT_FOUND', message: 'gone' });
    expect(await check(mock, token, 'https://gitlab.example.com/acme/dags.git')).toMatchObject({ category: 'OK' });
    expect((await control(mock, 'GET', '/git-sync/rules')).body.rules).toHaveLength(2);
    expect(await control(mock, 'DELETE', '/git-sync/rules')).toEqual({ status: 200, body: { removed: 2 } });
    expect(await check(mock, token, 'https://github.com/acme/dags.git')).toMatchObject({ category: 'OK' });
  });

  it('takes rules from the factory, the newest first', async () => {
    const { mock, token } = await platform({ platformVersion: '2.1.0' });
    mock.gitSync.addRule({ match: 'git.example.com', category: 'UNREACHABLE' });
    mock.gitSync.addRule({ match: 'GIT.example.com', category: 'TLS_ERROR' });
    expect(await check(mock, token, 'https://git.example.com:8443/team/dags.git')).toMatchObject({ valid: false, category: 'TLS_ERROR' });
    expect(mock.gitSync.rules().map((r) => r.category)).toEqual(['TLS_ERROR', 'UNREACHABLE']);
  });

  it('forgets the rules and the scripted rollouts on reset, as it forgets faults', async () => {
    const { mock, token, workspaceId } = await platform({ platformVersion: '2.1.0' });
    const d = await create(mock, token, workspaceId);
    mock.gitSync.addRule({ match: 'github.com', category: 'AUTH_FAILED' });
    mock.rollouts.next(d.id, 'hang');
    mock.reset();
    expect(mock.gitSync.rules()).toEqual([]);
    expect(mock.rollouts.pending()).toEqual({});
  });

  it('refuses a rule with an unknown category', async () => {
    const { mock } = await platform({ platformVersion: '2.1.0' });
    const answer = await control(mock, 'POST', '/git-sync/rules', { match: 'github.com', category: 'MAYBE' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toBe('"category" must be one of OK, AUTH_FAILED, UNREACHABLE, TLS_ERROR, INVALID_URL, TIMEOUT, NOT_FOUND');
  });
});
