/**
 * Per-request cost by platform size: the writes and point reads of issue 16 on the default platform and on
 * `scale: 'large'`, as medians in one run (the machine is shared, so the ratio is what counts).
 *
 *   node bench/scale.mjs [--rounds N]
 * Also used by bench/run.mjs (`measureOperations`).
 */
import { performance } from 'node:perf_hooks';
import { createHoustonMock } from '../dist/index.js';

const URL_ = 'http://bench.local/v1';

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function post(mock, query, variables, token) {
  const response = await mock.fetch(URL_, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`${query.slice(0, 60)}: ${body.errors[0].message}`);
  return body.data;
}

async function login(mock, identity, password) {
  const data = await post(mock, 'mutation ($i: String, $p: String!) { createToken(identity: $i, password: $p) { token { value } } }', { i: identity, p: password });
  return data.createToken.token.value;
}

/** Each operation's median latency (ms) over `rounds` rounds on this mock. */
export async function measureOperations(mock, rounds = 40) {
  const admin = await login(mock, 'admin@example.com', 'admin');
  const member = await login(mock, 'workspace.admin@example.com', 'password');
  const someone = (await post(mock, '{ self { user { id } } }', null, await login(mock, 'user@example.com', 'password'))).self.user;
  const someoneEmail = 'user@example.com';
  const times = {};
  const time = async (name, run) => {
    const started = performance.now();
    const result = await run();
    (times[name] ??= []).push(performance.now() - started);
    return result;
  };
  for (let i = 0; i < rounds; i++) {
    const ws = await time('createWorkspace', () => post(mock, 'mutation ($l: String!) { createWorkspace(label: $l) { id } }', { l: `Bench ${i}` }, admin));
    const wsId = ws.createWorkspace.id;
    await time('updateWorkspace', () => post(mock, 'mutation ($id: Uuid!) { updateWorkspace(workspaceUuid: $id, payload: { description: "x" }) { id } }', { id: wsId }, admin));
    const dep = await time('createDeployment', () =>
      post(mock, 'mutation ($ws: Uuid!, $l: String!) { createDeployment(workspaceUuid: $ws, type: "airflow", label: $l, executor: CeleryExecutor) { id } }', { ws: wsId, l: `bench ${i}` }, admin),
    );
    const depId = dep.createDeployment.id;
    await time('updateDeployment', () => post(mock, 'mutation ($id: Uuid!) { updateDeployment(deploymentUuid: $id, payload: { description: "y" }) { id } }', { id: depId }, admin));
    await time('workspaceAddUser', () =>
      post(mock, 'mutation ($ws: Uuid!, $e: String!) { workspaceAddUser(workspaceUuid: $ws, email: $e, role: WORKSPACE_VIEWER) { id } }', { ws: wsId, e: someoneEmail }, admin),
    );
    await time('workspaceUpdateUserRole', () =>
      post(mock, 'mutation ($ws: Uuid!, $e: String!) { workspaceUpdateUserRole(workspaceUuid: $ws, email: $e, role: WORKSPACE_EDITOR) }', { ws: wsId, e: someoneEmail }, admin),
    );
    await time('workspaceRemoveUser', () =>
      post(mock, 'mutation ($ws: Uuid!, $u: Uuid!) { workspaceRemoveUser(workspaceUuid: $ws, userUuid: $u) { id } }', { ws: wsId, u: someone.id }, admin),
    );
    await time('self', () => post(mock, '{ self { user { id username roleBindings { role } } permissions isAdmin } }', null, member));
    await time('deployment(id)', () => post(mock, 'query ($id: String) { deployment(where: { id: $id }) { id label releaseName status workspace { id } } }', { id: depId }, admin));
    await time("member's workspaces", () => post(mock, '{ workspaces { id label deploymentCount roleBindings { role user { id } } } }', null, member));
    await time('deleteDeployment', () => post(mock, 'mutation ($id: Uuid!) { deleteDeployment(deploymentUuid: $id) { id } }', { id: depId }, admin));
    await time('deleteWorkspace', () => post(mock, 'mutation ($id: Uuid!) { deleteWorkspace(workspaceUuid: $id) { id } }', { id: wsId }, admin));
  }
  // The lists in a loop of their own: their garbage is collected during whatever runs next, which would charge a
  // list's cost to the write after it.
  for (let i = 0; i < rounds; i++) {
    await time('paginatedDeployments', () => post(mock, '{ paginatedDeployments(take: 20) { id label releaseName status workspace { id } } }', null, admin));
    await time("admin's workspaces", () => post(mock, '{ workspaces { id label roleBindings { id role user { id username } } } }', null, admin));
  }
  return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values.slice(Math.min(5, values.length - 1)))]));
}

