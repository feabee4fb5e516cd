import { beforeAll, describe, expect, it } from 'vitest';
import { createHoustonMock, type HoustonMock } from '../../src/index.js';
import { gql, login } from '../support/gql.js';

/**
 * The response budget (houstonMock.limits.maxResponseValues): one request on the large platform cannot answer, or
 * compute, more than the budget, however it multiplies Houston's lists; the lists themselves stay whole.
 */

const BUDGET_MESSAGE = (limit: number) =>
  `Response budget exceeded: this request would answer more than ${limit} values (fields and list items). ` +
  'Select fewer fields, page with take/pageSize, or raise houstonMock.limits.maxResponseValues to allow it.';

const thirtyAliasesOfUsers = `{ ${Array.from({ length: 30 }, (_, i) => `u${i}: users { id username fullName }`).join(' ')} }`;

describe('response budget on the large platform', () => {
  let mock: HoustonMock;
  let viewer: string;
  let userCount: number;

  beforeAll(async () => {
    // Built once for the file: about a second.
    mock = createHoustonMock({ scale: 'large' });
    viewer = await login(mock, 'system.viewer@example.com', 'password');
    userCount = Object.keys(mock.store.data.users).length;
  });

  it('answers thirty aliases of users with one error naming the setting, not 1.5 million users', async () => {
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: viewer },
      body: JSON.stringify({ query: thirtyAliasesOfUsers }),
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text)).toEqual({ errors: [{ message: BUDGET_MESSAGE(1_000_000), extensions: { code: 'RESPONSE_TOO_LARGE' } }] });
  });

  it('shares one budget across a batch: ten such operations are refused, each with the budget error', async () => {
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: viewer },
      body: JSON.stringify(Array.from({ length: 10 }, () => ({ query: thirtyAliasesOfUsers }))),
    });
    const text = await response.text();
    const results = JSON.parse(text) as { data?: unknown; errors?: { extensions: { code: string } }[] }[];
    expect(results).toHaveLength(10);
    for (const result of results) {
      expect(result.data).toBeUndefined();
      expect(result.errors?.map((e) => e.extensions.code)).toEqual(['RESPONSE_TOO_LARGE']);
    }
    // Ten error bodies, not ten times 50,000 users.
    expect(text.length).toBeLessThan(10_000);
  });

  it('refuses a batch whose operations fit alone but not together', async () => {
    const oneList = '{ users { id username fullName status } }'; // about 300,000 values each
    const response = await mock.fetch('http://houston.test/v1', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: viewer },
      body: JSON.stringify(Array.from({ length: 4 }, () => ({ query: oneList }))),
    });
    const results = (await response.json()) as { data?: { users: unknown[] } | null; errors?: { extensions: { code: string } }[] }[];
    expect(results.slice(0, 3).map((r) => r.data?.users.length)).toEqual([userCount, userCount, userCount]);
    expect(results[3]).toEqual({ errors: [{ message: BUDGET_MESSAGE(1_000_000), extensions: { code: 'RESPONSE_TOO_LARGE' } }] });
  });

  it('keeps Houston lists whole for a normal selection: every user with emails and role bindings', async () => {
    const result = await gql<{ users: { id: string; emails: { address: string }[]; roleBindings: { role: string }[] }[] }>(
      mock,
      '{ users { id username emails { address } roleBindings { role workspace { id } } } }',
      null,
      viewer,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.users).toHaveLength(userCount);
    expect(userCount).toBeGreaterThan(50_000);
  });

  it('counts what take leaves: a page of deployments costs its page, not the platform', async () => {
    const budgeted = createHoustonMock({ seed: 1, limits: { maxResponseValues: 40 } });
    const admin = await login(budgeted, 'admin@example.com', 'admin');
    const page = await gql(budgeted, '{ paginatedDeployments(take: 3) { id label } }', null, admin);
    expect(page.errors).toBeUndefined();
    expect((page.data?.paginatedDeployments as unknown[]).length).toBe(3);
    const all = await gql(budgeted, '{ paginatedDeployments(take: 50) { id label releaseName } }', null, admin);
    expect(all.status).toBe(400);
    expect(all.errors).toEqual([{ message: BUDGET_MESSAGE(40), extensions: { code: 'RESPONSE_TOO_LARGE' } }]);
  });

  it('can be lifted with null', async () => {
    const unbounded = createHoustonMock({ seed: 1, limits: { maxResponseValues: null } });
    const admin = await login(unbounded, 'admin@example.com', 'admin');
    const result = await gql(unbounded, '{ a: users { id } b: users { id } }', null, admin);
    expect(result.errors).toBeUndefined();
  });
});
