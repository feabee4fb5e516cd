import { createServer } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';

async function post(url: string, query: string, token?: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string }[] } };
}

describe('houston-mock CLI', () => {
  it('starts on port 0 with --no-seed, prints its URL, answers appConfig without a token and exits 0 on SIGTERM', async () => {
    const cli = await startCli(['--port', '0', '--no-seed']);
    expect(cli.readyLine).toMatch(/http:\/\/127\.0\.0\.1:\d+\/v1/);
    const { status, body } = await post(cli.url, '{ appConfig { version } }');
    expect(status).toBe(200);
    expect(body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    expect(await cli.stop('SIGTERM')).toBe(0);
  });

  it('prints how to get a token when seeded, and the printed credentials work', async () => {
    const cli = await startCli(['--port', '0', '--seed', '7']);
    try {
      expect(cli.readyLine).toContain('createToken');
      const identity = cli.readyLine.match(/log in as (\S+) \/ (\S+):/);
      expect(identity).not.toBeNull();
      const { body } = await post(
        cli.url,
        `mutation { createToken(identity: "${identity?.[1]}", password: "${identity?.[2]}") { token { value } } }`,
      );
      expect(body.data.createToken.token.value.split('.')).toHaveLength(3);
    } finally {
      expect(await cli.stop('SIGINT')).toBe(0);
    }
  });

  it('serves the platform version given by --platform-version', async () => {
    const cli = await startCli(['--port', '0', '--no-seed', '--platform-version', '2.1.0']);
    try {
      const { body } = await post(cli.url, '{ appConfig { version } }');
      expect(body.data.appConfig.version).toBe('2.1.0');
    } finally {
      await cli.stop();
    }
  });

  it('rejects an unknown flag with a one-line message and exit code 2', async () => {
    const { code, stderr } = await runCli(['--bogus']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain("Unknown option '--bogus'");
  });

  it('rejects a non-numeric port', async () => {
    const { code, stderr } = await runCli(['--port', 'abc']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('houston-mock: --port must be an integer, got "abc"');
  });

  it('rejects an unsupported platform version', async () => {
    const { code, stderr } = await runCli(['--platform-version', '9.9.9']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('platformVersion');
  });

  it('reports a port in use in one line', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const { code, stderr } = await runCli(['--port', String(port), '--no-seed']);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(`houston-mock: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it('reports an unreadable config file in one line', async () => {
    const { code, stderr } = await runCli(['--config', '/nonexistent/config.yaml']);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('houston-mock: cannot read config file /nonexistent/config.yaml: ENOENT');
  });

  it('reports a malformed config file naming the problem', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'deployments:\n  hardDeleteDeployment: "yes please"\n');
    const { code, stderr } = await runCli(['--config', file]);
    expect(code).toBe(2);
    expect(stderr.trim()).toBe(
      'houston-mock: config key "deployments.hardDeleteDeployment" must be a boolean, got string ("yes please")',
    );
  });

  it('prints usage for --help and its version for --version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--platform-version');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
