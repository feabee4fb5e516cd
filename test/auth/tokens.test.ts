import { describe, expect, it } from 'vitest';
import { createHoustonMock, SEED_ADMIN } from '../../src/index.js';
import { gql, login } from '../support/gql.js';

const SELF = '{ self { user { username } } }';
const FORBIDDEN = 'You do not have the appropriate permissions for that';

describe('authorization header', () => {
  it('accepts the raw token, as the Astro CLI sends it', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const result = await gql(mock, SELF, null, token);
    expect(result.data?.self.user.username).toBe(SEED_ADMIN.email);
  });

  it('accepts a Bearer prefix, which Houston strips', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const result = await gql(mock, SELF, null, `Bearer ${token}`);
    expect(result.data?.self.user.username).toBe(SEED_ADMIN.email);
  });

  it('answers a protected field without a token with FORBIDDEN at HTTP 200', async () => {
    const mock = createHoustonMock();
    const result = await gql(mock, SELF);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ self: null });
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('treats a malformed JWT like no token', async () => {
    const mock = createHoustonMock();
    const result = await gql(mock, SELF, null, 'not.a.jwt');
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects a token signed by another instance', async () => {
    const issuer = createHoustonMock({ jwtSecret: 'one-secret' });
    const verifier = createHoustonMock({ jwtSecret: 'another-secret' });
    const token = await login(issuer, SEED_ADMIN.email, SEED_ADMIN.password);
    const result = await gql(verifier, SELF, null, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('treats an unknown 32-character API key like no token', async () => {
    const mock = createHoustonMock();
    const result = await gql(mock, SELF, null, '0123456789abcdef0123456789abcdef');
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
  });
});

describe('token expiry', () => {
  it('keeps a token valid until jwt.authDuration (24 hours by default) has passed', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    mock.clock.advance(86_400_000 - 1_000);
    const result = await gql(mock, SELF, null, token);
    expect(result.data?.self.user.username).toBe(SEED_ADMIN.email);
  });

  it('refuses a token once jwt.authDuration has passed', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    mock.clock.advance(86_400_000 + 1_000);
    const result = await gql(mock, SELF, null, token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a token that was accepted earlier once jwt.authDuration has passed', async () => {
    const mock = createHoustonMock();
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    expect((await gql(mock, SELF, null, token)).data?.self.user.username).toBe(SEED_ADMIN.email);
    mock.clock.advance(86_400_000);
    const result = await gql(mock, SELF, null, token);
    expect(result.errors?.[0]?.message).toBe(FORBIDDEN);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('honours a configured jwt.authDuration', async () => {
    const mock = createHoustonMock({ config: { houston: { jwt: { authDuration: 60_000 } } } });
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    mock.clock.advance(61_000);
    const result = await gql(mock, SELF, null, token);
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reports issue and expiry times in the token payload', async () => {
    const mock = createHoustonMock({ clock: { frozenAt: '2025-01-01T00:00:00Z' } });
    const result = await gql(
      mock,
      `mutation { createToken(identity: "${SEED_ADMIN.email}", password: "${SEED_ADMIN.password}") { token { payload { iat exp } } } }`,
    );
    const iat = Date.parse('2025-01-01T00:00:00Z') / 1000;
    expect(result.data?.createToken.token.payload).toEqual({ iat, exp: iat + 86_400 });
  });
});

describe('public fields', () => {
  it('answers appConfig and authConfig without a token', async () => {
    const mock = createHoustonMock();
    const result = await gql(mock, '{ appConfig { version } authConfig { localEnabled publicSignup initialSignup providers { name } } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      appConfig: { version: '0.37.0' },
      authConfig: { localEnabled: true, publicSignup: false, initialSignup: false, providers: [] },
    });
  });
});

describe('service-account keys', () => {
  it('records when a key was last used', async () => {
    const mock = createHoustonMock({ clock: { frozenAt: '2025-03-01T10:00:00Z' } });
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const created = await gql(
      mock,
      'mutation { createSystemServiceAccount(label: "ci", role: SYSTEM_VIEWER) { id apiKey } }',
      null,
      token,
    );
    const { id, apiKey } = created.data?.createSystemServiceAccount as { id: string; apiKey: string };
    mock.clock.advance(60_000);
    await gql(mock, '{ users { id } }', null, apiKey);
    expect(mock.store.data.serviceAccounts[id]?.lastUsedAt).toBe('2025-03-01T10:01:00.000Z');
  });
});
