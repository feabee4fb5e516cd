import { graphqlSync, getIntrospectionQuery, print, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createHoustonMock, readSchemaFile, SEED_ADMIN, SchemaFileError, schemaDocument } from '../../src/index.js';
import { houstonSchemaFor } from '../../src/schema/loadSchema.js';
import { gql, login } from '../support/gql.js';
import { editedHoustonSdl } from '../support/schemaEdit.js';

const VERSION = '0.37.0';
const edited = editedHoustonSdl(VERSION, {
  removeFields: ['Query.workspaceTeams'],
  addFields: { Deployment: 'costCenter: String', Query: 'platformBanner: String' },
});

describe('a schema the user brings', () => {
  it('reads an introspection result and SDL of the same schema as the same document', () => {
    const schema = houstonSchemaFor(VERSION);
    const introspection = graphqlSync({ schema, source: getIntrospectionQuery() });
    const fromJson = schemaDocument(JSON.stringify(introspection));
    const fromSdl = schemaDocument(printSchema(schema));
    expect(print(fromJson)).toBe(print(fromSdl));
    expect(print(fromSdl)).toContain('paginatedDeployments(');
  });

  it('refuses a file that is neither SDL nor an introspection, naming it', () => {
    expect(() => schemaDocument('{"data": {}}', 'live.json')).toThrow(SchemaFileError);
    expect(() => schemaDocument('{"data": {}}', 'live.json')).toThrow(/live\.json: JSON without "__schema"/);
    expect(() => schemaDocument('type Query { a: Nope }', 'live.graphql')).toThrow(/live\.graphql: not valid SDL/);
    expect(() => readSchemaFile('/nonexistent/houston.json')).toThrow('cannot read schema file /nonexistent/houston.json: ENOENT');
  });

  it('keeps the stateful resolvers of the fields houston-mock models', async () => {
    const mock = createHoustonMock({ schema: edited });
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const created = await gql(mock, 'mutation { createWorkspace(label: "Byo") { id label } }', null, token);
    expect(created.errors).toBeUndefined();
    const read = await gql(mock, 'query ($id: Uuid!) { workspace(workspaceUuid: $id) { label } }', { id: created.data?.createWorkspace.id }, token);
    expect(read.data).toEqual({ workspace: { label: 'Byo' } });
  });

  it('answers NOT_IMPLEMENTED for a root field and an object field houston-mock does not model', async () => {
    const mock = createHoustonMock({ schema: edited });
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const banner = await gql(mock, '{ platformBanner }', null, token);
    expect(banner.errors?.[0]?.extensions?.code).toBe('NOT_IMPLEMENTED');
    expect(banner.errors?.[0]?.message).toMatch(/^houston-mock does not implement Query\.platformBanner yet/);
    const deployments = await gql(mock, '{ paginatedDeployments(take: 1) { id costCenter } }', null, token);
    expect(deployments.errors?.[0]?.extensions?.code).toBe('NOT_IMPLEMENTED');
    expect(deployments.errors?.[0]?.message).toMatch(/Deployment\.costCenter/);
    expect(deployments.errors?.[0]?.path).toEqual(['paginatedDeployments', 0, 'costCenter']);
  });

  it('auto-mocks what it does not model when asked to', async () => {
    const mock = createHoustonMock({ schema: edited, automockUnimplemented: true });
    const token = await login(mock, SEED_ADMIN.email, SEED_ADMIN.password);
    const result = await gql(mock, '{ platformBanner paginatedDeployments(take: 1) { costCenter } }', null, token);
    expect(result.errors).toBeUndefined();
    expect(typeof result.data?.platformBanner).toBe('string');
    expect(typeof result.data?.paginatedDeployments[0].costCenter).toBe('string');
  });

  it('serves the same schema on a fork', async () => {
    const mock = createHoustonMock({ schema: edited });
    const fork = mock.fork();
    const token = await login(fork, SEED_ADMIN.email, SEED_ADMIN.password);
    expect((await gql(fork, '{ platformBanner }', null, token)).errors?.[0]?.extensions?.code).toBe('NOT_IMPLEMENTED');
  });

  it('serves nothing the file lacks', async () => {
    const mock = createHoustonMock({ schema: edited });
    const result = await gql(mock, '{ workspaceTeams(workspaceUuid: "x") { id } }');
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(result.errors?.[0]?.message).toMatch(/Cannot query field "workspaceTeams" on type "Query"/);
  });
});
