/**
 * Houston's role model, end to end: each role (system, workspace and deployment admin/editor/viewer, a plain user,
 * no token, and service accounts at each level) against representative queries and mutations. Every cell runs on a
 * fresh copy of the same platform. An allowed call answers without errors; a denied one answers Houston's
 * permission error and changes nothing. The expectations are written out by hand from Houston's role definitions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock, type PlatformData } from '../../src/index.js';
import { gql } from '../support/gql.js';

type Subject =
  | 'SYSTEM_ADMIN'
  | 'SYSTEM_EDITOR'
  | 'SYSTEM_VIEWER'
  | 'WORKSPACE_ADMIN'
  | 'WORKSPACE_EDITOR'
  | 'WORKSPACE_VIEWER'
  | 'DEPLOYMENT_ADMIN'
  | 'DEPLOYMENT_EDITOR'
  | 'DEPLOYMENT_VIEWER'
  | 'USER'
  | 'ANONYMOUS'
  | 'SYSTEM_SERVICE_ACCOUNT'
  | 'WORKSPACE_SERVICE_ACCOUNT'
  | 'DEPLOYMENT_SERVICE_ACCOUNT';

const SUBJECTS: Subject[] = [
  'SYSTEM_ADMIN',
  'SYSTEM_EDITOR',
  'SYSTEM_VIEWER',
  'WORKSPACE_ADMIN',
  'WORKSPACE_EDITOR',
  'WORKSPACE_VIEWER',
  'DEPLOYMENT_ADMIN',
  'DEPLOYMENT_EDITOR',
  'DEPLOYMENT_VIEWER',
  'USER',
  'ANONYMOUS',
  'SYSTEM_SERVICE_ACCOUNT',
  'WORKSPACE_SERVICE_ACCOUNT',
  'DEPLOYMENT_SERVICE_ACCOUNT',
];

const JWT_SECRET = 'permission-matrix';
const CONFIG = { houston: { publicSignups: true, emailConfirmation: false } };

interface Platform {
  data: PlatformData;
  workspaceId: string;
  deploymentId: string;
  credentials: Record<Subject, string | undefined>;
}

let base: Platform;

async function must<T = any>(mock: HoustonMock, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const result = await gql(mock, query, variables, token);
  if (result.errors) throw new Error(`setup failed: ${query}: ${JSON.stringify(result.errors)}`);
  return result.data as T;
}

async function signUp(mock: HoustonMock, email: string): Promise<{ id: string; token: string }> {
  const data = await must(
    mock,
    'mutation ($email: String!) { createUser(email: $email, password: "pw") { user { id } token { value } } }',
    { email },
  );
  return { id: data.createUser.user.id, token: data.createUser.token.value };
}

/** One platform: a workspace W with a deployment D, a user holding each role, and a service account at each level. */
async function buildPlatform(): Promise<Platform> {
  const mock = createHoustonMock({ seed: null, jwtSecret: JWT_SECRET, config: CONFIG });
  const admin = await signUp(mock, 'system-admin@example.com');
  const workspaceAdmin = await signUp(mock, 'workspace-admin@example.com');
  const ws = await must(mock, 'mutation { createWorkspace(label: "W") { id } }', {}, workspaceAdmin.token);
  const workspaceId: string = ws.createWorkspace.id;
  const dep = await must(
    mock,
    'mutation ($w: Uuid!) { createDeployment(workspaceUuid: $w, type: "airflow", label: "D", executor: CeleryExecutor) { id } }',
    { w: workspaceId },
    workspaceAdmin.token,
  );
  const deploymentId: string = dep.createDeployment.id;
  const credentials = { SYSTEM_ADMIN: admin.token, WORKSPACE_ADMIN: workspaceAdmin.token } as Record<Subject, string | undefined>;
  for (const role of ['SYSTEM_EDITOR', 'SYSTEM_VIEWER'] as const) {
    const user = await signUp(mock, `${role.toLowerCase()}@example.com`);
    await must(mock, 'mutation ($u: ID!, $r: Role!) { createSystemRoleBinding(userId: $u, role: $r) { id } }', { u: user.id, r: role }, admin.token);
    credentials[role] = user.token;
  }
  for (const role of ['WORKSPACE_EDITOR', 'WORKSPACE_VIEWER'] as const) {
    const email = `${role.toLowerCase()}@example.com`;
    const user = await signUp(mock, email);
    await must(mock, 'mutation ($w: Uuid!, $e: String!, $r: Role!) { workspaceAddUser(workspaceUuid: $w, email: $e, role: $r) { id } }', { w: workspaceId, e: email, r: role }, admin.token);
    credentials[role] = user.token;
  }
  for (const role of ['DEPLOYMENT_ADMIN', 'DEPLOYMENT_EDITOR', 'DEPLOYMENT_VIEWER'] as const) {
    const email = `${role.toLowerCase()}@example.com`;
    const user = await signUp(mock, email);
    await must(mock, 'mutation ($d: Id!, $e: String!, $r: Role!) { deploymentAddUserRole(deploymentId: $d, email: $e, role: $r) { id } }', { d: deploymentId, e: email, r: role }, admin.token);
    credentials[role] = user.token;
  }
  credentials.USER = (await signUp(mock, 'plain-user@example.com')).token;
  credentials.ANONYMOUS = undefined;
  const sys = await must(mock, 'mutation { createSystemServiceAccount(label: "sys", role: SYSTEM_EDITOR) { apiKey } }', {}, admin.token);
  credentials.SYSTEM_SERVICE_ACCOUNT = sys.createSystemServiceAccount.apiKey;
  const wsa = await must(mock, 'mutation ($w: Uuid!) { createWorkspaceServiceAccount(label: "ws", workspaceUuid: $w, role: WORKSPACE_EDITOR) { apiKey } }', { w: workspaceId }, admin.token);
  credentials.WORKSPACE_SERVICE_ACCOUNT = wsa.createWorkspaceServiceAccount.apiKey;
  const dsa = await must(mock, 'mutation ($d: Uuid!) { createDeploymentServiceAccount(label: "dep", deploymentUuid: $d, role: DEPLOYMENT_EDITOR) { apiKey } }', { d: deploymentId }, admin.token);
  credentials.DEPLOYMENT_SERVICE_ACCOUNT = dsa.createDeploymentServiceAccount.apiKey;
  return { data: mock.store.data, workspaceId, deploymentId, credentials };
}

