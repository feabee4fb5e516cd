import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../index.js';
import type { HoustonMock } from '../../index.js';
import type { Caller } from '../../auth/permissions.js';
import type { Deployment, ExecutorType } from '../../store/entities.js';
import { provisionUser } from '../../testing/provision.js';
import { createDeployment, deleteDeployment } from '../deployments/store.js';
import { createWorkspace } from '../workspaces/store.js';
import { subscribeSse, type SseSubscription } from '../../../test/support/sse.js';
import { METRICS_POLL_INTERVAL_MS } from './resolvers.js';
import { MAX_POINTS_PER_SERIES, METRIC_TYPES, metricLabels, type MatrixEntry, type Metric, type VectorEntry } from './store.js';

const STATUS = 'subscription ($r: String) { deploymentStatus(releaseName: $r) { status } }';
/** What the Orbit UI sent (no metricType: every family). */
const METRICS = `subscription Metrics($deploymentUuid: Uuid!, $metricType: [MetricType], $since: Int, $step: Int) {
  metrics(deploymentUuid: $deploymentUuid, metricType: $metricType, since: $since, step: $step) { label result }
}`;

/** 2024-06-01T12:00:00Z, where the default frozen clock starts, in Unix seconds. */
const START = Date.parse('2024-06-01T12:00:00Z') / 1000;
const NOBODY: Caller = { kind: 'anonymous', reason: 'none' };

const open: SseSubscription<any>[] = [];

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});

afterEach(async () => {
  for (const subscription of open.splice(0)) await subscription.close();
  vi.useRealTimers();
});

async function adminToken(mock: HoustonMock): Promise<string> {
  const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
  if (!admin) throw new Error('seeded admin missing');
  return mock.issueToken(admin.id);
}

function addDeployment(mock: HoustonMock, executor: ExecutorType = 'CeleryExecutor'): Deployment {
  const workspace = createWorkspace(mock.store, NOBODY, { label: 'Data Platform' });
  return createDeployment(mock.store, null, { workspaceUuid: workspace.id, label: 'etl', executor });
}

/** A platform whose deployment was created an hour before the clock's start, so that every window has samples. */
async function platform(executor?: ExecutorType) {
  const mock = createHoustonMock();
  mock.clock.advance(-3_600_000);
  const deployment = addDeployment(mock, executor);
  mock.clock.advance(3_600_000);
  return { mock, deployment, token: await adminToken(mock) };
}

async function follow<T = Record<string, any>>(mock: HoustonMock, query: string, variables: Record<string, unknown>, token?: string) {
  const subscription = await subscribeSse<T>(mock, query, variables, token);
  open.push(subscription);
  return subscription;
}

/** Runs the subscriptions' next poll. */
const poll = () => vi.advanceTimersByTimeAsync(METRICS_POLL_INTERVAL_MS);

async function firstMetrics(mock: HoustonMock, token: string, variables: Record<string, unknown>): Promise<Metric[]> {
  const subscription = await follow<{ metrics: Metric[] }>(mock, METRICS, variables, token);
  const result = await subscription.next();
  if (!result?.data) throw new Error(JSON.stringify(result));
  return result.data.metrics;
}

function metric(metrics: Metric[], label: string): Metric {
  const found = metrics.find((m) => m.label === label);
  if (!found) throw new Error(`no metric ${label}`);
  return found;
}

const matrix = (m: Metric) => m.result as MatrixEntry[];
const vector = (m: Metric) => m.result as VectorEntry[];

