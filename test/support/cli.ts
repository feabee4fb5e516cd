import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before the CLI tests');
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** The first line the CLI printed on stdout. */
  readyLine: string;
  url: string;
  /** What the CLI has written to stderr so far (its log lines). */
  stderr(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface CliOptions {
  /** Variables added to the environment the CLI inherits (HOME, to give it a cache directory of its own). */
  env?: NodeJS.ProcessEnv;
}

/** Starts the real CLI and waits for its ready line (the one with the GraphQL URL). */
export function startCli(args: string[], timeoutMs = 15_000, options: CliOptions = {}): Promise<RunningCli> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not become ready in ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      const match = out.includes('\n') ? line?.match(/(http:\/\/\S+\/v1)/) : null;
      if (!match?.[1] || line === undefined) return;
      clearTimeout(timer);
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      resolve({
        child,
        readyLine: line,
        url: match[1],
        stderr: () => err,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code} before it was ready; stderr: ${err}`));
    });
  });
}

/** Runs the CLI to completion (for flags that make it exit) and returns its exit code and output. */
export function runCli(args: string[], timeoutMs = 15_000, options: CliOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit in ${timeoutMs} ms`));
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
