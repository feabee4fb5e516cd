import { readFileSync } from 'node:fs';

/** Prints a one-line error and exits: 2 for usage, configuration and start-up errors (the default), 1 otherwise. */
export function fail(message: string, exitCode = 2): never {
  process.stderr.write(`houston-mock: ${message}\n`);
  process.exit(exitCode);
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
