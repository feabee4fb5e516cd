import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../index.js';
import type { HoustonMock } from '../../index.js';
import type { Deployment, RoleBinding, RoleName, Workspace } from '../../store/entities.js';
import { newId, now } from '../../store/state.js';
import { insertUser } from '../users/store.js';
import { gql } from '../../../test/support/gql.js';
import { LOG_QUERY_LIMIT } from './store.js';

/** The Astro CLI's query, verbatim in substance (`astro deployment logs <component> <id>`). */
const CLI_LOGS_QUERY = `
	query GetLogs(
		$deploymentId: Uuid!
		$component: String
		$timestamp: DateTime
		$search: String
	){
		logs(
			deploymentUuid: $deploymentId
			component: $component
			timestamp: $timestamp
			search: $search
		){
			id
			createdAt: timestamp
			log: message
		}
	}`;

const FULL_QUERY = `query ($d: Uuid!, $c: String, $t: DateTime, $s: String) {
  logs(deploymentUuid: $d, component: $c, timestamp: $t, search: $s) { id timestamp release component level message }
}`;

interface Line {
  id: string;
  timestamp: string;
  release: string;
  component: string;
  level: string;
  message: string;
}

const FIVE_MINUTES_AGO = '2024-06-01T11:55:00.000000000Z';

async function adminToken(mock: HoustonMock): Promise<string> {
  const admin = Object.values(mock.store.data.users).find((u) => u.username === SEED_ADMIN.email);
  if (!admin) throw new Error('seeded admin missing');
  return mock.issueToken(admin.id);
}

async function userToken(mock: HoustonMock, email: string, binding?: { role: RoleName; workspaceId?: string; deploymentId?: string }) {
  const user = insertUser(mock.store, { email, status: 'active', verified: true });
  if (binding) {
    const at = now(mock.store);
    const record: RoleBinding = {
      id: newId(mock.store),
      role: binding.role,
      userId: user.id,
      serviceAccountId: null,
      teamId: null,
      workspaceId: binding.workspaceId ?? null,
      deploymentId: binding.deploymentId ?? null,
      createdAt: at,
      updatedAt: at,
    };
    mock.insertRow('roleBindings', record);
  }
  return mock.issueToken(user.id);
}

function addWorkspace(mock: HoustonMock): Workspace {
  const at = now(mock.store);
  const workspace: Workspace = {
    id: newId(mock.store),
    label: 'Data Platform',
    description: null,
    active: true,
    deploymentsConfig: null,
    deploymentsConfigDeletedAt: null,
    createdAt: at,
    updatedAt: at,
  };
  mock.insertRow('workspaces', workspace);
  return workspace;
}

/** Only the fields logs read; the deployments domain owns the full record. */
function addDeployment(mock: HoustonMock, options: { workspaceId?: string; executor?: string; releaseName?: string } = {}): Deployment {
  const at = now(mock.store);
  const releaseName = options.releaseName ?? 'mathematical-probe-2087';
  const deployment = {
    id: newId(mock.store),
    workspaceId: options.workspaceId ?? addWorkspace(mock).id,
    clusterId: null,
    label: 'etl',
    releaseName,
    namespace: `astronomer-${releaseName}`,
    executor: options.executor ?? 'CeleryExecutor',
    triggerer: { resources: null, replicas: 1 },
    createdAt: at,
    updatedAt: at,
    deletedAt: null,
  } as unknown as Deployment;
  mock.insertRow('deployments', deployment);
  return deployment;
}

async function platform() {
  const mock = createHoustonMock();
  const deployment = addDeployment(mock);
  return { mock, deployment, token: await adminToken(mock) };
}

