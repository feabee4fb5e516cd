import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../src/index.js';
import { gql, login } from '../support/gql.js';

describe('createHoustonMock', () => {
  it('answers appConfig in-process without a token', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await gql(mock, 'query AppConfig { appConfig { version } }');
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ appConfig: { version: '0.37.0' } });
  });

  it('reports the configured platform version', async () => {
    const mock = createHoustonMock({ seed: null, platformVersion: '1.0.0' });
    const result = await gql(mock, '{ appConfig { version } }');
    expect(result.data).toEqual({ appConfig: { version: '1.0.0' } });
  });

  it('tells state-change listeners after a mutation, not after a query', async () => {
    const mock = createHoustonMock({ seed: null });
    let changes = 0;
    mock.onStateChange(() => changes++);
    await gql(mock, '{ appConfig { version } }');
    expect(changes).toBe(0);
    await gql(mock, 'mutation { createUser(email: "a@example.com", password: "pw") { user { id } } }');
    expect(changes).toBe(1);
  });

  it('stops telling a state-change listener once it is removed', async () => {
    const mock = createHoustonMock({ seed: null });
    let changes = 0;
    const remove = mock.onStateChange(() => changes++);
    remove();
    await gql(mock, 'mutation { createUser(email: "a@example.com", password: "pw") { user { id } } }');
    expect(changes).toBe(0);
  });

  it('starts empty with seed null', () => {
    const mock = createHoustonMock({ seed: null });
    expect(Object.keys(mock.store.data.users)).toHaveLength(0);
    expect(Object.keys(mock.store.data.workspaces)).toHaveLength(0);
  });

  it('seeds a system admin who can log in with the documented password', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const self = await gql(mock, '{ self { user { username } isAdmin } }', null, token);
    expect(self.data).toEqual({ self: { user: { username: SEED_ADMIN.email }, isAdmin: true } });
  });

  it('answers a field the schema lacks with graphql\'s own message, HTTP 400 and Apollo\'s validation code', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await gql(mock, '{ appConfig { noSuchField } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Cannot query field "noSuchField" on type "AppConfig".');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a health check outside /v1', async () => {
    const mock = createHoustonMock({ seed: null });
    const response = await mock.fetch('http://houston.test/health');
    expect(response.status).toBe(200);
  });

  it('listens on a free port and answers over HTTP until closed', async () => {
    const mock = createHoustonMock({ seed: null });
    const url = await mock.listen(0, '127.0.0.1');
    // The GraphQL URL, as mock.url and the testing harness's url give it.
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(mock.url).toBe(url);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ appConfig { version } }' }),
    });
    expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    await mock.close();
    await expect(fetch(url)).rejects.toThrow();
  });
});

describe('malformed requests', () => {
  it('answers a query that does not parse with HTTP 400 and Apollo\'s parse code', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await gql(mock, '{ appConfig { ');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe('Syntax Error: Expected Name, found <EOF>.');
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
