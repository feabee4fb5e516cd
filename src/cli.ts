#!/usr/bin/env node
/**
 * The `houston-mock` command. The only module that reads `process.argv` and `process.env`; everything else gets
 * its settings through createHoustonMock(options) or its command's arguments. It answers `--help` and `--version`
 * itself and loads the server (schema, resolvers, faker) only when one is started, so both answer at once.
 */
import { fail, packageVersion } from './cli/common.js';

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
  --cors-origin <origin>     browser origin allowed to call the API (http://host:* for any port); repeat for several,
                             "*" for any, "none" for none (default: pages on this machine, http://localhost:* and
                             http://127.0.0.1:* and http://[::1]:*)
  --allowed-host <name>      Host name to answer besides localhost, 127.0.0.1 and [::1] (".example.test" for its
                             subdomains too, "*" for any); repeat for several
  --state-file <file.json>   keep the platform in this file: loaded at start (instead of seeding) if it exists,
                             created otherwise, saved after every change and at shutdown
  --state-sync               write the state file before answering each change (slower), instead of within 100 ms
  --admin-key <key>          key for the control API under /_mock (default: random, printed at start)
  --automock-unimplemented   answer fields houston-mock does not implement with generated data instead of an error
  --help                     show this help
  --version                  show houston-mock's version
`;

async function main(args: string[]): Promise<void> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (args.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  const { serve } = await import('./cli/serve.js');
  await serve(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail((error as Error).message ?? String(error), 1);
});