async function readLogs(mock: HoustonMock, token: string, variables: Record<string, unknown>): Promise<Line[]> {
  const result = await gql<{ logs: Line[] }>(mock, FULL_QUERY, variables, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data?.logs ?? [];
}

describe('logs', () => {
  it('answers the CLI query with an id, an RFC 3339 createdAt and the line as log', async () => {
    const { mock, deployment, token } = await platform();
    const result = await gql<{ logs: { id: string; createdAt: string; log: string }[] }>(
      mock,
      CLI_LOGS_QUERY,
      { deploymentId: deployment.id, component: 'scheduler', search: '', timestamp: FIVE_MINUTES_AGO },
      token,
    );
    expect(result.errors).toBeUndefined();
    const lines = result.data?.logs ?? [];
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.id).toMatch(/^[0-9A-Za-z]{20}$/);
      expect(new Date(line.createdAt).toISOString()).toBe(line.createdAt);
      expect(line.log).toMatch(/^\[2024-06-01T11:5\d:\d\d\.\d{3}\+0000\] \{[a-z_]+\.py:\d+\} (INFO|WARNING|ERROR) - /);
    }
  });

  it('gives the same lines for the same platform and clock', async () => {
    const first = await platform();
    const second = await platform();
    expect(second.deployment.id).toBe(first.deployment.id);
    const a = await readLogs(first.mock, first.token, { d: first.deployment.id, t: FIVE_MINUTES_AGO });
    const b = await readLogs(second.mock, second.token, { d: second.deployment.id, t: FIVE_MINUTES_AGO });
    expect(b).toEqual(a);
  });

  it('leaves the platform data, random state included, unchanged', async () => {
    const { mock, deployment, token } = await platform();
    const before = structuredClone(mock.store.data);
    await readLogs(mock, token, { d: deployment.id });
    expect(mock.store.data).toEqual(before);
  });

  it('writes different lines for different deployments', async () => {
    const { mock, deployment, token } = await platform();
    const other = addDeployment(mock, { releaseName: 'cosmic-nebula-1234' });
    const a = await readLogs(mock, token, { d: deployment.id, c: 'scheduler', t: FIVE_MINUTES_AGO });
    const b = await readLogs(mock, token, { d: other.id, c: 'scheduler', t: FIVE_MINUTES_AGO });
    expect(b.map((l) => l.message)).not.toEqual(a.map((l) => l.message));
  });

  it('returns only the asked component, named with the release', async () => {
    const { mock, deployment, token } = await platform();
    const lines = await readLogs(mock, token, { d: deployment.id, c: 'webserver', t: FIVE_MINUTES_AGO });
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((l) => l.component))).toEqual(new Set(['webserver']));
    expect(new Set(lines.map((l) => l.release))).toEqual(new Set(['mathematical-probe-2087']));
  });

  it('mixes every running component, oldest first, when no component is given', async () => {
    const { mock, deployment, token } = await platform();
    const lines = await readLogs(mock, token, { d: deployment.id, c: '', t: FIVE_MINUTES_AGO });
    expect(new Set(lines.map((l) => l.component))).toEqual(new Set(['scheduler', 'webserver', 'worker', 'triggerer']));
    expect(lines.map((l) => l.timestamp)).toEqual([...lines.map((l) => l.timestamp)].sort());
  });

  it('has no worker lines for a deployment without Celery workers', async () => {
    const mock = createHoustonMock();
    const deployment = addDeployment(mock, { executor: 'KubernetesExecutor' });
    const lines = await readLogs(mock, await adminToken(mock), { d: deployment.id, c: 'worker', t: FIVE_MINUTES_AGO });
    expect(lines).toEqual([]);
  });

  it('keeps only lines containing the search phrase, ignoring case', async () => {
    const { mock, deployment, token } = await platform();
    const all = await readLogs(mock, token, { d: deployment.id, c: 'webserver', t: FIVE_MINUTES_AGO });
    const found = await readLogs(mock, token, { d: deployment.id, c: 'webserver', t: FIVE_MINUTES_AGO, s: 'get /HEALTH' });
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(all.filter((l) => l.message.toLowerCase().includes('get /health')));
  });

  it('returns only lines written after the timestamp', async () => {
    const { mock, deployment, token } = await platform();
    const since = '2024-06-01T11:58:00.000Z';
    const fiveMinutes = await readLogs(mock, token, { d: deployment.id, t: FIVE_MINUTES_AGO });
    const twoMinutes = await readLogs(mock, token, { d: deployment.id, t: since });
    expect(twoMinutes.length).toBeGreaterThan(0);
    expect(twoMinutes).toEqual(fiveMinutes.filter((l) => l.timestamp > since));
  });

  it('shows new lines once the clock moves on, keeping the earlier ones', async () => {
    const { mock, deployment, token } = await platform();
    const before = await readLogs(mock, token, { d: deployment.id, t: FIVE_MINUTES_AGO });
    mock.clock.advance(60_000);
    const after = await readLogs(mock, token, { d: deployment.id, t: FIVE_MINUTES_AGO });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.at(-1)?.timestamp.localeCompare('2024-06-01T12:00:00.000Z')).toBe(1);
  });

  it('prints the start-up banner just after the deployment is created', async () => {
    const { mock, deployment, token } = await platform();
    mock.clock.advance(30_000);
    const lines = await readLogs(mock, token, { d: deployment.id, c: 'scheduler', t: deployment.createdAt });
    expect(lines.find((l) => l.message === 'Starting the scheduler')?.timestamp).toBe('2024-06-01T12:00:02.000Z');
  });

  it(`answers at most ${LOG_QUERY_LIMIT} lines, the newest`, async () => {
    const { mock, deployment, token } = await platform();
    const lines = await readLogs(mock, token, { d: deployment.id });
    expect(lines).toHaveLength(LOG_QUERY_LIMIT);
    expect((lines.at(-1)?.timestamp ?? '') <= '2024-06-01T12:00:00.000Z').toBe(true);
    expect((lines[0]?.timestamp ?? '') > '2024-06-01T11:00:00.000Z').toBe(true);
  });

  it('lets a deployment viewer read the logs', async () => {
    const { mock, deployment } = await platform();
    const token = await userToken(mock, 'viewer@example.com', { role: 'DEPLOYMENT_VIEWER', deploymentId: deployment.id });
    const lines = await readLogs(mock, token, { d: deployment.id, c: 'scheduler', t: FIVE_MINUTES_AGO });
    expect(lines.length).toBeGreaterThan(0);
  });

  it('refuses a user with no role on the deployment', async () => {
    const { mock, deployment } = await platform();
    const token = await userToken(mock, 'outsider@example.com', { role: 'WORKSPACE_ADMIN', workspaceId: addWorkspace(mock).id });
    const result = await gql(mock, FULL_QUERY, { d: deployment.id }, token);
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a request without a token', async () => {
    const { mock, deployment } = await platform();
    const result = await gql(mock, FULL_QUERY, { d: deployment.id });
    expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers not found to a system admin for an unknown deployment', async () => {
    const { mock, token } = await platform();
    const result = await gql(mock, FULL_QUERY, { d: 'cnosuchdeployment00000000' }, token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });

  it('answers not found to a system admin for a soft-deleted deployment', async () => {
    const { mock, deployment, token } = await platform();
    mock.updateRow('deployments', deployment.id, (d) => {
      d.deletedAt = now(mock.store);
    });
    const result = await gql(mock, FULL_QUERY, { d: deployment.id }, token);
    expect(result.errors?.[0]?.message).toBe('The requested resource was not found');
    expect(result.errors?.[0]?.extensions?.code).toBe('RESOURCE_NOT_FOUND');
  });
});
