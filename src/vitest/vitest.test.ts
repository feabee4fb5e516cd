import { gql } from 'graphql-request';
import { createHoustonTest, describe, expect, expectHoustonError, HoustonErrorExpectation, test } from './index.js';

const FORBIDDEN = 'You do not have the appropriate permissions for that';
const CREATE_WORKSPACE = gql`
  mutation ($label: String!) {
    createWorkspace(label: $label) {
      id
      label
    }
  }
`;
const WORKSPACE_LABELS = gql`
  {
    workspaces {
      label
    }
  }
`;

interface Labels {
  workspaces: { label: string }[];
}

describe('the houston fixture', () => {
  // The two tests run in order: the second must not see what the first created.
  test('gives a seeded instance a test can change', async ({ houston }) => {
    const admin = await houston.admin();
    await admin.request(CREATE_WORKSPACE, { label: 'Made in the first test' });
    const { workspaces } = await admin.request<Labels>(WORKSPACE_LABELS);
    expect(workspaces.map((w) => w.label)).toContain('Made in the first test');
  });

  test('is reset before the next test: platform, clock and faults', async ({ houston }) => {
    const admin = await houston.admin();
    const { workspaces } = await admin.request<Labels>(WORKSPACE_LABELS);
    expect(workspaces.map((w) => w.label)).not.toContain('Made in the first test');
    expect(workspaces.map((w) => w.label)).toContain('Data Platform');
    houston.mock.clock.advance(3_600_000);
    houston.mock.faults.add({ field: 'workspaces', error: { message: 'boom' } });
  });

  test('starts each test with the start clock and no faults', async ({ houston }) => {
    expect(houston.mock.faults.size).toBe(0);
    expect(new Date(houston.mock.clock.now()).toISOString()).toBe('2024-06-01T12:00:00.000Z');
  });

  test('is the same instance for every test of the file', async ({ houston, houstonInstance }) => {
    expect(houston).toBe(houstonInstance);
  });
});

// vitest sets up file-scoped fixtures from tests made at a file's top level.
const oldHouston = createHoustonTest({ platformVersion: '0.25.0', seed: null });

describe('options', () => {
  oldHouston('createHoustonTest starts the file instance with the given options', async ({ houston }) => {
    expect(houston.mock.platformVersion).toBe('0.25.0');
    expect(Object.keys(houston.mock.store.data.users)).toHaveLength(0);
  });
});

describe('expectHoustonError', () => {
  test('unwraps graphql-request’s ClientError to the GraphQL error', async ({ houston }) => {
    const anonymous = await houston.as('anonymous');
    const error = await expectHoustonError(anonymous.request(CREATE_WORKSPACE, { label: 'Not allowed' }), 'FORBIDDEN');
    expect(error).toMatchObject({ message: FORBIDDEN, code: 'FORBIDDEN', path: ['createWorkspace'], status: 200 });
  });

  test('reads a fetch Response and a parsed body alike', async ({ houston }) => {
    const post = () =>
      houston.fetch(houston.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { createWorkspace(label: "anonymous") { id } }' }),
      });
    const fromResponse = await expectHoustonError(post(), 'FORBIDDEN');
    expect(fromResponse).toMatchObject({ message: FORBIDDEN, path: ['createWorkspace'], status: 200 });
    const fromBody = await expectHoustonError(post().then((r) => r.json()), 'FORBIDDEN');
    expect(fromBody).toMatchObject({ message: FORBIDDEN, code: 'FORBIDDEN', status: null });
  });

  test('returns a validation error, which Houston answers with HTTP 400', async ({ houston }) => {
    const admin = await houston.admin();
    const error = await expectHoustonError(admin.request('{ workspaces { nope } }'), 'GRAPHQL_VALIDATION_FAILED');
    expect(error.message).toBe('Cannot query field "nope" on type "Workspace".');
    expect(error.status).toBe(400);
  });

  test('fails with a readable message when the request succeeds', async ({ houston }) => {
    const admin = await houston.admin();
    const attempt = expectHoustonError(admin.request(WORKSPACE_LABELS), 'FORBIDDEN');
    await expect(attempt).rejects.toThrow(HoustonErrorExpectation);
    await expect(expectHoustonError(admin.request(WORKSPACE_LABELS), 'FORBIDDEN')).rejects.toThrow(
      /^expected a Houston error with code FORBIDDEN, but the request gave data \{"workspaces":\[\{"label":"Data Platform"/,
    );
  });

  test('fails naming the codes it got when none is the one expected', async ({ houston }) => {
    const anonymous = await houston.as('anonymous');
    await expect(expectHoustonError(anonymous.request(CREATE_WORKSPACE, { label: 'x' }), 'BAD_USER_INPUT')).rejects.toThrow(
      `expected a Houston error with code BAD_USER_INPUT, got FORBIDDEN: "${FORBIDDEN}"`,
    );
  });

  test('fails on a rejection that is not a GraphQL error', async () => {
    await expect(expectHoustonError(Promise.reject(new TypeError('fetch failed')))).rejects.toThrow(
      'expected a Houston error, but the request gave a rejection that is not a GraphQL error: TypeError: fetch failed',
    );
  });
});
