/**
 * `houston-mock record`: a recording proxy in front of a real Houston (src/parity/record.ts), until SIGINT/SIGTERM.
 */
import { startRecorder } from '../parity/record.js';
import { fail, httpUrl, parseFlags } from './common.js';

export async function record(args: string[]): Promise<number> {
  const { values } = parseFlags('record', {
    args,
    strict: true,
    allowPositionals: false,
    options: {
      target: { type: 'string' },
      out: { type: 'string' },
      port: { type: 'string' },
    },
  });
  const target = httpUrl('record', 'target', values.target, 'https://houston.example.com/v1');
  if (!values.out) fail('record: --out <file> is required, e.g. --out session.cassette.json');
  const portText = values.port ?? '8871';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) fail(`record: --port must be an integer between 0 and 65535, got "${portText}"`);

  let recorder;
  try {
    recorder = await startRecorder({
      target: target.href,
      out: values.out,
      port: Number(portText),
      onExchange: (exchange) => {
        const what = exchange.transport === 'http' ? `${exchange.operationName ?? '(anonymous)'} -> HTTP ${exchange.response.status}` : `websocket ${exchange.path} (${exchange.messages.length} frames)`;
        process.stderr.write(`recorded #${exchange.seq} ${what} in ${exchange.durationMs} ms\n`);
      },
      onError: (error) => process.stderr.write(`houston-mock: record: cannot write ${values.out}: ${error.message}\n`),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`record: port ${portText} is already in use (choose another with --port)`);
    fail(`record: ${(error as Error).message}`);
  }
  process.stdout.write(`recording ${target.origin} to ${values.out}: point your client at ${recorder.graphqlUrl} (Ctrl-C to stop)\n`);
  return new Promise<number>((resolve) => {
    const stop = () => {
      recorder.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`houston-mock: record: ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
