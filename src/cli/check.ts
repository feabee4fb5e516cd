/**
 * `houston-mock check`: compares a live Houston with houston-mock (src/parity/check.ts). Exit 0 when nothing
 * breaking differs, 1 when something does, 2 for usage and connection errors.
 */
import { CheckConnectionError, CheckUsageError, formatCheckReport, runCheck } from '../parity/check.js';
import { fail, httpUrl, parseFlags } from './common.js';

export interface CheckEnvironment {
  /** `HOUSTON_TOKEN`, read by src/cli/main.ts: used when `--token` is not given. */
  token?: string | undefined;
}

export async function check(args: string[], env: CheckEnvironment = {}): Promise<number> {
  const { values } = parseFlags('check', {
    args,
    strict: true,
    allowPositionals: false,
    options: {
      endpoint: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean' },
      operations: { type: 'string' },
      'allow-mutations': { type: 'boolean' },
      'save-schema': { type: 'string' },
    },
  });
  const endpoint = httpUrl('check', 'endpoint', values.endpoint, 'https://houston.example.com/v1');
  const token = values.token ?? env.token;
  try {
    const report = await runCheck({
      endpoint: endpoint.href,
      authorization: token?.trim() || null,
      ...(values.operations !== undefined ? { operationsDir: values.operations } : {}),
      allowMutations: values['allow-mutations'] ?? false,
      ...(values['save-schema'] !== undefined ? { saveSchema: values['save-schema'] } : {}),
    });
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheckReport(report));
    return report.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof CheckConnectionError || error instanceof CheckUsageError) fail(`check: ${error.message}`);
    throw error;
  }
}
