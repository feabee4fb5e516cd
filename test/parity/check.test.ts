import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildASTSchema } from 'graphql';
import { createHoustonMock, readSchemaFile, SEED_ADMIN, type HoustonMock } from '../../src/index.js';
import { CheckConnectionError, CheckUsageError, diffSchemas, formatCheckReport, runCheck } from '../../src/parity/check.js';
import { houstonSchemaFor } from '../../src/schema/loadSchema.js';
import { editedHoustonSdl } from '../support/schemaEdit.js';

const VERSION = '0.37.0';

/** A houston-mock serving a modified schema, listening on loopback: the "live" platform of these tests. */
async function livePlatform(edits: Parameters<typeof editedHoustonSdl>[1]): Promise<{ mock: HoustonMock; endpoint: string; token: string }> {
  const mock = createHoustonMock({ platformVersion: VERSION, schema: editedHoustonSdl(VERSION, edits) });
  const endpoint = await mock.listen(0, '127.0.0.1');
  const { token } = await mock.tokenFor({ email: SEED_ADMIN.email });
  return { mock, endpoint, token };
}

describe('houston-mock check against a platform whose schema differs', () => {
  let live: Awaited<ReturnType<typeof livePlatform>>;
  let operations: string;

  beforeAll(async () => {
    live = await livePlatform({
      removeFields: ['Query.workspaceTeams'],
      addFields: { Deployment: 'costCenter: String' },
      retypeFields: { 'Deployment.id': 'String', 'Deployment.description': 'String!' },
      removeEnumValues: ['MetricType.DEPLOYMENT_USAGE'],
    });
    operations = mkdtempSync(join(tmpdir(), 'houston-mock-operations-'));
    writeFileSync(join(operations, 'self.graphql'), 'query Self { self { user { id username emails { address primary } } } }');
    writeFileSync(join(operations, 'deployments.graphql'), 'query Deployments($take: Int!) { paginatedDeployments(take: $take) { id label } }');
    writeFileSync(join(operations, 'deployments.variables.json'), JSON.stringify({ take: 2 }));
    writeFileSync(join(operations, 'teams.graphql'), 'query Teams($ws: Uuid!) { workspaceTeams(workspaceUuid: $ws) { id } }');
    writeFileSync(join(operations, 'create.graphql'), 'mutation Create { createWorkspace(label: "from check") { id } }');
  });

  afterAll(async () => {
    await live.mock.close();
  });

  it('finds exactly the schema differences introduced, classed from a client view', async () => {
    const report = await runCheck({ endpoint: live.endpoint, authorization: live.token });
    expect(report.liveVersion).toBe(VERSION);
    expect(report.emulatedVersion).toBe(VERSION);
    expect(report.changes.map(({ level, type, path }) => ({ level, type, path }))).toEqual([
      { level: 'breaking', type: 'FIELD_TYPE_CHANGED', path: 'Deployment.id' },
      { level: 'breaking', type: 'ENUM_VALUE_REMOVED', path: 'MetricType.DEPLOYMENT_USAGE' },
      { level: 'breaking', type: 'FIELD_REMOVED', path: 'Query.workspaceTeams' },
      { level: 'safe', type: 'FIELD_ADDED', path: 'Deployment.costCenter' },
      { level: 'safe', type: 'FIELD_TYPE_CHANGED', path: 'Deployment.description' },
    ]);
    expect(report.ok).toBe(false);
    const text = formatCheckReport(report);
    expect(text).toMatch(/breaking\s+Query\.workspaceTeams\s+Field 'workspaceTeams' .*removed/);
    expect(text).toContain('3 breaking, 0 dangerous, 2 safe');
  });

  it('saves the platform\'s introspection, which --schema then serves exactly', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'houston-mock-schema-')), 'live.json');
    await runCheck({ endpoint: live.endpoint, authorization: live.token, saveSchema: file });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(live.token);
    const replica = createHoustonMock({ platformVersion: VERSION, schema: readSchemaFile(file) });
    const endpoint = await replica.listen(0, '127.0.0.1');
    try {
      const report = await runCheck({ endpoint });
      const { changes } = await runCheck({ endpoint: live.endpoint });
      expect(changes.length).toBe(5);
      expect(report.changes.map((c) => c.path)).toEqual(changes.map((c) => c.path));
      expect(await diffSchemas(houstonSchemaFor(VERSION), buildASTSchema(readSchemaFile(file)))).toEqual(changes);
    } finally {
      await replica.close();
    }
  });

  it('finds no difference against a platform serving the same schema', async () => {
    const same = await livePlatform({});
    try {
      const report = await runCheck({ endpoint: same.endpoint, authorization: `Bearer ${same.token}` });
      expect(report.changes).toEqual([]);
      expect(report.ok).toBe(true);
      expect(formatCheckReport(report)).toContain('Schema: identical');
    } finally {
      await same.mock.close();
    }
  });

  it('validates operations against both, replays the read-only ones and never sends a mutation', async () => {
    live.mock.journal.clear();
    const report = await runCheck({ endpoint: live.endpoint, authorization: live.token, operationsDir: operations });
    const byName = Object.fromEntries((report.operations ?? []).map((op) => [op.operation, op]));
    expect(Object.keys(byName).sort()).toEqual(['Create', 'Deployments', 'Self', 'Teams']);
    expect(byName.Self).toMatchObject({ replayed: true, findings: [], level: null });
    expect(byName.Deployments).toMatchObject({ replayed: true, findings: [], level: null });
    expect(byName.Teams).toMatchObject({ replayed: false, level: 'breaking' });
    expect(byName.Teams?.findings[0]?.message).toMatch(/^invalid on the platform: Cannot query field "workspaceTeams"/);
    expect(byName.Create).toMatchObject({ replayed: false, skipped: 'a mutation (--allow-mutations sends it)', level: null });
    const sent = live.mock.journal.entries().map((entry) => entry.operationName);
    expect(sent).not.toContain('Create');
    expect(sent).toEqual(expect.arrayContaining(['Self', 'Deployments']));
  });

  it('compares answer shapes of replayed operations', async () => {
    const shapes = mkdtempSync(join(tmpdir(), 'houston-mock-operations-'));
    // A field only the platform has: houston-mock cannot even validate it, the platform answers it.
    writeFileSync(join(shapes, 'cost.graphql'), 'query Cost { paginatedDeployments(take: 1) { costCenter } }');
    // The platform declares description non-null but holds a deployment without one: it answers null and an error.
    writeFileSync(join(shapes, 'descriptions.graphql'), 'query Descriptions { paginatedDeployments(take: 1) { id description } }');
    const snapshot = live.mock.exportState();
    for (const id of Object.keys(live.mock.store.data.deployments)) {
      live.mock.updateRow('deployments', id, (deployment) => {
        deployment.description = null;
      });
    }
    try {
      const report = await runCheck({ endpoint: live.endpoint, authorization: live.token, operationsDir: shapes });
      const [cost, descriptions] = report.operations ?? [];
      expect(cost).toMatchObject({ operation: 'Cost', level: 'dangerous', replayed: false });
      expect(cost?.findings[0]?.message).toMatch(/^invalid on houston-mock, so it cannot be tested there/);
      expect(descriptions).toMatchObject({ operation: 'Descriptions', replayed: true, level: 'dangerous' });
      expect(descriptions?.findings).toEqual([
        { level: 'dangerous', path: '$.data.paginatedDeployments[0]', message: 'null on the platform, object on houston-mock' },
        { level: 'dangerous', path: '$.errors', message: 'errors on the platform: INTERNAL_SERVER_ERROR; on houston-mock: none' },
      ]);
    } finally {
      live.mock.load(snapshot);
    }
  });

  it('sends mutations only with allowMutations', async () => {
    live.mock.journal.clear();
    const only = mkdtempSync(join(tmpdir(), 'houston-mock-operations-'));
    writeFileSync(join(only, 'create.graphql'), 'mutation Create { createWorkspace(label: "from check") { id label } }');
    const report = await runCheck({ endpoint: live.endpoint, authorization: live.token, operationsDir: only, allowMutations: true });
    expect(report.operations?.[0]).toMatchObject({ operation: 'Create', replayed: true, findings: [] });
    expect(live.mock.journal.entries().map((entry) => entry.operationName)).toContain('Create');
  });

  it('reports a platform it cannot reach or read as a connection error, and bad operation files as usage errors', async () => {
    await expect(runCheck({ endpoint: 'http://127.0.0.1:1/v1', timeoutMs: 2_000 })).rejects.toThrow(CheckConnectionError);
    await expect(runCheck({ endpoint: `${live.endpoint.replace(/\/v1$/, '')}/health` })).rejects.toThrow(/without a GraphQL answer|cannot read/);
    const broken = mkdtempSync(join(tmpdir(), 'houston-mock-operations-'));
    writeFileSync(join(broken, 'bad.graphql'), 'query {');
    await expect(runCheck({ endpoint: live.endpoint, operationsDir: broken })).rejects.toThrow(CheckUsageError);
  });
});
