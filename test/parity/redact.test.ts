import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../src/parity/redact.js';
import { compareShapes } from '../../src/parity/shape.js';
import { isHoustonMessage } from '../../src/parity/verify.js';

describe('cassette redaction', () => {
  it('gives one secret one label everywhere: a header, an answer and a later request', () => {
    const redactor = createRedactor();
    const exchange = redactor.json({
      request: { authorization: 'Bearer eyJhbGciOi.payload.sig', body: { query: '{ self { user { id } } }' } },
      response: { body: { data: { createToken: { token: { value: 'eyJhbGciOi.payload.sig', payload: { iat: 1 } } } } } },
    });
    expect(exchange.request.authorization).toBe('Bearer [redacted:1]');
    expect(exchange.response.body.data.createToken.token).toEqual({ value: '[redacted:1]', payload: { iat: 1 } });
    expect(redactor.json({ authorization: 'eyJhbGciOi.payload.sig' })).toEqual({ authorization: '[redacted:1]' });
  });

  it('redacts credential-named keys, API keys and secret environment values, not the isSecret flag', () => {
    const redactor = createRedactor();
    const out = redactor.json({
      variables: { password: 'hunter2-long', inviteToken: 'inv-123456', vars: [{ key: 'A', value: 'open', isSecret: false }, { key: 'B', value: 'closed-value', isSecret: true }] },
      data: { createServiceAccount: { apiKey: 'sa-key-abcdef', label: 'ci' } },
    });
    expect(out).toEqual({
      variables: { password: '[redacted:1]', inviteToken: '[redacted:2]', vars: [{ key: 'A', value: 'open', isSecret: false }, { key: 'B', value: '[redacted:3]', isSecret: true }] },
      data: { createServiceAccount: { apiKey: '[redacted:4]', label: 'ci' } },
    });
  });

  it('redacts secrets written into a query as literals, and keeps an untouched query exactly as written', () => {
    const redactor = createRedactor();
    const query = 'mutation { createToken(identity: "a@b.c", password: "pa55word-x") { token { value } } }';
    expect(redactor.json({ query }).query).toBe('mutation {\n  createToken(identity: "a@b.c", password: "[redacted:1]") {\n    token {\n      value\n    }\n  }\n}');
    const vars = 'mutation { updateDeploymentVariables(deploymentUuid: "d", releaseName: "r", environmentVariables: [{ key: "K", value: "v4lue-secret", isSecret: true }]) { key } }';
    expect(redactor.json({ query: vars }).query).toContain('value: "[redacted:2]", isSecret: true');
    const plain = '{ workspaces   { id } }';
    expect(redactor.json({ query: plain }).query).toBe(plain);
    // A query that does not parse: quoted values after credential-named keys are still replaced.
    expect(redactor.json({ query: 'mutation { createToken(password: "n0t-parsed" ' }).query).toBe('mutation { createToken(password: "[redacted:3]" ');
  });

  it('replaces a known secret wherever it is echoed, such as in an error message', () => {
    const redactor = createRedactor();
    const out = redactor.json({ variables: { password: 'echoed-secret' }, errors: [{ message: 'bad password echoed-secret given' }] });
    expect(out.errors[0]?.message).toBe('bad password [redacted:1] given');
  });
});

describe('answer shapes', () => {
  it('names keys, JSON types, null and list differences by path, never values or list lengths', () => {
    const recorded = { data: { a: 'x', b: [{ id: '1' }, { id: '2' }], c: null, d: 1, gone: true } };
    const answered = { data: { a: 'y', b: [{ id: 3 }], c: {}, d: [1], extra: 'z' } };
    expect(compareShapes(recorded, answered)).toEqual([
      { path: '$.data.b[0].id', kind: 'type', expected: 'string', actual: 'number' },
      { path: '$.data.c', kind: 'nullability', expected: 'null', actual: 'object' },
      { path: '$.data.d', kind: 'type', expected: 'number', actual: 'list' },
      { path: '$.data.gone', kind: 'missing', expected: 'boolean', actual: 'absent' },
      { path: '$.data.extra', kind: 'extra', expected: 'absent', actual: 'string' },
    ]);
  });
});

describe('which error messages are Houston\'s', () => {
  it('recognises the texts houston-mock reproduces, parameters included, and not its own', () => {
    expect(isHoustonMessage('You do not have the appropriate permissions for that')).toBe(true);
    expect(isHoustonMessage('Workspace already has a deployment named etl')).toBe(true);
    expect(isHoustonMessage('AIRFLOW__CORE__EXECUTOR and AIRFLOW_HOME are set automatically and cannot be overridden')).toBe(true);
    expect(isHoustonMessage('houston-mock does not implement Query.x yet; see docs/COVERAGE.md.')).toBe(false);
    expect(isHoustonMessage('Cannot query field "x" on type "Query".')).toBe(false);
  });
});
