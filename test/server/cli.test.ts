import { spawn } from 'node:child_process';
import nodeModule from 'node:module';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { assertBuilt, CLI, runCli, startCli } from '../support/cli.js';

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
    expect(help.stdout).toContain('--state-file <file.json>');
    expect(help.stdout).toContain('--admin-key <key>');
    expect(help.stdout).toContain('--automock-unimplemented');
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('houston-mock CLI: under npm and supervisors', () => {
  it('answers --help without loading the server', async () => {
    // The entry point loads the server module only to start one: --help must not pay for the schema and faker.
    const help = await runCli(['--help', '--port', 'not-a-port']);
    expect(help.code).toBe(0);
    expect(help.stdout.split('\n')[0]).toBe('Usage: houston-mock [options]');
  });

  it('stops the server when npm start is sent SIGTERM (the signal reaches the server, not only npm)', async () => {
    assertBuilt();
    // --ignore-scripts skips prestart's build: the suite runs on the build `npm test` made.
    const npm = spawn('npm', ['start', '--ignore-scripts', '--', '--port', '0', '--no-seed', '--log-level', 'warn'], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      npm.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /ready at (http:\/\/\S+\/v1)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      npm.once('exit', (code) => reject(new Error(`npm start exited with ${code} before the server was ready`)));
    });
    const exited = new Promise((resolve) => npm.once('exit', resolve));
    npm.kill('SIGTERM');
    await exited;
    // The server went with npm: its port no longer answers (polled for a bounded while, not timed).
    let answering = true;
    for (let attempt = 0; attempt < 50 && answering; attempt++) {
      answering = await fetch(url).then(
        () => true,
        () => false,
      );
      if (answering) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answering).toBe(false);
  });
});

