/**
 * `houston-mock` (serve): parses the server's flags, starts the server and keeps it running until SIGINT/SIGTERM.
 * Loaded by src/cli.ts only when a server is wanted, so that `--help` and `--version` answer without loading it.
 */
import { dirname, resolve } from 'node:path';
import { ConfigError, readConfigFile, type ConfigInput } from '../config/config.js';
import { SEED_ADMIN } from '../fixtures/seed.js';
import { checkWritable, createStateSaver, loadStateFile, removeStaleTemporaryFiles, StateFileError, type StateSaver } from '../persistence/stateFile.js';
import type { DocumentNode } from 'graphql';
import { readSchemaFile, SchemaFileError } from '../schema/schemaFile.js';
import { createHoustonMock } from '../server/createHoustonMock.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../server/logger.js';
import type { PlatformData } from '../store/state.js';
import { fail, packageVersion, parseFlags } from './common.js';

class UsageError extends Error {}


/**
 * The state file named in the config file (`houstonMock.stateFile`), if any. A relative path there is taken from the
 * config file's directory, as a path written in a file is read by most tools: the same config works from anywhere.
 */
function configuredStateFile(input: ConfigInput, configPath: string): string | undefined {
  const value = input.mock?.stateFile;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`config key "houstonMock.stateFile" must be a file path, got ${JSON.stringify(value)}`);
  }
  return resolve(dirname(configPath), value);
}

/** How to get a token on the platform as it is (seeded, empty, or loaded from a state file). */
function loginHint(data: PlatformData, baseUrl: string): string {
  const users = Object.values(data.users);
  if (users.length === 0) return ' | empty platform: the first createUser becomes SYSTEM_ADMIN';
  if (users.some((user) => user.emails.some((email) => email.address === SEED_ADMIN.email))) {
    return ` | log in as ${SEED_ADMIN.email} / ${SEED_ADMIN.password}: mutation { createToken(identity: "${SEED_ADMIN.email}", password: "${SEED_ADMIN.password}") { token { value } } }, or open ${baseUrl}/token`;
  }
  return ` | log in with an account from the state file at ${baseUrl}/token, or get any user's token from the control API: POST ${baseUrl}/_mock/tokens {"email": "..."}`;
}

function parseInteger(name: string, value: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`--${name} must be an integer, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export async function serve(args: string[]): Promise<void> {
  const { values } = parseFlags(null, {
    args,
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
      'allowed-host': { type: 'string', multiple: true },
      'state-file': { type: 'string' },
      'state-sync': { type: 'boolean' },
      'admin-key': { type: 'string' },
      'automock-unimplemented': { type: 'boolean' },
      schema: { type: 'string' },
    },
  });

  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  let port: number;
  let seed: number | null | undefined;
  let input: ConfigInput = {};
  let stateFile: string | undefined;
  let schema: DocumentNode | undefined;
  try {
    if (values.schema !== undefined) schema = readSchemaFile(values.schema);
    if (!LOG_LEVELS.includes(logLevel)) throw new UsageError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);
    port = parseInteger('port', values.port ?? '8871', 0, 65535);
    if (values['no-seed'] && values.seed !== undefined) throw new UsageError('--seed and --no-seed cannot be used together');
    seed = values['no-seed'] ? null : values.seed !== undefined ? parseInteger('seed', values.seed, 0, 2 ** 31 - 1) : undefined;
    if (values.scale !== undefined && values.scale !== 'small' && values.scale !== 'large') {
      throw new UsageError(`--scale must be small or large, got "${values.scale}"`);
    }
    if (values['state-file'] === '') throw new UsageError('--state-file needs a file path');
    if (values['state-sync'] && values['state-file'] === undefined && !values.config) throw new UsageError('--state-sync needs --state-file');
    if (values['admin-key'] !== undefined && values['admin-key'].trim() === '') throw new UsageError('--admin-key must not be empty');
    if (values.config) input = readConfigFile(values.config);
    // The flag wins over the config file.
    stateFile = values['state-file'] !== undefined ? resolve(values['state-file']) : values.config ? configuredStateFile(input, values.config) : undefined;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof SchemaFileError) fail(error.message);
    throw error;
  }
  const host = values.host ?? '127.0.0.1';
  const logger = createLogger(logLevel, (line) => process.stderr.write(`${line}\n`));

  let data: PlatformData | undefined;
  if (stateFile) {
    // Left beside the file by saves a crash or `kill -9` interrupted.
    const removed = removeStaleTemporaryFiles(stateFile);
    if (removed > 0) logger.info(`removed ${removed} temporary file${removed === 1 ? '' : 's'} left by an interrupted save of ${stateFile}`);
    try {
      data = loadStateFile(stateFile);
      // Every save writes a temporary file beside it: a directory that refuses one stops the start, not a later save.
      if (data) checkWritable(stateFile);
    } catch (error) {
      if (error instanceof StateFileError) fail(error.message);
      throw error;
    }
    if (data && (values.seed !== undefined || values['no-seed'] || values.scale !== undefined)) {
      logger.warn(`--seed, --no-seed and --scale have no effect: the platform comes from the state file ${stateFile}`);
    }
  }

  const stateSync = Boolean(values['state-sync']) || input.mock?.stateSync === true;
  let saver: StateSaver | undefined;
  let mock;
  try {
    mock = createHoustonMock({
      config: input,
      ...(values['platform-version'] ? { platformVersion: values['platform-version'] } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(values.scale ? { scale: values.scale as 'small' | 'large' } : {}),
      ...(values['cors-origin'] ? { corsOrigins: values['cors-origin'].filter((origin) => origin !== 'none') } : {}),
      ...(values['allowed-host'] ? { allowedHosts: values['allowed-host'] } : {}),
      ...(data ? { data } : {}),
      ...(values['automock-unimplemented'] ? { automockUnimplemented: true } : {}),
      ...(schema ? { schema } : {}),
      ...(values['admin-key'] !== undefined ? { adminKey: values['admin-key'] } : {}),
      // --state-sync: an answer to a change leaves only once the change is on disk.
      ...(stateFile && stateSync ? { settle: () => saver?.flush() ?? Promise.resolve() } : {}),
      clock: 'system',
      logger,
    });
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    // The platform from the state file passed its checks, yet the server could not start on it.
    if (data && stateFile) fail(`cannot use state file ${stateFile}: not a usable houston-mock platform (${String((error as Error).message).split('\n')[0]})`);
    throw error;
  }

  if (stateFile) {
    const store = mock.store;
    saver = createStateSaver(stateFile, () => store.data, { onError: (error) => logger.error(error.message) });
    mock.onStateChange(() => saver?.schedule());
    if (!data) {
      // Created now rather than at the first change: a path that cannot be written stops the start, not a later save.
      saver.schedule();
      try {
        await saver.flush();
      } catch (error) {
        if (error instanceof StateFileError) fail(error.message);
        throw error;
      }
    }
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
  const base = url.replace(/\/v1$/, '');
  const lines = [
    `houston-mock ${packageVersion()} (Houston ${mock.platformVersion}) ready at ${url}${loginHint(mock.store.data, base)}`,
    `control API: ${base}/_mock (admin key: ${mock.adminKey})`,
  ];
  if (stateFile) {
    const saving = stateSync ? 'every change saved before it is answered' : 'saved after every change';
    lines.push(`state file: ${stateFile} (${data ? 'loaded' : 'created'}; ${saving})`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Stop serving first, so that no change arrives after the last save.
    mock
      .close()
      .catch(() => undefined)
      .then(() => saver?.flush({ always: true }))
      .then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`houston-mock: ${(error as Error).message}\n`);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
