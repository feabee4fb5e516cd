#!/usr/bin/env node
/**
 * `node dist/healthcheck.js`: the Docker image's HEALTHCHECK. It asks `/health` of the server on the port and host
 * the server was started with, read from the server's own command line (PID 1 in the container, whose ENTRYPOINT
 * runs the CLI), so `docker run houston-mock --port 9000` stays healthy. Exit 0 when healthy, 1 otherwise.
 * An entry point of its own, like src/cli.ts, and so allowed to read process.env.
 */
import { readFileSync } from 'node:fs';

/** The value of the last `--name value` or `--name=value` in an argument list (the CLI, too, takes the last one). */
function lastFlag(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === `--${name}`) value = args[i + 1];
    else if (arg.startsWith(`--${name}=`)) value = arg.slice(name.length + 3);
  });
  return value;
}

/** Where to reach a server started with these arguments, from inside its container. */
function healthUrl(args: readonly string[]): string {
  const port = lastFlag(args, 'port') ?? '8871';
  const host = lastFlag(args, 'host') ?? '127.0.0.1';
  // A server bound to every interface answers on loopback.
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${reach}:${port}/health`;
}

async function main(): Promise<void> {
  const pid = process.env.HOUSTON_MOCK_PID ?? '1';
  let args: string[] = [];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    // No /proc (not Linux) or no such process: the image's defaults.
  }
  const response = await fetch(healthUrl(args), { signal: AbortSignal.timeout(2_500) });
  process.exit(response.ok ? 0 : 1);
}

main().catch(() => process.exit(1));