interface StartedServer {
  /** Every line printed at start (the ready line, the control API line, the state file line). */
  lines: string[];
  url: string;
  base: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the real CLI and waits for the whole start output (up to the line `untilLine` matches). */
function startServer(args: string[], untilLine: RegExp = /^control API: /m, timeoutMs = 15_000): Promise<StartedServer> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not start in ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const complete = out.slice(0, out.lastIndexOf('\n') + 1);
      if (!untilLine.test(complete)) return;
      clearTimeout(timer);
      const lines = complete.trimEnd().split('\n');
      const url = lines[0]?.match(/(http:\/\/\S+\/v1)/)?.[1] ?? '';
      resolve({
        lines,
        url,
        base: url.replace(/\/v1$/, ''),
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before it was ready; stderr: ${err}`));
    });
  });
}

async function adminToken(url: string): Promise<string> {
  const { body } = await post(url, 'mutation { createToken(identity: "admin@example.com", password: "admin") { token { value } } }');
  return body.data.createToken.token.value as string;
}

async function workspaceLabels(url: string): Promise<string[]> {
  const { body } = await post(url, '{ workspaces { label } }', await adminToken(url));
  return (body.data.workspaces as { label: string }[]).map((w) => w.label).sort();
}

describe('houston-mock CLI: --state-file', () => {
  it('keeps a workspace created through the API across a stop with SIGTERM and a new start', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-')), 'state.json');
    const first = await startServer(['--port', '0', '--state-file', file], /^state file: /m);
    let before: string[] = [];
    try {
      expect(first.lines[2]).toBe(`state file: ${file} (created; saved after every change)`);
      const { body } = await post(first.url, 'mutation { createWorkspace(label: "Survives restarts") { id } }', await adminToken(first.url));
      expect(body.data.createWorkspace.id).toMatch(/^c[a-z0-9]{24}$/);
      // The seeded workspaces the admin created, and the new one.
      before = await workspaceLabels(first.url);
      expect(before).toContain('Survives restarts');
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }

    const second = await startServer(['--port', '0', '--state-file', file], /^state file: /m);
    try {
      expect(second.lines[2]).toBe(`state file: ${file} (loaded; saved after every change)`);
      expect(await workspaceLabels(second.url)).toEqual(before);
    } finally {
      expect(await second.stop('SIGINT')).toBe(0);
    }
  });

  it('creates the state file at start when it does not exist yet', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-')), 'state.json');
    const cli = await startServer(['--port', '0', '--no-seed', '--state-file', file], /^state file: /m);
    try {
      expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('houston-mock/platform@1');
    } finally {
      await cli.stop();
    }
  });

  it('refuses a state file that is not JSON in one line, exits 2 and leaves the file byte for byte', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-')), 'state.json');
    writeFileSync(file, '{"format": "houston-mock/platform@1", "users": {');
    const before = readFileSync(file);
    const { code, stdout, stderr } = await runCli(['--port', '0', '--state-file', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`houston-mock: cannot use state file ${file}: the file is not valid JSON (damaged, or not a houston-mock state file)\n`);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a JSON file that is not a houston-mock state file and leaves it byte for byte', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-')), 'tsconfig.json');
    writeFileSync(file, '{ "compilerOptions": { "strict": true } }\n');
    const before = readFileSync(file);
    const { code, stderr } = await runCli(['--port', '0', '--state-file', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      `houston-mock: cannot use state file ${file}: not a houston-mock platform of format "houston-mock/platform@1" (format: none)\n`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('stops the start in one line when the state file cannot be created', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-')), 'no-such-dir', 'state.json');
    const { code, stderr } = await runCli(['--port', '0', '--state-file', file]);
    expect(code).toBe(2);
    expect(stderr).toBe(`houston-mock: cannot use state file ${file}: cannot write it (ENOENT: no such file or directory)\n`);
  });

  it('takes houstonMock.stateFile from the config file, relative to the config file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'houstonMock:\n  stateFile: kept.json\n');
    const cli = await startServer(['--port', '0', '--config', config], /^state file: /m);
    try {
      expect(cli.lines[2]).toBe(`state file: ${join(dir, 'kept.json')} (created; saved after every change)`);
      expect(existsSync(join(dir, 'kept.json'))).toBe(true);
    } finally {
      await cli.stop();
    }
  });

  it('prefers --state-file over houstonMock.stateFile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'houston-mock-'));
    const config = join(dir, 'config.yaml');
    writeFileSync(config, 'houstonMock:\n  stateFile: from-config.json\n');
    const cli = await startServer(['--port', '0', '--config', config, '--state-file', join(dir, 'from-flag.json')], /^state file: /m);
    try {
      expect(existsSync(join(dir, 'from-flag.json'))).toBe(true);
      expect(existsSync(join(dir, 'from-config.json'))).toBe(false);
    } finally {
      await cli.stop();
    }
  });
});

describe('houston-mock CLI: control API and auto-mock flags', () => {
  it('prints the control API URL and the admin key given by --admin-key, which opens the control API', async () => {
    const cli = await startServer(['--port', '0', '--no-seed', '--admin-key', 'dev-key-123']);
    try {
      expect(cli.lines[1]).toBe(`control API: ${cli.base}/_mock (admin key: dev-key-123)`);
      const opened = await fetch(`${cli.base}/_mock`, { headers: { 'x-houston-mock-key': 'dev-key-123' } });
      expect(opened.status).toBe(200);
      const refused = await fetch(`${cli.base}/_mock`, { headers: { 'x-houston-mock-key': 'another-key' } });
      expect(refused.status).toBe(403);
    } finally {
      await cli.stop();
    }
  });

  it('prints a random admin key when none is given, and that key opens the control API', async () => {
    const cli = await startServer(['--port', '0', '--no-seed']);
    try {
      const key = cli.lines[1]?.match(/\(admin key: (\S+)\)$/)?.[1] ?? '';
      expect(key).toMatch(/^[0-9a-f]{32}$/);
      expect((await fetch(`${cli.base}/_mock`, { headers: { 'x-houston-mock-key': key } })).status).toBe(200);
    } finally {
      await cli.stop();
    }
  });

  it('rejects an empty --admin-key', async () => {
    const { code, stderr } = await runCli(['--admin-key', '']);
    expect(code).toBe(2);
    expect(stderr).toBe('houston-mock: --admin-key must not be empty\n');
  });

  it('accepts --automock-unimplemented and serves as usual', async () => {
    const cli = await startServer(['--port', '0', '--no-seed', '--automock-unimplemented']);
    try {
      const { body } = await post(cli.url, '{ appConfig { version } }');
      expect(body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    } finally {
      expect(await cli.stop()).toBe(0);
    }
  });
});

describe('houston-mock CLI: caches', () => {
  const ISO = /"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)"/g;
  /** The platform the server holds (control API), and its latest timestamp. */
  async function platform(url: string): Promise<{ withoutTimes: string; latest: number }> {
    const response = await fetch(url.replace(/\/v1$/, '/_mock/state'), { headers: { 'x-houston-mock-key': 'k' } });
    const text = await response.text();
    const latest = Math.max(...[...text.matchAll(ISO)].map((m) => Date.parse(m[1] ?? '')));
    return { withoutTimes: text.replace(ISO, '"<time>"'), latest };
  }
  const cacheEntries = (home: string) => {
    const dir = join(home, '.cache', 'houston-mock');
    return existsSync(dir) ? readdirSync(dir).filter((name) => /^platform-[0-9a-f]{32}\.json$/.test(name)) : [];
  };

  it('keeps the seeded platform in ~/.cache/houston-mock and starts the next time from it, on its own clock', async () => {
    const env = { HOME: mkdtempSync(join(tmpdir(), 'houston-mock-home-')) };
    const args = ['--port', '0', '--seed', '5', '--admin-key', 'k', '--log-level', 'debug'];
    const first = await startCli(args, 15_000, { env });
    let generated: { withoutTimes: string; latest: number };
    try {
      generated = await platform(first.url);
      expect(first.stderr()).toContain('seeded platform kept in the cache');
    } finally {
      await first.stop();
    }
    expect(cacheEntries(env.HOME)).toHaveLength(1);

    const second = await startCli(args, 15_000, { env });
    try {
      expect(second.stderr()).toContain('seeded platform read from the cache');
      const cached = await platform(second.url);
      expect(cached.withoutTimes).toBe(generated.withoutTimes);
      // The history ends just before the second server's clock, not the first's.
      expect(cached.latest).toBeGreaterThan(generated.latest);
      const { body } = await post(second.url, 'mutation { createToken(identity: "admin@example.com", password: "admin") { token { value } } }');
      expect(body.data.createToken.token.value.split('.')).toHaveLength(3);
    } finally {
      await second.stop();
    }
  });

  it.skipIf(typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function')(
    'keeps V8’s code cache of the bundle where Node has no compile cache of its own, and recompiles over a damaged one',
    async () => {
      const env = { HOME: mkdtempSync(join(tmpdir(), 'houston-mock-home-')) };
      const root = join(env.HOME, '.cache', 'houston-mock');
      const first = await startCli(['--port', '0', '--no-seed'], 15_000, { env });
      await first.stop();
      const [build] = readdirSync(root).filter((name) => name.startsWith('code-'));
      const dir = join(root, build ?? 'missing');
      const files = readdirSync(dir);
      expect(files).toContain('houston-mock.cjs.v8');
      expect(files.some((file) => /^createHoustonMock-.*\.cjs\.v8$/.test(file))).toBe(true);

      for (const file of files) writeFileSync(join(dir, file), 'not V8 code');
      const second = await startCli(['--port', '0', '--no-seed'], 15_000, { env });
      try {
        const { body } = await post(second.url, '{ appConfig { version } }');
        expect(body).toEqual({ data: { appConfig: { version: '0.37.0' } } });
      } finally {
        await second.stop();
      }
      // Refused by V8, compiled again and written again.
      for (const file of files) expect(readFileSync(join(dir, file)).length, file).toBeGreaterThan(100);
    },
  );

  it('leaves the cache alone with HOUSTON_MOCK_PLATFORM_CACHE=off', async () => {
    const env = { HOME: mkdtempSync(join(tmpdir(), 'houston-mock-home-')), HOUSTON_MOCK_PLATFORM_CACHE: 'off' };
    const cli = await startCli(['--port', '0', '--seed', '5'], 15_000, { env });
    await cli.stop();
    expect(cacheEntries(env.HOME)).toEqual([]);
  });
});
