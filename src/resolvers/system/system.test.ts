import { describe, expect, it } from 'vitest';
import { createHoustonMock } from '../../index.js';
import { gql } from '../../../test/support/gql.js';

const AUTH_CONFIG = '{ authConfig { publicSignup externalSignupUrl initialSignup localEnabled } }';

describe('authConfig', () => {
  it('answers a null externalSignupUrl while no external sign-up page is configured', async () => {
    const mock = createHoustonMock({ seed: null });
    const result = await gql(mock, AUTH_CONFIG);
    expect(result.data?.authConfig).toEqual({ publicSignup: false, externalSignupUrl: null, initialSignup: true, localEnabled: true });
  });

  it('answers the externalSignupUrl set in the Houston config', async () => {
    const mock = createHoustonMock({ seed: null, config: { houston: { externalSignupUrl: 'https://signup.example.com/astronomer' } } });
    const result = await gql(mock, AUTH_CONFIG);
    expect(result.data?.authConfig.externalSignupUrl).toBe('https://signup.example.com/astronomer');
  });

  it('answers externalSignupUrl itself in auto-mock mode instead of generated data', async () => {
    const mock = createHoustonMock({ seed: null, automockUnimplemented: true });
    const result = await gql(mock, AUTH_CONFIG);
    expect(result.data?.authConfig.externalSignupUrl).toBeNull();
    expect(mock.journal.entries().at(-1)?.automocked).toEqual([]);
  });
});
