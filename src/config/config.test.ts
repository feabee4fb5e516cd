import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfigFile, resolveConfig, splitConfigDocument } from './config.js';

function file(contents: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'houston-mock-config-')), 'config.yaml');
  writeFileSync(path, contents);
  return path;
}

describe('configuration', () => {
  it('uses Houston\'s 0.37 defaults when nothing is given', () => {
    const { houston, warnings } = resolveConfig({});
    expect(houston.platformVersion).toBe('0.37.0');
    expect(houston.deployments.upsertDeploymentEnabled).toBe(false);
    expect(houston.publicSignups).toBe(false);
    expect(houston.emailConfirmation).toBe(true);
    expect(houston.jwt.authDuration).toBe(86_400_000);
    expect(warnings).toEqual([]);
  });

  it('reads Astronomer\'s config.yaml shape (astronomer.houston.config)', () => {
    const input = readConfigFile(
      file('astronomer:\n  houston:\n    config:\n      deployments:\n        upsertDeploymentEnabled: true\n'),
    );
    expect(resolveConfig(input).houston.deployments.upsertDeploymentEnabled).toBe(true);
  });

  it('reads Houston\'s own keys at top level', () => {
    const input = readConfigFile(file('publicSignups: true\ndeployments:\n  hardDeleteDeployment: true\n'));
    const { houston } = resolveConfig(input);
    expect(houston.publicSignups).toBe(true);
    expect(houston.deployments.hardDeleteDeployment).toBe(true);
    expect(houston.deployments.manualReleaseNames).toBe(false);
  });

  it('keeps the mock\'s own settings in the houstonMock section', () => {
    const input = readConfigFile(file('houstonMock:\n  seed: 42\n  jwtSecret: s3cret\n'));
    const { mock } = resolveConfig(input);
    expect(mock.seed).toBe(42);
    expect(mock.jwtSecret).toBe('s3cret');
  });

  it('ignores unknown keys with one warning line naming them', () => {
    const { warnings } = resolveConfig(splitConfigDocument({ nats: { servers: [] }, deployments: { fluentdIndexPrefix: 'x' } }));
    expect(warnings).toEqual(['ignoring config keys houston-mock does not use: nats, deployments.fluentdIndexPrefix']);
  });

  it('stops on a value of the wrong type, naming the key', () => {
    expect(() => resolveConfig(splitConfigDocument({ jwt: { authDuration: '1d' } }))).toThrow(
      new ConfigError('config key "jwt.authDuration" must be a number, got string ("1d")'),
    );
  });

  it('reads externalSignupUrl as text whose default is null, and stops on anything else', () => {
    expect(resolveConfig({}).houston.externalSignupUrl).toBeNull();
    expect(resolveConfig({ houston: { externalSignupUrl: 'https://signup.example.com' } }).houston.externalSignupUrl).toBe('https://signup.example.com');
    expect(() => resolveConfig({ houston: { externalSignupUrl: 42 } })).toThrow(
      new ConfigError('config key "externalSignupUrl" must be a string, got number (42)'),
    );
  });

  it('stops on malformed YAML, naming the file', () => {
    const path = file('deployments: [unclosed\n');
    expect(() => readConfigFile(path)).toThrow(/^config file .* is not valid YAML/);
  });

  it('defaults upsertDeploymentEnabled to true on 1.x', () => {
    expect(resolveConfig({ houston: { platformVersion: '1.0.0' } }).houston.deployments.upsertDeploymentEnabled).toBe(true);
  });

  it('has no upsertDeploymentEnabled flag on 2.x and warns when one is given', () => {
    const { houston, warnings } = resolveConfig({
      houston: { platformVersion: '2.1.0', deployments: { upsertDeploymentEnabled: false } },
    });
    expect(houston.deployments.upsertDeploymentEnabled).toBeNull();
    expect(warnings[0]).toContain('deployments.upsertDeploymentEnabled');
  });

  it('lets a config replace a role\'s permissions', () => {
    const { houston } = resolveConfig({ houston: { roles: { WORKSPACE_VIEWER: { permissions: { 'workspace.config.get': null } } } } });
    expect(houston.roles.WORKSPACE_VIEWER?.permissions).toEqual(['workspace.config.get']);
    expect(houston.roles.SYSTEM_ADMIN?.name).toBe('System Admin');
  });

  it('refuses an unsupported platform version', () => {
    expect(() => resolveConfig({ houston: { platformVersion: '0.10.0' } })).toThrow(/platformVersion/);
  });
});