describe('deploymentStatus subscription', () => {
  it("emits the deployment's current status at once", async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, STATUS, { r: deployment.releaseName }, token);
    expect(await stream.next()).toEqual({ data: { deploymentStatus: { status: 'HEALTHY' } } });
  });

  it('emits the new status when it changes, and nothing while it stays the same', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, STATUS, { r: deployment.releaseName }, token);
    await stream.next();
    await poll();
    await poll();
    mock.setDeploymentStatus(deployment.id, 'DEPLOYING');
    await poll();
    expect(await stream.next()).toEqual({ data: { deploymentStatus: { status: 'DEPLOYING' } } });
  });

  it('ends when the deployment is deleted', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, STATUS, { r: deployment.releaseName }, token);
    await stream.next();
    deleteDeployment(mock.store, { deploymentUuid: deployment.id });
    await poll();
    expect(await stream.next()).toBeNull();
  });

  it('answers not found to a system admin for an unknown release name', async () => {
    const { mock, token } = await platform();
    const stream = await follow(mock, STATUS, { r: 'nonexistent-galaxy-0000' }, token);
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result?.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('answers not found for a soft-deleted deployment', async () => {
    const { mock, deployment, token } = await platform();
    deleteDeployment(mock.store, { deploymentUuid: deployment.id });
    const stream = await follow(mock, STATUS, { r: deployment.releaseName }, token);
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result?.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('lets a deployment viewer follow the status', async () => {
    const { mock } = await platform();
    const viewer = provisionUser(mock.store, 'DEPLOYMENT_VIEWER');
    const release = mock.store.data.deployments[viewer.deploymentId ?? '']?.releaseName;
    // The deployment made for the viewer is rolling out until the rollout time has passed.
    mock.clock.advance(mock.settings.rolloutTime);
    const stream = await follow(mock, STATUS, { r: release }, await mock.issueToken(viewer.userId));
    expect(await stream.next()).toEqual({ data: { deploymentStatus: { status: 'HEALTHY' } } });
  });

  it('refuses a user with no role on the deployment', async () => {
    const { mock, deployment } = await platform();
    const outsider = provisionUser(mock.store, 'WORKSPACE_ADMIN');
    const stream = await follow(mock, STATUS, { r: deployment.releaseName }, await mock.issueToken(outsider.userId));
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('does not tell a user without a system role whether a release name exists', async () => {
    const { mock } = await platform();
    const user = provisionUser(mock.store, 'DEPLOYMENT_ADMIN');
    const stream = await follow(mock, STATUS, { r: 'nonexistent-galaxy-0000' }, await mock.issueToken(user.userId));
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a request without a token', async () => {
    const { mock, deployment } = await platform();
    const stream = await follow(mock, STATUS, { r: deployment.releaseName });
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('metrics subscription', () => {
  it("answers every family's metrics, in Houston's order, when no metricType is given", async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, since: 10, step: 60 });
    expect(metrics.map((m) => m.label)).toEqual(METRIC_TYPES.flatMap(metricLabels));
    expect(metrics.map((m) => m.label).slice(0, 4)).toEqual(['deploymentStatus', 'schedulerHeartbeat', 'coreContainerStatus', 'runningTasks']);
  });

  it('answers only the asked families, in Houston\'s order', async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_QUOTAS', 'DEPLOYMENT_DATABASE'] });
    expect(metrics.map((m) => m.label)).toEqual([
      'totalDatabaseConnections',
      'totalWaitingClients',
      'maxPods',
      'cpuMax',
      'memoryMax',
      'runningPods',
      'reservedCPU',
      'reservedMemory',
    ]);
  });

  it('samples a range metric every step over the last `since` minutes, as Prometheus strings', async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_DATABASE'], since: 10, step: 60 });
    const [series] = matrix(metric(metrics, 'totalDatabaseConnections'));
    expect(series?.metric).toEqual({ release: deployment.releaseName, deployment: deployment.releaseName });
    expect(series?.values.map(([t]) => t)).toEqual(Array.from({ length: 11 }, (_, i) => START - 600 + i * 60));
    for (const [, value] of series?.values ?? []) expect(value).toMatch(/^\d+$/);
  });

  it('answers an instant metric with one sample at the end of the window', async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_STATUS'], step: 60 });
    expect(vector(metric(metrics, 'deploymentStatus'))).toEqual([
      { metric: { release: deployment.releaseName, deployment: deployment.releaseName }, value: [START, '0'] },
    ]);
  });

  it("reports a crash-looping scheduler for an UNHEALTHY deployment", async () => {
    const { mock, deployment, token } = await platform();
    mock.setDeploymentStatus(deployment.id, 'UNHEALTHY');
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_STATUS'] });
    expect(vector(metric(metrics, 'deploymentStatus'))[0]?.value[1]).toBe('-1');
    const [waiting] = vector(metric(metrics, 'coreContainerStatus'));
    expect(waiting?.metric.reason).toBe('CrashLoopBackOff');
    expect(waiting?.metric.container).toBe('scheduler');
  });

  it("has one usage series per container: Celery's workers, Flower and Redis included", async () => {
    const { mock, deployment, token } = await platform('CeleryExecutor');
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_USAGE'], since: 5 });
    const containers = matrix(metric(metrics, 'cpuUsage')).map((s) => s.metric.component_name);
    expect(containers).toEqual(['scheduler', 'webserver', 'statsd', 'pgbouncer', 'worker', 'flower', 'redis', 'triggerer']);
  });

  it('has no worker, Flower or Redis series for a Kubernetes executor deployment', async () => {
    const { mock, deployment, token } = await platform('KubernetesExecutor');
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_USAGE'], since: 5 });
    const containers = matrix(metric(metrics, 'memoryUsage')).map((s) => s.metric.component_name);
    expect(containers).toEqual(['scheduler', 'webserver', 'statsd', 'pgbouncer', 'triggerer']);
  });

  it('names pods after the release, with the short name Houston derives', async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_USAGE'], since: 5 });
    const labels = matrix(metric(metrics, 'networkRx'))[0]?.metric;
    expect(labels?.pod_name).toMatch(new RegExp(`^${deployment.releaseName}-scheduler-[0-9a-z]{10}-[0-9a-z]{5}$`));
    expect(labels?.short_name).toBe(labels?.pod_name?.slice(deployment.releaseName.length + 1));
    expect(labels?.namespace).toBe(deployment.namespace);
  });

  it('has no samples from before the deployment was created', async () => {
    const mock = createHoustonMock();
    const deployment = addDeployment(mock);
    mock.clock.advance(120_000);
    const metrics = await firstMetrics(mock, await adminToken(mock), { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_TASKS'], since: 60, step: 60 });
    expect(matrix(metric(metrics, 'runningTasks'))[0]?.values.map(([t]) => t)).toEqual([START, START + 60, START + 120]);
  });

  it('keeps counters growing over time', async () => {
    const { mock, deployment, token } = await platform();
    const metrics = await firstMetrics(mock, token, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_SCHEDULER'], since: 30, step: 60 });
    const counts = matrix(metric(metrics, 'taskSuccessCount'))[0]?.values.map(([, v]) => Number(v)) ?? [];
    expect(counts.length).toBe(31);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBeGreaterThan(counts[0] ?? 0);
  });

  it(`keeps at most ${MAX_POINTS_PER_SERIES} points per series, the newest`, async () => {
    const { mock, deployment } = await platform();
    mock.clock.advance(86_400_000);
    const metrics = await firstMetrics(mock, await adminToken(mock), { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_DATABASE'], since: 1440, step: 1 });
    const values = matrix(metric(metrics, 'totalWaitingClients'))[0]?.values ?? [];
    expect(values).toHaveLength(MAX_POINTS_PER_SERIES);
    expect(values.at(-1)?.[0]).toBe(START + 86_400);
  });

  it('gives the same numbers for the same platform and clock', async () => {
    const first = await platform();
    const second = await platform();
    expect(second.deployment.id).toBe(first.deployment.id);
    const variables = (id: string) => ({ deploymentUuid: id, since: 15, step: 30 });
    const a = await firstMetrics(first.mock, first.token, variables(first.deployment.id));
    const b = await firstMetrics(second.mock, second.token, variables(second.deployment.id));
    expect(b).toEqual(a);
  });

  it('gives different numbers for different deployments', async () => {
    const { mock, deployment, token } = await platform();
    const other = addDeployment(mock);
    const variables = (id: string) => ({ deploymentUuid: id, metricType: ['DEPLOYMENT_USAGE'], since: 15 });
    const a = await firstMetrics(mock, token, variables(deployment.id));
    const b = await firstMetrics(mock, token, variables(other.id));
    expect(matrix(metric(b, 'cpuUsage'))[0]?.values).not.toEqual(matrix(metric(a, 'cpuUsage'))[0]?.values);
  });

  it('leaves the platform data, random state included, unchanged', async () => {
    const { mock, deployment, token } = await platform();
    const before = structuredClone(mock.store.data);
    await firstMetrics(mock, token, { deploymentUuid: deployment.id });
    expect(mock.store.data).toEqual(before);
  });

  it('emits again once the clock enters the next step, the shared points unchanged', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow<{ metrics: Metric[] }>(mock, METRICS, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_TASKS'], since: 10, step: 60 }, token);
    const first = matrix(metric((await stream.next())?.data?.metrics ?? [], 'runningTasks'))[0]?.values ?? [];
    mock.clock.advance(60_000);
    await poll();
    const second = matrix(metric((await stream.next())?.data?.metrics ?? [], 'runningTasks'))[0]?.values ?? [];
    expect(second.at(-1)?.[0]).toBe(START + 60);
    expect(second.slice(0, -1)).toEqual(first.slice(1));
  });

  it('emits nothing while the clock stays within a step', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow<{ metrics: Metric[] }>(mock, METRICS, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_STATUS'], step: 60 }, token);
    await stream.next();
    mock.clock.advance(30_000);
    await poll();
    mock.clock.advance(30_000);
    await poll();
    const next = await stream.next();
    expect(vector(metric(next?.data?.metrics ?? [], 'deploymentStatus'))[0]?.value[0]).toBe(START + 60);
  });

  it('ends when the deployment is deleted', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, METRICS, { deploymentUuid: deployment.id, metricType: ['DEPLOYMENT_STATUS'] }, token);
    await stream.next();
    deleteDeployment(mock.store, { deploymentUuid: deployment.id });
    await poll();
    expect(await stream.next()).toBeNull();
  });

  it('refuses a step of zero', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, METRICS, { deploymentUuid: deployment.id, step: 0 }, token);
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('step must be a positive number of seconds');
    expect(result?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a negative since', async () => {
    const { mock, deployment, token } = await platform();
    const stream = await follow(mock, METRICS, { deploymentUuid: deployment.id, since: -5 }, token);
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('since must be a positive number of minutes');
    expect(result?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets a deployment viewer read the metrics', async () => {
    const { mock } = await platform();
    const viewer = provisionUser(mock.store, 'DEPLOYMENT_VIEWER');
    const metrics = await firstMetrics(mock, await mock.issueToken(viewer.userId), { deploymentUuid: viewer.deploymentId, metricType: ['DEPLOYMENT_QUOTAS'] });
    expect(metrics.map((m) => m.label)).toEqual(metricLabels('DEPLOYMENT_QUOTAS'));
  });

  it('refuses a user with no role on the deployment', async () => {
    const { mock, deployment } = await platform();
    const outsider = provisionUser(mock.store, 'WORKSPACE_ADMIN');
    const stream = await follow(mock, METRICS, { deploymentUuid: deployment.id }, await mock.issueToken(outsider.userId));
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result?.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers not found to a system admin for an unknown deployment', async () => {
    const { mock, token } = await platform();
    const stream = await follow(mock, METRICS, { deploymentUuid: 'cnosuchdeployment00000000' }, token);
    const result = await stream.next();
    expect(result?.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result?.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});
