/**
 * The `houston-mock` command, run by the bin's loader (src/cli.ts) from the bundle in dist/bin/. With the loader (which
 * reads NODE_DISABLE_COMPILE_CACHE), the only module that reads `process.argv` and `process.env`; everything else gets
 * its settings through createHoustonMock(options) or its command's arguments. It answers `--help` and `--version`
 * itself and loads the server (schema, resolvers, faker) only when one is started, so both answer at once.
 */
import { setFlagsFromString } from 'node:v8';
import { fail, packageVersion } from './common.js';

/** How much (percent) V8 may grow the heap beyond what a full collection left: see `serve` below. */
const HEAP_GROWING_PERCENT = 30;

const HELP = `Usage: houston-mock [options]
       houston-mock check|record|verify [options]   (houston-mock <command> --help for each)

A local emulator of Astronomer Software's Houston GraphQL API.

Commands:
  check    compare a live Houston's schema (and your operations' answers) with houston-mock's
  record   record a session with a live Houston, through a local proxy, to a cassette (secrets redacted)
  verify   replay a cassette on houston-mock and compare every answer with the recorded one

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
  --schema <file>            serve exactly this schema (introspection JSON or SDL, e.g. your Houston's): fields
                             houston-mock models keep working, others answer NOT_IMPLEMENTED, absent ones are gone
  --help                     show this help
  --version                  show houston-mock's version
`;

const COMMAND_HELP = {
  check: `Usage: houston-mock check --endpoint <url> [--token <token>] [--json] [--operations <dir>] [--allow-mutations]
                          [--save-schema <file.json>]

Compares a live Houston with the schema houston-mock serves for the same platform version (its appConfig.version):
each difference classed breaking, dangerous or safe for a client tested against houston-mock.

Options:
  --endpoint <url>     the platform's GraphQL URL, e.g. https://houston.example.com/v1
  --token <token>      a user token or service-account API key, raw or "Bearer …" (default: $HOUSTON_TOKEN)
  --operations <dir>   your .graphql files: each validated against both schemas; queries sent to both and their
                       answers compared by shape (variables from <name>.variables.json next to the file)
  --allow-mutations    send mutations from --operations too (never sent otherwise; subscriptions never are)
  --save-schema <file> write the platform's introspection (no data, no credentials) to serve with --schema or share
  --json               the report as JSON, for CI

Exit status: 0 nothing breaking differs, 1 something breaking does, 2 usage or connection error.
`,
  record: `Usage: houston-mock record --target <url> --out <file> [--port <n>]

A local proxy in front of a real Houston: point your client (astro CLI, scripts, UI) at it and every exchange,
HTTP and the subscription websocket, is written to the cassette. Credentials and secrets are redacted before
anything is written (authorization values, tokens, API keys, passwords, secret environment variable values).

Options:
  --target <url>   the platform's GraphQL URL, e.g. https://houston.example.com/v1
  --out <file>     the cassette to write (rewritten after each exchange)
  --port <n>       port of the proxy on 127.0.0.1 (default 8871; 0 picks a free port)
`,
  verify: `Usage: houston-mock verify <cassette> [--platform-version <ver>] [--state <file.json> | --no-seed] [--json]

Replays a cassette, in order, on an in-process houston-mock and compares each answer's shape and errors with the
recorded one; ids and tokens the recorded answers held are followed into later requests.

Options:
  --platform-version <ver>   version to emulate (default: the one recorded in the cassette)
  --state <file.json>        start from this platform (a --state-file) instead of the seeded one
  --no-seed                  start from an empty platform (for a session whose first createUser becomes the admin)
  --json                     the report as JSON, for CI

Exit status: 0 every exchange matches, 1 one differs, 2 usage error.
`,
} as const;

type Command = keyof typeof COMMAND_HELP;

function isCommand(name: string | undefined): name is Command {
  return name === 'check' || name === 'record' || name === 'verify';
}

/** A subcommand: its module is loaded only when it runs. */
async function runCommand(command: Command, args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(COMMAND_HELP[command]);
    return 0;
  }
  switch (command) {
    case 'check':
      return (await import('./check.js')).check(args, { token: process.env.HOUSTON_TOKEN });
    case 'record':
      return (await import('./record.js')).record(args);
    case 'verify':
      return (await import('./verify.js')).verify(args);
  }
}

async function main(args: string[]): Promise<void> {
  const [first, ...rest] = args;
  if (isCommand(first)) {
    process.exitCode = await runCommand(first, rest);
    return;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  if (args.includes('--version')) {
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  // The dev server's process is ours to tune. After each full collection V8 lets the heap grow well past what is
  // live; a large platform (about 90 MB of live data, and 150 MB of garbage while it is generated) then settled at
  // 450–550 MB of RSS under sustained load. A smaller growing step keeps it near 250 MB for a few more (cheap)
  // collections. Read by V8 at each collection, so setting it now, before the platform exists, takes effect.
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  // graphql-js, unless told it runs in production, checks every failed `instanceof` of its own types a second way (to
  // catch two copies of graphql in one program): about 40% of executing a list query, 20% of the server's time per
  // request of the bench mix. Houston itself runs with NODE_ENV=production. graphql is loaded only below (its chunk
  // of the bundle reads NODE_ENV when it is first evaluated), so this covers the whole server, and in-process users
  // of the library keep what their program chose; a value already set wins. The other readers among our
  // dependencies answer the same either way: yoga's and envelop's error masking (replaced by ours), graphql-armor
  // (identical dev and prod builds), @graphql-tools/mock's invariant texts (masked).
  process.env.NODE_ENV ??= 'production';
  const { serve } = await import('./serve.js');
  // HOUSTON_MOCK_PLATFORM_CACHE=off: seed every start afresh instead of using the seeded-platform cache.
  const cacheSetting = process.env.HOUSTON_MOCK_PLATFORM_CACHE?.trim().toLowerCase();
  await serve(args, { platformCache: cacheSetting !== 'off' && cacheSetting !== '0' });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  fail((error as Error).message ?? String(error), 1);
});