interface Case {
  name: string;
  query: (p: Platform) => { query: string; variables: Record<string, unknown> };
  allowed: Subject[];
}

const SYSTEM_ALL: Subject[] = ['SYSTEM_ADMIN', 'SYSTEM_EDITOR', 'SYSTEM_VIEWER', 'SYSTEM_SERVICE_ACCOUNT'];
const WORKSPACE_ALL: Subject[] = ['WORKSPACE_ADMIN', 'WORKSPACE_EDITOR', 'WORKSPACE_VIEWER', 'WORKSPACE_SERVICE_ACCOUNT'];
const DEPLOYMENT_ALL: Subject[] = ['DEPLOYMENT_ADMIN', 'DEPLOYMENT_EDITOR', 'DEPLOYMENT_VIEWER', 'DEPLOYMENT_SERVICE_ACCOUNT'];

const CASES: Case[] = [
  {
    name: 'read a workspace (workspace.config.get or system.workspace.get)',
    query: (p) => ({ query: 'query ($w: Uuid!) { workspace(workspaceUuid: $w) { id } }', variables: { w: p.workspaceId } }),
    allowed: [...SYSTEM_ALL, ...WORKSPACE_ALL],
  },
  {
    name: 'list a workspace\'s deployments (workspace.deployments.get or system.deployments.get)',
    query: (p) => ({ query: 'query ($w: Uuid!) { workspaceDeployments(workspaceUuid: $w) { id } }', variables: { w: p.workspaceId } }),
    allowed: [...SYSTEM_ALL, ...WORKSPACE_ALL],
  },
  {
    name: 'list users (system.users.get)',
    query: () => ({ query: '{ users { id } }', variables: {} }),
    allowed: SYSTEM_ALL,
  },
  {
    name: 'list a deployment\'s service accounts (deployment.serviceAccounts.get or system.serviceAccounts.get)',
    query: (p) => ({ query: 'query ($d: Uuid!) { deploymentServiceAccounts(deploymentUuid: $d) { id } }', variables: { d: p.deploymentId } }),
    allowed: [...SYSTEM_ALL, ...WORKSPACE_ALL, ...DEPLOYMENT_ALL],
  },
  {
    name: 'rename a workspace (workspace.config.update or system.workspace.update)',
    query: (p) => ({ query: 'mutation ($w: Uuid!) { updateWorkspace(workspaceUuid: $w, payload: { label: "W2" }) { id } }', variables: { w: p.workspaceId } }),
    allowed: ['SYSTEM_ADMIN', 'WORKSPACE_ADMIN', 'WORKSPACE_EDITOR', 'WORKSPACE_SERVICE_ACCOUNT'],
  },
  {
    name: 'add a workspace user (workspace.iam.update or system.iam.update)',
    query: (p) => ({
      query: 'mutation ($w: Uuid!) { workspaceAddUser(workspaceUuid: $w, email: "plain-user@example.com", role: WORKSPACE_VIEWER) { id } }',
      variables: { w: p.workspaceId },
    }),
    allowed: ['SYSTEM_ADMIN', 'WORKSPACE_ADMIN'],
  },
  {
    name: 'create a deployment (workspace.deployments.create or system.deployments.create)',
    query: (p) => ({
      query: 'mutation ($w: Uuid!) { createDeployment(workspaceUuid: $w, type: "airflow", label: "new", executor: LocalExecutor) { id } }',
      variables: { w: p.workspaceId },
    }),
    allowed: ['SYSTEM_ADMIN', 'WORKSPACE_ADMIN', 'WORKSPACE_EDITOR', 'WORKSPACE_SERVICE_ACCOUNT'],
  },
  {
    name: 'replace a deployment\'s variables (deployment.config.update, deployment.variables.update or their system forms)',
    query: (p) => ({
      query: 'mutation ($d: Uuid!) { updateDeploymentVariables(deploymentUuid: $d, releaseName: "", environmentVariables: [{ key: "A", value: "1", isSecret: false }]) { key } }',
      variables: { d: p.deploymentId },
    }),
    allowed: [
      'SYSTEM_ADMIN',
      'SYSTEM_EDITOR',
      'SYSTEM_SERVICE_ACCOUNT',
      'WORKSPACE_ADMIN',
      'WORKSPACE_EDITOR',
      'WORKSPACE_SERVICE_ACCOUNT',
      'DEPLOYMENT_ADMIN',
      'DEPLOYMENT_EDITOR',
      'DEPLOYMENT_SERVICE_ACCOUNT',
    ],
  },
  {
    name: 'delete a deployment (deployment.config.delete or system.deployments.delete)',
    query: (p) => ({ query: 'mutation ($d: Uuid!) { deleteDeployment(deploymentUuid: $d) { id } }', variables: { d: p.deploymentId } }),
    allowed: ['SYSTEM_ADMIN', 'WORKSPACE_ADMIN', 'DEPLOYMENT_ADMIN'],
  },
  {
    name: 'create a system service account (system.serviceAccounts.create)',
    query: () => ({ query: 'mutation { createSystemServiceAccount(label: "x", role: SYSTEM_VIEWER) { id } }', variables: {} }),
    allowed: ['SYSTEM_ADMIN'],
  },
];

/** The platform data to compare before and after a call: key use times change on every authenticated call. */
function comparable(data: PlatformData): unknown {
  const copy = structuredClone(data);
  for (const sa of Object.values(copy.serviceAccounts)) sa.lastUsedAt = null;
  return copy;
}

beforeAll(async () => {
  base = await buildPlatform();
}, 60_000);

describe.each(CASES)('$name', (testCase) => {
  it.each(SUBJECTS)('as %s', async (subject) => {
    const mock = createHoustonMock({ data: structuredClone(base.data), jwtSecret: JWT_SECRET, config: CONFIG });
    const { query, variables } = testCase.query(base);
    const before = comparable(mock.store.data);
    const result = await gql(mock, query, variables, base.credentials[subject]);
    if (testCase.allowed.includes(subject)) {
      expect(result.errors).toBeUndefined();
    } else {
      expect(result.errors?.[0]?.message).toBe('You do not have the appropriate permissions for that');
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(comparable(mock.store.data)).toEqual(before);
    }
  });
});
