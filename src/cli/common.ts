import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Prints a one-line error and exits: 2 for usage, configuration and start-up errors (the default), 1 otherwise. */
export function fail(message: string, exitCode = 2): never {
  process.stderr.write(`houston-mock: ${message}\n`);
  process.exit(exitCode);
}

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Parses a command's flags (node's parseArgs); a flag it does not know, or a bad value, fails in one line. */
export function parseFlags<T extends ParseArgsConfig>(command: string | null, config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    fail(command ? `${command}: ${first} (see houston-mock ${command} --help)` : `${first} (see --help)`);
  }
}

/** The http(s) URL a flag names, or a one-line failure saying what is wrong with it. */
export function httpUrl(command: string, flag: string, value: string | undefined, example: string): URL {
  if (!value) fail(`${command}: --${flag} <url> is required, e.g. --${flag} ${example}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    fail(`${command}: --${flag} must be a URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${command}: --${flag} must be an http(s) URL, got "${value}"`);
  return url;
}