/** The default platform's size: what `grow` multiplies. */
const DEFAULT_SIZE = { workspaces: 5, users: 26, deployments: 12 };

/** A default platform that lets `grow` sign people up (public sign-ups on). */
export function growable() {
  return createHoustonMock({ config: { houston: { publicSignups: true } } });
}

/**
 * Grows a default platform to about `factor` times its size through the API (workspaces, users with two
 * memberships each, deployments), as a platform grows in use: the points of the scale curve between the default
 * platform and `scale: 'large'`.
 */
export async function grow(mock, factor) {
  const admin = await login(mock, 'admin@example.com', 'admin');
  const extra = factor - 1;
  const workspaceIds = [];
  for (let i = 0; i < DEFAULT_SIZE.workspaces * extra; i++) {
    const created = await post(mock, 'mutation ($l: String!) { createWorkspace(label: $l) { id } }', { l: `Grown ${i}` }, admin);
    workspaceIds.push(created.createWorkspace.id);
  }
  for (let i = 0; i < DEFAULT_SIZE.users * extra; i++) {
    const email = `grown.${i}@example.com`;
    await post(mock, 'mutation ($e: String!) { createUser(email: $e, password: "password") { user { id } } }', { e: email });
    const first = workspaceIds[i % workspaceIds.length];
    const second = workspaceIds[(i * 7 + 3) % workspaceIds.length];
    const add = 'mutation ($ws: Uuid!, $e: String!) { workspaceAddUser(workspaceUuid: $ws, email: $e, role: WORKSPACE_VIEWER) { id } }';
    await post(mock, add, { ws: first, e: email }, admin);
    if (second !== first) await post(mock, add, { ws: second, e: email }, admin);
  }
  for (let i = 0; i < DEFAULT_SIZE.deployments * extra; i++) {
    await post(
      mock,
      'mutation ($ws: Uuid!, $l: String!) { createDeployment(workspaceUuid: $ws, type: "airflow", label: $l, executor: CeleryExecutor) { id } }',
      { ws: workspaceIds[i % workspaceIds.length], l: `grown ${i}` },
      admin,
    );
  }
  return mock;
}

/** Rows per table: the size of a platform. */
export function sizeOf(mock) {
  const data = mock.store.data;
  return { users: Object.keys(data.users).length, workspaces: Object.keys(data.workspaces).length, deployments: Object.keys(data.deployments).length, roleBindings: Object.keys(data.roleBindings).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1]) || 40;
  const small = createHoustonMock();
  const t0 = performance.now();
  const large = createHoustonMock({ scale: 'large' });
  console.log(`large platform built in ${(performance.now() - t0).toFixed(0)} ms`);
  const a = await measureOperations(small, rounds);
  const b = await measureOperations(large, rounds);
  console.log('operation'.padEnd(26), 'default ms'.padStart(11), 'large ms'.padStart(10), 'ratio'.padStart(7));
  for (const name of Object.keys(a)) {
    console.log(name.padEnd(26), a[name].toFixed(3).padStart(11), b[name].toFixed(3).padStart(10), (b[name] / a[name]).toFixed(2).padStart(7));
  }
}
