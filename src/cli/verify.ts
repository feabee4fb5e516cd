/**
 * `houston-mock verify FILE`: replays a cassette on an in-process houston-mock (src/parity/verify.ts). Exit 0 when
 * every exchange matches, 1 otherwise, 2 for usage errors.
 */
import { ConfigError } from '../config/config.js';
import { CassetteError, readCassette } from '../parity/cassette.js';
import { formatVerifyReport, verifyCassette } from '../parity/verify.js';
import { loadStateFile, StateFileError } from '../persistence/stateFile.js';
import type { PlatformData } from '../store/state.js';
import { fail, parseFlags } from './common.js';

export async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags('verify', {
    args,
    strict: true,
    allowPositionals: true,
    options: {
      'platform-version': { type: 'string' },
      state: { type: 'string' },
      'no-seed': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1 || !positionals[0]) fail('verify: give exactly one cassette file: houston-mock verify session.cassette.json');
  if (values.state !== undefined && values['no-seed']) fail('verify: --state and --no-seed cannot be used together');
  let state: PlatformData | undefined;
  try {
    const cassette = readCassette(positionals[0]);
    if (values.state !== undefined) {
      state = loadStateFile(values.state);
      if (!state) fail(`verify: no state file at ${values.state}`);
    }
    const report = await verifyCassette(cassette, {
      ...(values['platform-version'] ? { platformVersion: values['platform-version'] } : {}),
      ...(state ? { state } : {}),
      ...(values['no-seed'] ? { seed: null } : {}),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof CassetteError || error instanceof StateFileError || error instanceof ConfigError) fail(`verify: ${error.message}`);
    throw error;
  }
}
