#!/usr/bin/env node
/**
 * The `houston-mock` command. The only module that reads `process.argv` and `process.env`; everything else gets
 * its settings through createHoustonMock(options).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, readConfigFile, type ConfigInput } from './config/config.js';
import { SEED_ADMIN } from './fixtures/seed.js';
import { createHoustonMock } from './server/createHoustonMock.js';
import { createLogger, LOG_LEVELS, type LogLevel } from './server/logger.js';

const HELP = `Usage: houston-mock [options]

A local emulator of Astronomer Software's Houston GraphQL API.

Options:
  --port <n>                 port to listen on (default 8871, Houston's own; 0 picks a free port)
  --host <addr>              address to bind (default 127.0.0.1; 0.0.0.0 to accept remote clients)
  --config <file.yaml>       Houston configuration (config.yaml shape or Houston's own keys)
  --seed <integer>           seed for the generated platform (default 1)
  --no-seed                  start with an empty platform: no users, no workspaces
  --scale <small|large>      size of the seeded platform (default small)
  --platform-version <ver>   platform version to emulate, 0.25.0 to 2.1.0 (default 0.37.0)
  --log-level <level>        silent, error, warn, info or debug (default info)
  --cors-origin <origin>     browser origin allowed to call the API; repeat for several, "none" for none (default any)
  --help                     show this help
  --version                  show houston-mock's version
`;

class UsageError extends Error {}

function fail(message: string): never {
  process.stderr.write(`houston-mock: ${message}\n`);
  process.exit(2);
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'string' },
        'no-seed': { type: 'boolean' },
        scale: { type: 'string' },
        'platform-version': { type: 'string' },
        'log-level': { type: 'string' },
        'cors-origin': { type: 'string', multiple: true },
        help: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message.split('\n')[0]} (see --help)`);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }

  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  let port: number;
  let seed: number | null | undefined;
  let input: ConfigInput = {};
  try {
    if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    port = parseInteger('port', values.port ?? '8871', 0, 65535);
    if (values['no-seed'] && values.seed !== undefined) throw new UsageError('--seed and --no-seed cannot be used together');
    seed = values['no-seed'] ? null : values.seed !== undefined ? parseInteger('seed', values.seed, 0, 2 ** 31 - 1) : undefined;
    if (values.scale !== undefined && values.scale !== 'small' && values.scale !== 'large') {
      throw new UsageError(`--scale must be small or large, got "${values.scale}"`);
    }
    if (values.config) input = readConfigFile(values.config);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const host = values.host ?? '127.0.0.1';
  const logger = createLogger(logLevel, (line) => process.stderr.write(`${line}\n`));

  let mock;
  try {
    mock = createHoustonMock({
      config: input,
      ...(values['platform-version'] ? { platformVersion: values['platform-version'] } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.scale ? { scale: values.scale as 'small' | 'large' } : {}),
      ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'].filter((origin) => origin !== 'none') } : {}),
      clock: 'system',
      logger,
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }

  try {
    await mock.listen(port, host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} on ${host} is already in use`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') fail(`cannot bind to host ${host}`);
    if (code === 'EACCES') fail(`no permission to listen on ${host}:${port}`);
    fail(`cannot listen on ${host}:${port}: ${(error as Error).message}`);
  }

  const url = mock.url ?? '';
  const seeded = mock.settings.seed !== null;
  const login = seeded
    ? ` | log in as ${SEED_ADMIN.email} / ${SEED_ADMIN.password}: mutation { createToken(identity: "${SEED_ADMIN.email}", password: "${SEED_ADMIN.password}") { token { value } } }, or open ${url.replace(/\/v1$/, '')}/token`
    : ' | empty platform: the first createUser becomes SYSTEM_ADMIN';
  process.stdout.write(`houston-mock ${packageVersion()} (Houston ${mock.platformVersion}) ready at ${url}${login}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    mock.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`houston-mock: ${(error as Error).message ?? String(error)}\n`);
  process.exit(1);
});
