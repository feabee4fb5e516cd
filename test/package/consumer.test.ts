/**
 * houston-mock as a dependency of someone else's project: packed from a clean copy of the repository, installed
 * into a throwaway project outside it with another graphql 16 than ours, compiled with `skipLibCheck: false`,
 * tested with vitest through `houston-mock/vitest`, and started with `npx houston-mock`. Each step is what a user
 * meets first when one of them regresses (a second graphql, an engine warning, a type error inside a dependency,
 * a tarball without dist/). Needs the npm registry (or npm's cache) for the consumer's own packages.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
  main: string;
  exports: Record<string, { types: string; default: string }>;
  devDependencies: Record<string, string>;
};
/** Another graphql 16 than the one houston-mock develops with: the oldest its peer range allows. */
const CONSUMER_GRAPHQL = '16.8.2';

let work: string;
let consumer: string;
let tarball: string;
let tarballFiles: string[];
let installOutput: string;

async function npm(args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return run('npm', args, { cwd, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' } });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'houston-mock-consumer-'));

  // A clean copy of the repository (tracked files only, no dist/), with our installed tools beside it: `npm pack`
  // there must build before packing, as it does for a git install or a publish.
  const clone = join(work, 'clone');
  const { stdout: tracked } = await run('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
  for (const file of tracked.split('\0').filter(Boolean)) {
    if (!existsSync(join(ROOT, file))) continue;
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    cpSync(join(ROOT, file), join(clone, file));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  const { stdout: packed } = await npm(['pack', '--json', '--pack-destination', work], clone);
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info!.filename);
  tarballFiles = info!.files.map((f) => f.path);

  consumer = join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({
      name: 'houston-mock-consumer',
      private: true,
      type: 'module',
      devDependencies: {
        'houston-mock': `file:${tarball}`,
        graphql: CONSUMER_GRAPHQL,
        'graphql-request': '^7.0.0',
        typescript: '~5.9.0',
        vitest: own.devDependencies.vitest,
        '@types/node': '^20.19.0',
      },
    }),
  );
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'ES2022',
        types: ['node'],
        noEmit: true,
      },
      include: ['test'],
    }),
  );
  mkdirSync(join(consumer, 'test'));
  writeFileSync(join(consumer, 'test', 'houston.test.ts'), CONSUMER_TEST);
  const { stdout, stderr } = await npm(['install', '--engine-strict', '--prefer-offline', '--no-audit', '--no-fund'], consumer);
  installOutput = stdout + stderr;
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The consumer's own test: every public entry point, typed as a user writes it. */
const CONSUMER_TEST = `
import { createHoustonMock, errors, SEED_ADMIN, type HoustonMock, type HoustonMockOptions } from 'houston-mock';
import { startHoustonMock, type HoustonHarness, type Session } from 'houston-mock/testing';
import { test, expect, expectHoustonError, createHoustonTest, type HoustonErrorInfo } from 'houston-mock/vitest';
import { GraphQLClient } from 'graphql-request';

const oldPlatform = createHoustonTest({ platformVersion: '0.29.0' });

test('lists the seeded workspaces as the seeded admin', async ({ houston }) => {
  const admin: Session = await houston.admin();
  const { workspaces } = await admin.request<{ workspaces: { label: string }[] }>('{ workspaces { label } }');
  expect(workspaces.map((w) => w.label)).toContain('Data Platform');
});

test('asserts a Houston error in one line', async ({ houston }) => {
  const anonymous = await houston.as('anonymous');
  const error: HoustonErrorInfo = await expectHoustonError(anonymous.request('mutation { createWorkspace(label: "x") { id } }'), 'FORBIDDEN');
  expect(error.message).toBe(errors.forbidden().message);
});

oldPlatform('serves the platform version a file asks for', async ({ houston }) => {
  expect(houston.mock.platformVersion).toBe('0.29.0');
});

test('runs a factory instance over HTTP and a harness of its own', async () => {
  const options: HoustonMockOptions = { seed: null };
  const mock: HoustonMock = createHoustonMock(options);
  const url: string = await mock.listen(0);
  const client = new GraphQLClient(url);
  const { appConfig } = await client.request<{ appConfig: { version: string } }>('{ appConfig { version } }');
  expect(appConfig.version).toBe(mock.platformVersion);
  await mock.close();
  const harness: HoustonHarness = await startHoustonMock({ transport: 'http' });
  expect(harness.url).toMatch(/\\/v1$/);
  expect(SEED_ADMIN.email).toBe('admin@example.com');
  await harness.close();
});
`;

// Compiling and running a project is heavy on a loaded 2-core machine: give each step room, never a time assertion.
describe('the packed package in a consumer project', { timeout: 120_000 }, () => {
  it('holds what the bin, the main entry and every export need', () => {
    const needed = [
      ...Object.values(own.bin),
      own.main,
      ...Object.values(own.exports).flatMap((entry) => [entry.types, entry.default]),
      'schema/houston.graphql',
      'dist/config/roles.yaml',
    ].map((path) => path.replace(/^\.\//, ''));
    expect(needed.filter((path) => !tarballFiles.includes(path))).toEqual([]);
    expect(tarballFiles.filter((path) => /\.test\.|^src\/|^test\//.test(path))).toEqual([]);
  });

  it('installs with engine-strict and no engine warning, beside the project’s own graphql', async () => {
    expect(installOutput).not.toMatch(/EBADENGINE|ERESOLVE|peer dep/i);
    await expect(npm(['ls', '--all'], consumer)).resolves.toBeDefined();
    // One graphql in the whole tree, the project's: a second copy makes graphql-js throw "from another module or realm".
    const { stdout } = await npm(['ls', 'graphql', '--all', '--json'], consumer);
    const versions = new Set<string>();
    const walk = (node: { version?: string; dependencies?: Record<string, unknown> }, name?: string) => {
      if (name === 'graphql' && node.version) versions.add(node.version);
      for (const [child, value] of Object.entries(node.dependencies ?? {})) walk(value as typeof node, child);
    };
    walk(JSON.parse(stdout) as { dependencies?: Record<string, unknown> });
    expect([...versions]).toEqual([CONSUMER_GRAPHQL]);
  });

  it('compiles a strict TypeScript test against every public entry point with skipLibCheck off', async () => {
    const result = await run(join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { cwd: consumer }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(result.stdout).toBe('');
  });

  it('runs the consumer’s vitest tests through houston-mock/vitest', async () => {
    const { stdout } = await run(join(consumer, 'node_modules', '.bin', 'vitest'), ['run', '--reporter=dot'], {
      cwd: consumer,
      env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    });
    expect(stdout).toMatch(/Tests\s+4 passed \(4\)/);
  });

  it('starts the server with npx houston-mock --port 0', async () => {
    const child = spawn('npx', ['--no-install', 'houston-mock', '--port', '0', '--log-level', 'warn'], { cwd: consumer });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /ready at (http:\/\/\S+\/v1)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`houston-mock exited with ${code} before it was ready`)));
      });
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ appConfig { version } }' }),
      });
      expect(await response.json()).toEqual({ data: { appConfig: { version: '0.37.0' } } });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
