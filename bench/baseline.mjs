/**
 * The baseline houston-mock is measured against: the stateless approach, graphql-yoga serving the same
 * `schema/houston.graphql` (filtered for the default platform version) through @graphql-tools/mock's
 * addMocksToSchema. It answers every query instantly with invented values and remembers nothing.
 *
 * Imported by bench/run.mjs for in-process timings; run directly (`node bench/baseline.mjs --port 0`) it listens
 * and prints one ready line with its URL, like the houston-mock CLI.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { addMocksToSchema } from '@graphql-tools/mock';
import { createYoga } from 'graphql-yoga';
import { houstonSchemaFor } from '../dist/schema/loadSchema.js';
import { DEFAULT_PLATFORM_VERSION } from '../dist/schema/versions.js';

/** The schema's custom scalars need mocks; everything else uses @graphql-tools/mock's defaults. */
const scalarMocks = {
  DateTime: () => '2024-06-01T12:00:00.000Z',
  Uuid: () => 'ck35y9uf44y8l0a19cmwd1x8x',
  Id: () => 'ck35y9uf44y8l0a19cmwd1x8x',
  JSON: () => ({}),
};

export function createBaseline() {
  const schema = addMocksToSchema({ schema: houstonSchemaFor(DEFAULT_PLATFORM_VERSION), mocks: scalarMocks });
  return createYoga({ schema, graphqlEndpoint: '/v1', landingPage: false, logging: false, graphiql: false });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { port: { type: 'string' } } });
  const server = createServer(createBaseline());
  server.listen(Number(values.port ?? 0), '127.0.0.1', () => {
    const { port } = server.address();
    process.stdout.write(`baseline ready at http://127.0.0.1:${port}/v1\n`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
