import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN, type HoustonMock } from '../index.js';
import { gql, login } from '../../test/support/gql.js';
import { createJournal } from './journal.js';

const CREATE_WORKSPACE = 'mutation CreateWorkspace($label: String!) { createWorkspace(label: $label) { id label } }';
const LIST_WORKSPACES = 'query Workspaces { workspaces { label } }';

async function adminToken(mock: HoustonMock): Promise<string> {
  return login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
}

async function labels(mock: HoustonMock, token: string): Promise<string[]> {
  const result = await gql<{ workspaces: { label: string }[] }>(mock, LIST_WORKSPACES, null, token);
  return (result.data?.workspaces ?? []).map((w) => w.label).sort();
}

async function control(mock: HoustonMock, method: string, path: string, body?: unknown, key: string | null = mock.adminKey) {
  const response = await mock.fetch(`http://houston.test/_mock${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key !== null ? { 'x-houston-mock-key': key } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('reset, snapshots and forks', () => {
  it('reset brings back the seeded platform after changes', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const before = await labels(mock, token);
    await gql(mock, CREATE_WORKSPACE, { label: 'Scratch' }, token);
    mock.reset();
    expect(await labels(mock, token)).toEqual(before);
  });

  it('reset winds a frozen clock back to where the instance started', () => {
    const mock = createHoustonMock({ seed: null, clock: { frozenAt: '2025-01-01T00:00:00.000Z' } });
    mock.clock.advance(3_600_000);
    mock.reset();
    expect(new Date(mock.clock.now()).toISOString()).toBe('2025-01-01T00:00:00.000Z');
  });

  it('reset takes a system clock back to wall-clock time, dropping the offset it was set or advanced by', () => {
    const mock = createHoustonMock({ seed: null, clock: 'system' });
    mock.clock.advance(86_400_000);
    mock.reset();
    // Within a minute of now, not a day ahead: the assertion is about the offset, not about timing.
    expect(Math.abs(mock.clock.now() - Date.now())).toBeLessThan(60_000);
  });

  it('reset removes injected faults', async () => {
    const mock = createHoustonMock({ seed: null });
    mock.faults.add({ field: 'appConfig', error: { message: 'Houston is down', code: 'SERVICE_UNAVAILABLE' } });
    mock.reset();
    expect(mock.faults.list()).toEqual([]);
    expect((await gql(mock, '{ appConfig { version } }')).errors).toBeUndefined();
  });

  it('restore puts the clock back where it stood when the snapshot was taken', () => {
    for (const clock of ['system', { frozenAt: '2025-01-01T00:00:00.000Z' }] as const) {
      const mock = createHoustonMock({ seed: null, clock });
      mock.clock.advance(3_600_000);
      const offset = mock.clock.now() - Date.now();
      mock.snapshot('one hour ahead');
      mock.clock.advance(7 * 86_400_000);
      mock.restore('one hour ahead');
      if (mock.clock.mode === 'frozen') expect(new Date(mock.clock.now()).toISOString()).toBe('2025-01-01T01:00:00.000Z');
      else expect(Math.abs(mock.clock.now() - Date.now() - offset)).toBeLessThan(60_000);
    }
  });

  it('reset gives the same ids to what is created again afterwards', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const first = await gql(mock, CREATE_WORKSPACE, { label: 'Again' }, token);
    mock.reset();
    const second = await gql(mock, CREATE_WORKSPACE, { label: 'Again' }, token);
    expect(second.data).toEqual(first.data);
  });

  it('restore returns to a named snapshot, more than once', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    await gql(mock, CREATE_WORKSPACE, { label: 'Kept' }, token);
    mock.snapshot('with-kept');
    const saved = await labels(mock, token);
    await gql(mock, CREATE_WORKSPACE, { label: 'Dropped 1' }, token);
    mock.restore('with-kept');
    await gql(mock, CREATE_WORKSPACE, { label: 'Dropped 2' }, token);
    mock.restore('with-kept');
    expect(await labels(mock, token)).toEqual(saved);
  });

  it('refuses to restore a snapshot that does not exist', () => {
    const mock = createHoustonMock({ seed: null });
    expect(() => mock.restore('nope')).toThrow('no snapshot named "nope"');
  });

  it('a fork does not see what is created on the original, nor the original what is created on the fork', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const fork = mock.fork();
    await gql(mock, CREATE_WORKSPACE, { label: 'Original only' }, token);
    await gql(fork, CREATE_WORKSPACE, { label: 'Fork only' }, token);
    expect(await labels(mock, token)).toContain('Original only');
    expect(await labels(mock, token)).not.toContain('Fork only');
    expect(await labels(fork, token)).toContain('Fork only');
    expect(await labels(fork, token)).not.toContain('Original only');
  });

  it('a fork accepts the tokens and the admin key of the original', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const fork = mock.fork();
    const self = await gql(fork, '{ self { user { username } } }', null, token);
    expect(self.data).toEqual({ self: { user: { username: SEED_ADMIN.email } } });
    expect(fork.adminKey).toBe(mock.adminKey);
  });

  it('reset of a fork returns to the state the fork was made from', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    await gql(mock, CREATE_WORKSPACE, { label: 'Before fork' }, token);
    const fork = mock.fork();
    await gql(fork, CREATE_WORKSPACE, { label: 'In fork' }, token);
    fork.reset();
    const found = await labels(fork, token);
    expect(found).toContain('Before fork');
    expect(found).not.toContain('In fork');
  });

  it('load replaces the platform with an exported one, and reset returns to it', async () => {
    const source = createHoustonMock();
    const token = await adminToken(source);
    await gql(source, CREATE_WORKSPACE, { label: 'From fixture' }, token);
    const fixture = JSON.parse(JSON.stringify(source.exportState())) as unknown;
    const target = createHoustonMock({ seed: null, jwtSecret: 'shared', clock: { frozenAt: source.clock.now() } });
    target.load(fixture);
    const targetToken = await target.issueToken(Object.values(target.store.data.users).find((u) => u.username === SEED_ADMIN.email)!.id);
    await gql(target, CREATE_WORKSPACE, { label: 'After load' }, targetToken);
    target.reset();
    const found = await labels(target, targetToken);
    expect(found).toContain('From fixture');
    expect(found).not.toContain('After load');
  });

  it('load refuses data that is not a houston-mock platform, naming what is wrong', () => {
    const mock = createHoustonMock({ seed: null });
    expect(() => mock.load({ format: 'something-else' })).toThrow('not a houston-mock platform of format "houston-mock/platform@1" (format: "something-else")');
  });

  it('tells state-change listeners about a reset', () => {
    const mock = createHoustonMock({ seed: null });
    let changes = 0;
    mock.onStateChange(() => changes++);
    mock.reset();
    expect(changes).toBe(1);
  });
});

describe('journal', () => {
  it('records the operation name from the document, its root fields and the caller', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    await gql(mock, LIST_WORKSPACES, null, token);
    const entry = mock.journal.last();
    expect(entry?.operationName).toBe('Workspaces');
    expect(entry?.operationType).toBe('query');
    expect(entry?.rootFields).toEqual(['Query.workspaces']);
    expect(entry?.caller).toMatchObject({ kind: 'user', email: SEED_ADMIN.email });
  });

  it('redacts passwords in the recorded variables', async () => {
    const mock = createHoustonMock();
    await adminToken(mock);
    expect(mock.journal.last()?.variables).toEqual({ identity: SEED_ADMIN.email, password: '[redacted]' });
  });

  it('redacts any variable named after a credential: invite tokens, git-sync tokens', async () => {
    const mock = createHoustonMock({ seed: null });
    await gql(mock, 'mutation Join($inviteToken: String, $httpsToken: String) { createUser(email: "a@example.com", password: "pw", inviteToken: $inviteToken) { user { id } } }', {
      inviteToken: 'invite-secret',
      httpsToken: 'ghp_secret',
    });
    expect(mock.journal.last()?.variables).toEqual({ inviteToken: '[redacted]', httpsToken: '[redacted]' });
  });

  it('redacts the values of secret environment variables', async () => {
    const mock = createHoustonMock({ seed: null });
    await gql(mock, 'mutation Vars($v: [InputEnvironmentVariable]!) { updateDeploymentVariables(deploymentUuid: "x", releaseName: "x", environmentVariables: $v) { key } }', {
      v: [
        { key: 'A', value: 'visible', isSecret: false },
        { key: 'B', value: 'hidden', isSecret: true },
      ],
    });
    expect(mock.journal.last()?.variables).toEqual({
      v: [
        { key: 'A', value: 'visible', isSecret: false },
        { key: 'B', value: '[redacted]', isSecret: true },
      ],
    });
  });

  it('records a permission refusal with the permissions asked for and the error code', async () => {
    const mock = createHoustonMock({ seed: null, config: { houston: { publicSignups: true, emailConfirmation: false } } });
    await gql(mock, 'mutation { createUser(email: "first@example.com", password: "pw") { user { id } } }');
    await gql(mock, 'mutation { createUser(email: "second@example.com", password: "pw") { user { id } } }');
    const second = await login(mock, 'second@example.com', 'pw');
    await gql(mock, 'query Everyone { users(user: {}) { id } }', null, second);
    const entry = mock.journal.entries({ operationName: 'Everyone' })[0];
    expect(entry?.permission).toBe('denied');
    expect(entry?.decisions[0]?.allowed).toBe(false);
    expect(entry?.errors).toEqual([{ message: 'You do not have the appropriate permissions for that', code: 'FORBIDDEN' }]);
  });

  it('records an allowed operation as allowed', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    await gql(mock, CREATE_WORKSPACE, { label: 'Journaled' }, token);
    expect(mock.journal.last()?.permission).toBe('allowed');
  });

  it('records a request that did not parse', async () => {
    const mock = createHoustonMock({ seed: null });
    await gql(mock, '{ appConfig {');
    expect(mock.journal.last()?.errors[0]?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('keeps only the last entries up to its limit', async () => {
    const mock = createHoustonMock({ seed: null, journalLimit: 3 });
    for (let i = 0; i < 5; i++) await gql(mock, `query Q${i} { appConfig { version } }`);
    expect(mock.journal.entries().map((e) => e.operationName)).toEqual(['Q2', 'Q3', 'Q4']);
  });

  it('holds exactly its last `limit` entries, in order, however many went before', () => {
    const journal = createJournal(3);
    const entry = (name: string) => ({
      at: '2024-06-01T12:00:00.000Z',
      operationName: name,
      operationType: 'query' as const,
      rootFields: ['Query.appConfig'],
      variables: null,
      caller: null,
      decisions: [],
      permission: 'none' as const,
      errors: name.endsWith('!') ? [{ message: 'no', code: null }] : [],
      automocked: [],
      fault: null,
      durationMs: 0,
    });
    for (let n = 1; n <= 20; n++) {
      journal.record(entry(n % 2 === 0 ? `Q${n}!` : `Q${n}`));
      const expected = Array.from({ length: Math.min(n, 3) }, (_, i) => n - Math.min(n, 3) + 1 + i);
      expect(journal.entries().map((e) => e.seq)).toEqual(expected);
      expect(journal.last()?.seq).toBe(n);
    }
    expect(journal.entries({ errors: true }).map((e) => e.operationName)).toEqual(['Q18!', 'Q20!']);
    expect(journal.entries({ limit: 1 }).map((e) => e.operationName)).toEqual(['Q20!']);
    journal.clear();
    expect(journal.entries()).toEqual([]);
    expect(journal.record(entry('Q')).seq).toBe(21);
    expect(journal.entries().map((e) => e.seq)).toEqual([21]);
  });

  it('filters entries by root field', async () => {
    const mock = createHoustonMock({ seed: null });
    await gql(mock, '{ appConfig { version } }');
    await gql(mock, '{ authConfig { publicSignup } }');
    expect(mock.journal.entries({ field: 'authConfig' }).map((e) => e.rootFields)).toEqual([['Query.authConfig']]);
  });
});

describe('faults', () => {
  it('answers a matching operation with the injected error for the given number of calls, then normally', async () => {
    const mock = createHoustonMock({ seed: null });
    mock.faults.add({ field: 'appConfig', error: { message: 'Houston is down for maintenance', code: 'SERVICE_UNAVAILABLE' }, times: 1 });
    const failed = await gql(mock, '{ appConfig { version } }');
    const next = await gql(mock, '{ appConfig { version } }');
    expect(failed.errors).toEqual([{ message: 'Houston is down for maintenance', extensions: { code: 'SERVICE_UNAVAILABLE' } }]);
    expect(next.data).toEqual({ appConfig: { version: '0.37.0' } });
  });

  it('answers with the injected HTTP status', async () => {
    const mock = createHoustonMock({ seed: null });
    mock.faults.add({ operationName: 'AppConfig', httpStatus: 503 });
    const result = await gql(mock, 'query AppConfig { appConfig { version } }');
    expect(result.status).toBe(503);
    expect(result.errors?.[0]?.extensions?.code).toBe('INJECTED_FAULT');
  });

  it('leaves operations the fault does not name alone', async () => {
    const mock = createHoustonMock({ seed: null });
    mock.faults.add({ operationName: 'Other', error: { message: 'boom' } });
    const result = await gql(mock, 'query AppConfig { appConfig { version } }');
    expect(result.data).toEqual({ appConfig: { version: '0.37.0' } });
  });

  it('still runs the operation after an injected delay', async () => {
    const mock = createHoustonMock({ seed: null });
    const fault = mock.faults.add({ field: 'Query.appConfig', latencyMs: 5 });
    const result = await gql(mock, '{ appConfig { version } }');
    expect(result.data).toEqual({ appConfig: { version: '0.37.0' } });
    expect(mock.journal.last()?.fault).toBe(fault.id);
  });

  it('stops applying once cleared', async () => {
    const mock = createHoustonMock({ seed: null });
    mock.faults.add({ field: 'appConfig', error: { message: 'boom' } });
    mock.faults.clear();
    const result = await gql(mock, '{ appConfig { version } }');
    expect(result.errors).toBeUndefined();
  });

  it('refuses a fault for a root field the schema does not have, suggesting the one meant', () => {
    const mock = createHoustonMock({ seed: null });
    expect(() => mock.faults.add({ field: 'createDeploymnet', httpStatus: 503 })).toThrow(
      'fault "field": no root field named "createDeploymnet" in Houston 0.37.0\'s schema. Did you mean "createDeployment"?',
    );
    expect(() => mock.faults.add({ field: 'Query.createDeployment', httpStatus: 503 })).toThrow(
      'fault "field": no field on Query named "createDeployment" in Houston 0.37.0\'s schema',
    );
    expect(() => mock.faults.add({ field: 'Mutations.createDeployment', httpStatus: 503 })).toThrow(
      'fault "field": "Mutations" is not an operation type; use Query, Mutation or Subscription (or the field alone)',
    );
    expect(mock.faults.list()).toEqual([]);
  });

  it('refuses a fault for a field that exists only in another platform version', () => {
    // upsertDeployment arrived in 0.30; an older platform's schema does not have it.
    const mock = createHoustonMock({ seed: null, platformVersion: '0.29.0' });
    expect(() => mock.faults.add({ field: 'upsertDeployment', httpStatus: 503 })).toThrow(/no root field named "upsertDeployment" in Houston 0\.29\.0/);
  });

  it('refuses a fault that names no operation', () => {
    const mock = createHoustonMock({ seed: null });
    expect(() => mock.faults.add({ error: { message: 'boom' } })).toThrow('a fault needs "operationName" or "field" to say which requests it applies to');
  });
});

describe('control API over /_mock', () => {
  it('refuses a request without the admin key with 401', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await control(mock, 'POST', '/reset', undefined, null);
    expect(result.status).toBe(401);
    expect(result.body.error.code).toBe('ADMIN_KEY_REQUIRED');
  });

  it('refuses a wrong admin key with 403', async () => {
    const mock = createHoustonMock({ seed: null, adminKey: 'right-key' });
    const result = await control(mock, 'POST', '/reset', undefined, 'wrong-key');
    expect(result.status).toBe(403);
    expect(result.body.error.code).toBe('ADMIN_KEY_INVALID');
  });

  it('is not opened by a Houston token, even a system admin\'s', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const response = await mock.fetch('http://houston.test/_mock/state', { headers: { authorization: token } });
    expect(response.status).toBe(401);
  });

  it('describes itself at GET /_mock', async () => {
    const mock = createHoustonMock({ seed: 7 });
    const result = await control(mock, 'GET', '');
    expect(result.body).toMatchObject({ name: 'houston-mock', platformVersion: '0.37.0', seed: 7 });
    expect(result.body.endpoints).toContain('POST /_mock/reset');
  });

  it('resets the platform', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const before = await labels(mock, token);
    await gql(mock, CREATE_WORKSPACE, { label: 'Scratch' }, token);
    const result = await control(mock, 'POST', '/reset');
    expect(result.status).toBe(200);
    expect(await labels(mock, token)).toEqual(before);
  });

  it('takes and restores named snapshots', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const saved = await labels(mock, token);
    expect((await control(mock, 'POST', '/snapshots', { name: 'start' })).status).toBe(201);
    await gql(mock, CREATE_WORKSPACE, { label: 'Scratch' }, token);
    expect((await control(mock, 'POST', '/snapshots/start/restore')).status).toBe(200);
    expect(await labels(mock, token)).toEqual(saved);
    expect((await control(mock, 'GET', '/snapshots')).body).toEqual({ snapshots: ['start'] });
  });

  it('answers 404 for an unknown snapshot', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await control(mock, 'POST', '/snapshots/missing/restore');
    expect(result.status).toBe(404);
    expect(result.body.error).toEqual({ code: 'NOT_FOUND', message: 'no snapshot named "missing"' });
  });

  it('advances and sets the clock', async () => {
    const mock = createHoustonMock({ seed: null, clock: { frozenAt: '2025-01-01T00:00:00.000Z' } });
    expect((await control(mock, 'POST', '/clock', { advance: '2h' })).body.now).toBe('2025-01-01T02:00:00.000Z');
    expect((await control(mock, 'POST', '/clock', { set: '2026-05-05T05:05:05.000Z' })).body.now).toBe('2026-05-05T05:05:05.000Z');
  });

  it('exports the platform and loads it back', async () => {
    const mock = createHoustonMock({ seed: 3 });
    const exported = await control(mock, 'GET', '/state');
    const other = createHoustonMock({ seed: null });
    expect((await control(other, 'PUT', '/state', exported.body)).status).toBe(200);
    expect(other.exportState()).toEqual(mock.exportState());
  });

  it('answers 400 for a state that is not a platform', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await control(mock, 'PUT', '/state', { hello: 'world' });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toBe('not a houston-mock platform of format "houston-mock/platform@1" (format: none)');
  });

  it('serves the journal with filters', async () => {
    const mock = createHoustonMock({ seed: null });
    await gql(mock, 'query A { appConfig { version } }');
    await gql(mock, 'query B { appConfig { version } }');
    const result = await control(mock, 'GET', '/journal?operationName=B');
    expect(result.body.entries.map((e: { operationName: string }) => e.operationName)).toEqual(['B']);
  });

  it('adds, lists and removes faults', async () => {
    const mock = createHoustonMock({ seed: null });
    const added = await control(mock, 'POST', '/faults', { field: 'appConfig', error: { message: 'nope', code: 'BAD_USER_INPUT' } });
    expect(added.status).toBe(201);
    expect((await gql(mock, '{ appConfig { version } }')).errors?.[0]?.message).toBe('nope');
    expect((await control(mock, 'DELETE', `/faults/${added.body.fault.id as string}`)).body).toEqual({ removed: 1 });
    expect((await control(mock, 'GET', '/faults')).body).toEqual({ faults: [] });
  });

  it('answers 400 naming an unknown field of a fault, and adds nothing', async () => {
    const mock = createHoustonMock({ seed: null });
    const { status, body } = await control(mock, 'POST', '/faults', { field: 'createDeploymnet', httpStatus: 503 });
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: 'BAD_REQUEST',
      message: 'fault "field": no root field named "createDeploymnet" in Houston 0.37.0\'s schema. Did you mean "createDeployment"?',
    });
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
  });

  it('POST /_mock/reset returns the platform, the clock and the faults to how the instance started', async () => {
    const mock = createHoustonMock({ seed: null, clock: 'system' });
    await control(mock, 'POST', '/clock', { advance: '2d' });
    await control(mock, 'POST', '/faults', { field: 'appConfig', httpStatus: 503 });
    const { status, body } = await control(mock, 'POST', '/reset');
    expect(status).toBe(200);
    expect(Math.abs(Date.parse(body.now as string) - Date.now())).toBeLessThan(60_000);
    expect((await control(mock, 'GET', '/faults')).body.faults).toEqual([]);
  });

  it('answers 400 for an invalid fault', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await control(mock, 'POST', '/faults', { field: 'appConfig', httpStatus: 200 });
    expect(result.status).toBe(400);
    expect(result.body.error.message).toBe('fault "httpStatus" must be an HTTP error status (400–599)');
  });

  it('issues a token for a user by email', async () => {
    const mock = createHoustonMock();
    const result = await control(mock, 'POST', '/tokens', { email: SEED_ADMIN.email });
    const self = await gql(mock, '{ self { user { username } } }', null, result.body.token as string);
    expect(self.data).toEqual({ self: { user: { username: SEED_ADMIN.email } } });
  });

  it('answers 404 for an unknown control path', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await control(mock, 'GET', '/nothing-here');
    expect(result.status).toBe(404);
    expect(result.body.error.code).toBe('NOT_FOUND');
  });
});

describe('deployment status', () => {
  async function seededDeployment(mock: HoustonMock, token: string): Promise<{ id: string; status: string }> {
    const result = await gql<{ workspaces: { deployments: { id: string; status: string }[] }[] }>(
      mock,
      '{ workspaces { deployments { id status } } }',
      null,
      token,
    );
    return result.data!.workspaces.flatMap((w) => w.deployments)[0]!;
  }

  it('sets the status a deployment reports through POST /_mock/deployments/:id/status', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const { id } = await seededDeployment(mock, token);
    const answer = await control(mock, 'POST', `/deployments/${id}/status`, { status: 'UNHEALTHY' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'UNHEALTHY' });
    const read = await gql<{ deployment: { status: string; deploymentStatus: { status: string } } }>(
      mock,
      'query ($id: String) { deployment(where: { id: $id }) { status deploymentStatus { status } } }',
      { id },
      token,
    );
    expect(read.data!.deployment).toEqual({ status: 'UNHEALTHY', deploymentStatus: { status: 'UNHEALTHY' } });
  });

  it('refuses a status Houston does not have with 400, naming the allowed values', async () => {
    const mock = createHoustonMock();
    const { id } = await seededDeployment(mock, await adminToken(mock));
    const answer = await control(mock, 'POST', `/deployments/${id}/status`, { status: 'BROKEN' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'BAD_REQUEST', message: '"status" must be one of UNKNOWN, DEPLOYING, UNHEALTHY, HEALTHY' });
  });

  it('answers 404 for a deployment that does not exist', async () => {
    const mock = createHoustonMock();
    const answer = await control(mock, 'POST', '/deployments/cnothere0000000000000000000/status', { status: 'HEALTHY' });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'no deployment with id "cnothere0000000000000000000"' });
  });

  it('offers the same on the instance, announced as a change of the platform', async () => {
    const mock = createHoustonMock();
    const token = await adminToken(mock);
    const { id } = await seededDeployment(mock, token);
    let changes = 0;
    mock.onStateChange(() => changes++);
    mock.setDeploymentStatus(id, 'DEPLOYING');
    expect(changes).toBe(1);
    expect(mock.store.data.deployments[id]!.status).toBe('DEPLOYING');
  });
});
