/**
 * No Docker engine runs on our machines, so this checks what can be checked without one: the Dockerfile's shape,
 * and that the commands it runs (its COPY and RUN steps, stage by stage) succeed in a clean copy of the repository,
 * after which its ENTRYPOINT starts a server that passes its own HEALTHCHECK.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOCKERFILE = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op = '', ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

/** The files a clean clone would have: tracked and not-yet-committed ones, never ignored ones (node_modules, dist). */
function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const workdirs: string[] = [];
afterAll(() => {
  for (const dir of workdirs) rmSync(dir, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  const steps = instructions(DOCKERFILE);

  it('builds in two stages from Node 20 slim', () => {
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
    expect(froms).toEqual(['node:20-slim AS build', 'node:20-slim AS runtime']);
  });

  it('installs only production dependencies in the runtime stage', () => {
    const runtime = steps.slice(steps.findIndex((s) => s.args.endsWith('AS runtime')));
    expect(runtime.some((s) => s.op === 'RUN' && s.args.includes('npm ci --omit=dev'))).toBe(true);
  });

  it('runs as a non-root user, exposes 8871 and has a health check', () => {
    expect(steps.find((s) => s.op === 'USER')?.args).toBe('node');
    expect(steps.find((s) => s.op === 'EXPOSE')?.args).toBe('8871');
    expect(steps.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('dist/healthcheck.js');
  });

  it('starts the CLI listening on every interface', () => {
    const entrypoint = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')?.args ?? '[]') as string[];
    expect(entrypoint.slice(0, 2)).toEqual(['node', 'dist/cli.js']);
    expect(entrypoint.join(' ')).toContain('--host 0.0.0.0');
  });

  it(
    'runs its COPY and RUN steps in a clean copy of the repository, and the result passes its health check',
    async () => {
      const context = mkdtempSync(join(tmpdir(), 'houston-mock-context-'));
      workdirs.push(context);
      for (const file of trackedFiles()) {
        if (!existsSync(join(ROOT, file))) continue;
        mkdirSync(dirname(join(context, file)), { recursive: true });
        cpSync(join(ROOT, file), join(context, file));
      }
      const stages = new Map<string, string>();
      let workdir = '';
      for (const step of steps) {
        if (step.op === 'FROM') {
          const name = step.args.split(/\s+AS\s+/i)[1] ?? `stage${stages.size}`;
          const root = mkdtempSync(join(tmpdir(), `houston-mock-${name}-`));
          workdirs.push(root);
          stages.set(name, root);
          workdir = root;
        } else if (step.op === 'WORKDIR') {
          // Each stage's root stands in for its WORKDIR.
        } else if (step.op === 'COPY') {
          const parts = step.args.split(/\s+/);
          const fromFlag = parts.find((p) => p.startsWith('--from='));
          const paths = parts.filter((p) => !p.startsWith('--'));
          const dest = paths.pop() ?? '.';
          const source = fromFlag ? stages.get(fromFlag.slice('--from='.length)) : context;
          expect(source, `COPY source for ${step.args}`).toBeDefined();
          for (const p of paths) {
            const from = join(source as string, p.replace(/^\/app\/?/, ''));
            const to = dest.endsWith('/') || paths.length > 1 ? join(workdir, dest, p.split('/').pop() ?? p) : join(workdir, dest);
            cpSync(from, to, { recursive: true });
          }
        } else if (step.op === 'RUN') {
          // A step that cleans npm's cache gets a cache of its own: `npm cache clean --force` must not empty the
          // machine's cache under other npm processes (the suite's own, or a developer's).
          const cleansCache = /\bnpm cache clean\b/.test(step.args);
          const env = cleansCache ? { ...process.env, npm_config_cache: join(context, '.npm-cache') } : process.env;
          execFileSync('sh', ['-c', step.args], { cwd: workdir, stdio: 'pipe', timeout: 240_000, env });
        }
      }
      const runtime = stages.get('runtime') as string;
      expect(existsSync(join(runtime, 'node_modules', 'vitest'))).toBe(false);
      const entrypoint = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')?.args ?? '[]') as string[];
      // The image listens on 8871; here another port is asked for, as `docker run houston-mock --port N` does (a
      // later --port wins), and the health check must follow it.
      const port = await freePort();
      const child = spawn(entrypoint[0] ?? 'node', [...entrypoint.slice(1), '--port', String(port), '--host', '127.0.0.1'], {
        cwd: runtime,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (c: Buffer) => {
            out += c.toString();
            const m = out.match(/(http:\/\/\S+)\/v1/);
            if (m?.[1]) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`entrypoint exited with ${code}`)));
        });
        const healthcheck = JSON.parse(
          (steps.find((s) => s.op === 'HEALTHCHECK')?.args ?? '').replace(/^.*?CMD\s+/, ''),
        ) as string[];
        expect(url).toBe(`http://127.0.0.1:${port}`);
        // In the container the server is PID 1; here the health check is told which process the server is.
        const env = { ...process.env, HOUSTON_MOCK_PID: String(child.pid) };
        execFileSync(healthcheck[0] ?? 'node', healthcheck.slice(1), { cwd: runtime, timeout: 10_000, env });
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
        // Once the server is gone, the same check fails.
        expect(() => execFileSync(healthcheck[0] ?? 'node', healthcheck.slice(1), { cwd: runtime, timeout: 10_000, env, stdio: 'pipe' })).toThrow();
      } finally {
        child.kill('SIGTERM');
      }
    },
    300_000,
  );
});
