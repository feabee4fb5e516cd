/**
 * `houston-mock check`: compares a live Houston with the schema houston-mock serves for the same platform version.
 *
 * The schema diff runs from houston-mock's schema to the platform's (@graphql-inspector/core), so each change reads
 * as what a client tested against houston-mock meets on the real platform: a field the platform lacks is breaking,
 * one only the platform has is safe (houston-mock simply cannot serve it yet).
 *
 * With operations (the user's `.graphql` files), each is validated against both schemas, and the read-only ones are
 * sent to the platform and to an in-process houston-mock, whose answers are compared by shape. A mutation is sent
 * only when the caller allows it; a subscription never is.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CriticalityLevel, diff, DiffRule, type Change } from '@graphql-inspector/core';
import {
  buildClientSchema,
  getIntrospectionQuery,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type IntrospectionQuery,
  type OperationDefinitionNode,
} from 'graphql';
import { SEED_ADMIN } from '../fixtures/seed.js';
import { houstonSchemaFor } from '../schema/loadSchema.js';
import { compareVersions, isValidVersion, normalizeVersion, SUPPORTED_VERSIONS } from '../schema/versions.js';
import { createHoustonMock, type HoustonMock } from '../server/createHoustonMock.js';
import { writeFileAtomic } from '../persistence/stateFile.js';
import { createRedactor } from './redact.js';
import { compareShapes, describeDifference } from './shape.js';

export type Level = 'breaking' | 'dangerous' | 'safe';

/** The platform could not be asked (network, HTTP, authentication, introspection turned off): exit code 2. */
export class CheckConnectionError extends Error {}
/** The user's input is unusable (an operation file that does not parse, an unreadable directory): exit code 2. */
export class CheckUsageError extends Error {}

export interface SchemaChange {
  level: Level;
  /** @graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  /** Schema coordinate, e.g. `Query.workspaceTeams`. */
  path: string | null;
  message: string;
}

export interface OperationFinding {
  level: Level;
  /** JSON path in the answer, or null for the operation as a whole. */
  path: string | null;
  message: string;
}

export interface OperationResult {
  file: string;
  operation: string;
  type: 'query' | 'mutation' | 'subscription';
  /** Validation errors against houston-mock's schema and the platform's. */
  mockErrors: string[];
  liveErrors: string[];
  replayed: boolean;
  /** Why it was not replayed. */
  skipped?: string;
  findings: OperationFinding[];
  /** The worst finding's level, or null when none. */
  level: Level | null;
}

export interface CheckReport {
  endpoint: string;
  /** What the platform's appConfig reported, and the version houston-mock's schema was taken for. */
  liveVersion: string;
  emulatedVersion: string;
  notes: string[];
  changes: SchemaChange[];
  operations: OperationResult[] | null;
  counts: Record<Level, number>;
  /** True when nothing breaking differs (exit code 0). */
  ok: boolean;
}

export interface CheckOptions {
  /** The platform's GraphQL URL, e.g. `https://houston.example.com/v1`. */
  endpoint: string;
  /** Sent as the `authorization` header, as given (a raw token or `Bearer …`, both of which Houston takes). */
  authorization?: string | null;
  /** A directory of `.graphql`/`.gql` files to validate and replay. */
  operationsDir?: string;
  /** Send mutations too (to both sides). Off by default: check must not change a real platform unless asked. */
  allowMutations?: boolean;
  /** How long to wait for the platform per request. Default 30 s. */
  timeoutMs?: number;
  /**
   * Write the platform's introspection here (`{"data": {"__schema": …}}`, what `--schema` reads): to serve exactly
   * that schema, or to share it. Put through the cassettes' redaction, with the credential used registered first.
   */
  saveSchema?: string;
}

const LEVELS: readonly Level[] = ['breaking', 'dangerous', 'safe'];

function levelOf(change: Change): Level {
  switch (change.criticality.level) {
    case CriticalityLevel.Breaking:
      return 'breaking';
    case CriticalityLevel.Dangerous:
      return 'dangerous';
    default:
      return 'safe';
  }
}

function worst(levels: Iterable<Level>): Level | null {
  let found: Level | null = null;
  for (const level of levels) if (found === null || LEVELS.indexOf(level) < LEVELS.indexOf(found)) found = level;
  return found;
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
}

/** One GraphQL request to the platform; anything but a GraphQL answer is a connection error. */
async function askLive(options: CheckOptions, body: Record<string, unknown>): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(options.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(options.authorization ? { authorization: options.authorization } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CheckConnectionError(`cannot reach ${options.endpoint}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CheckConnectionError(`${options.endpoint} answered HTTP ${response.status} without a GraphQL answer: is it Houston's GraphQL URL (…/v1)?`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new CheckConnectionError(`${options.endpoint} answered HTTP ${response.status} with something other than a GraphQL answer`);
  }
  return { status: response.status, body: parsed as Answer['body'] };
}

function firstError(answer: Answer): string {
  const error = answer.body.errors?.[0];
  return error ? `${error.message ?? 'error'}${error.extensions?.code ? ` (${error.extensions.code})` : ''}` : `HTTP ${answer.status}`;
}

/** The version whose schema houston-mock compares: the platform's, brought within the versions it emulates. */
function emulatedVersionFor(live: string, notes: string[]): string {
  if (!isValidVersion(live)) throw new CheckConnectionError(`the platform reported version ${JSON.stringify(live)}, not X.Y.Z`);
  const version = normalizeVersion(live);
  if (compareVersions(version, SUPPORTED_VERSIONS.min) < 0) {
    notes.push(`the platform runs ${version}, older than houston-mock emulates: compared with ${SUPPORTED_VERSIONS.min}`);
    return SUPPORTED_VERSIONS.min;
  }
  if (compareVersions(version, SUPPORTED_VERSIONS.max) > 0) {
    notes.push(`the platform runs ${version}, newer than houston-mock emulates: compared with ${SUPPORTED_VERSIONS.max}`);
    return SUPPORTED_VERSIONS.max;
  }
  return version;
}

/** The platform's version and schema. */
export async function readLivePlatform(options: CheckOptions): Promise<{ version: string; schema: GraphQLSchema; introspection: IntrospectionQuery }> {
  const config = await askLive(options, { query: '{ appConfig { version } }' });
  const version = (config.body.data as { appConfig?: { version?: unknown } } | null | undefined)?.appConfig?.version;
  if (typeof version !== 'string') throw new CheckConnectionError(`cannot read the platform's appConfig.version: ${firstError(config)}`);
  const introspection = await askLive(options, { query: getIntrospectionQuery() });
  const data = introspection.body.data as IntrospectionQuery | null | undefined;
  if (!data?.__schema) {
    throw new CheckConnectionError(`the platform refused introspection: ${firstError(introspection)} (a token of a user or service account may be needed: --token or HOUSTON_TOKEN)`);
  }
  let schema: GraphQLSchema;
  try {
    schema = buildClientSchema(data);
  } catch (error) {
    throw new CheckConnectionError(`the platform's introspection is not usable: ${(error as Error).message}`);
  }
  return { version, schema, introspection: data };
}

/** The schema changes from houston-mock's schema to the platform's, breaking first. */
export async function diffSchemas(mock: GraphQLSchema, live: GraphQLSchema): Promise<SchemaChange[]> {
  const changes = await diff(mock, live, [DiffRule.ignoreDescriptionChanges]);
  return changes
    .map((change) => ({ level: levelOf(change), type: String(change.type), path: change.path ?? null, message: change.message }))
    .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || (a.path ?? '').localeCompare(b.path ?? ''));
}

interface OperationFile {
  file: string;
  document: DocumentNode;
  text: string;
  variables: unknown;
}

function readOperations(dir: string): OperationFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new CheckUsageError(`--operations ${dir} is not a directory`);
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch (error) {
    if (error instanceof CheckUsageError) throw error;
    throw new CheckUsageError(`cannot read --operations ${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return names
    .filter((name) => /\.(graphql|gql)$/.test(name))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      let document: DocumentNode;
      try {
        document = parse(text);
      } catch (error) {
        throw new CheckUsageError(`${path}: ${(error as Error).message}`);
      }
      const sidecar = path.replace(/\.(graphql|gql)$/, '.variables.json');
      let variables: unknown = null;
      try {
        variables = JSON.parse(readFileSync(sidecar, 'utf8'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new CheckUsageError(`${sidecar}: ${(error as Error).message}`);
      }
      return { file: name, document, text, variables };
    });
}

/** The variables for one operation: the sidecar's entry named after it, else the whole sidecar. */
function variablesFor(operation: OperationDefinitionNode, variables: unknown): Record<string, unknown> {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return {};
  const all = variables as Record<string, unknown>;
  const named = operation.name ? all[operation.name.value] : undefined;
  return named && typeof named === 'object' && !Array.isArray(named) ? (named as Record<string, unknown>) : all;
}

function compareAnswers(live: Answer, mock: Answer): OperationFinding[] {
  const findings: OperationFinding[] = [];
  for (const difference of compareShapes(live.body.data, mock.body.data, '$.data')) {
    findings.push({
      level: difference.kind === 'nullability' ? 'dangerous' : 'breaking',
      path: difference.path,
      message: describeDifference(difference, 'on the platform', 'on houston-mock'),
    });
  }
  const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code ?? e.message ?? 'error');
  const liveCodes = codes(live);
  const mockCodes = codes(mock);
  if (liveCodes.join() !== mockCodes.join()) {
    findings.push({
      level: 'dangerous',
      path: '$.errors',
      message: `errors on the platform: ${liveCodes.join(', ') || 'none'}; on houston-mock: ${mockCodes.join(', ') || 'none'}`,
    });
  }
  return findings;
}

async function checkOperations(options: CheckOptions, files: OperationFile[], mockSchema: GraphQLSchema, liveSchema: GraphQLSchema, version: string): Promise<OperationResult[]> {
  let mock: HoustonMock | undefined;
  let mockToken: string | undefined;
  const results: OperationResult[] = [];
  for (const { file, document, text, variables } of files) {
    const mockErrors = validate(mockSchema, document).map((e) => e.message);
    const liveErrors = validate(liveSchema, document).map((e) => e.message);
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    for (const operation of operations) {
      const name = operation.name?.value ?? '(anonymous)';
      const findings: OperationFinding[] = [];
      let skipped: string | undefined;
      if (liveErrors.length > 0) {
        findings.push({ level: 'breaking', path: null, message: `invalid on the platform: ${liveErrors.join('; ')}` });
      }
      if (mockErrors.length > 0) {
        findings.push({ level: 'dangerous', path: null, message: `invalid on houston-mock, so it cannot be tested there: ${mockErrors.join('; ')}` });
      }
      const vars = variablesFor(operation, variables);
      const missing = (operation.variableDefinitions ?? []).filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue && !(v.variable.name.value in vars));
      if (findings.length > 0) skipped = 'not valid on both';
      else if (operation.operation === 'subscription') skipped = 'subscriptions are not replayed';
      else if (operation.operation === 'mutation' && !options.allowMutations) skipped = 'a mutation (--allow-mutations sends it)';
      else if (operations.length > 1 && !operation.name) skipped = 'an anonymous operation in a file of several';
      else if (missing.length > 0) skipped = `needs ${missing.map((v) => `$${v.variable.name.value}`).join(', ')} (put them in ${file.replace(/\.(graphql|gql)$/, '.variables.json')})`;
      if (!skipped) {
        const body = { query: text, variables: vars, ...(operation.name ? { operationName: operation.name.value } : {}) };
        const live = await askLive(options, body);
        mock ??= createHoustonMock({ platformVersion: version });
        mockToken ??= (await mock.tokenFor({ email: SEED_ADMIN.email })).token;
        const response = await mock.fetch('http://houston-mock/v1', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', authorization: mockToken },
          body: JSON.stringify(body),
        });
        findings.push(...compareAnswers(live, { status: response.status, body: (await response.json()) as Answer['body'] }));
      }
      results.push({
        file,
        operation: name,
        type: operation.operation as OperationResult['type'],
        mockErrors,
        liveErrors,
        replayed: !skipped,
        ...(skipped ? { skipped } : {}),
        findings,
        level: worst(findings.map((f) => f.level)),
      });
    }
  }
  return results;
}

/**
 * Writes an introspection for sharing or for `--schema`. An introspection describes types and fields, never data;
 * it still goes through the cassettes' redaction, with the credential used known to it, so that neither that
 * credential nor a secret-named default value can reach the file.
 */
async function saveIntrospection(path: string, introspection: IntrospectionQuery, authorization: string | null): Promise<void> {
  const redactor = createRedactor();
  redactor.authorization(authorization);
  try {
    await writeFileAtomic(path, `${JSON.stringify(redactor.json({ data: introspection }), null, 2)}\n`);
  } catch (error) {
    throw new CheckUsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

export async function runCheck(options: CheckOptions): Promise<CheckReport> {
  // Read first, so that an unusable directory is a usage error before the platform is asked anything.
  const files = options.operationsDir !== undefined ? readOperations(options.operationsDir) : null;
  const notes: string[] = [];
  const live = await readLivePlatform(options);
  if (options.saveSchema !== undefined) await saveIntrospection(options.saveSchema, live.introspection, options.authorization ?? null);
  const emulatedVersion = emulatedVersionFor(live.version, notes);
  const mockSchema = houstonSchemaFor(emulatedVersion);
  const changes = await diffSchemas(mockSchema, live.schema);
  const operations = files ? await checkOperations(options, files, mockSchema, live.schema, emulatedVersion) : null;
  const counts: Record<Level, number> = { breaking: 0, dangerous: 0, safe: 0 };
  for (const change of changes) counts[change.level]++;
  for (const operation of operations ?? []) if (operation.level) counts[operation.level]++;
  return { endpoint: options.endpoint, liveVersion: live.version, emulatedVersion, notes, changes, operations, counts, ok: counts.breaking === 0 };
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.min(48, Math.max(...rows.map((row) => (row[i] ?? '').length)))) ?? [];
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

/** How many safe changes the terminal table lists before summing up the rest (`--json` has them all). */
const SAFE_SHOWN = 40;

/** The report as terminal tables: schema changes (breaking first), then operations. */
export function formatCheckReport(report: CheckReport): string {
  const lines = [
    `houston-mock check: ${report.endpoint} runs Houston ${report.liveVersion}; compared with houston-mock's schema for ${report.emulatedVersion}`,
    ...report.notes.map((note) => `note: ${note}`),
    '',
  ];
  if (report.changes.length === 0) lines.push('Schema: identical');
  else {
    lines.push(`Schema: what a client tested against houston-mock meets on the platform`);
    const shown = [...report.changes.filter((c) => c.level !== 'safe'), ...report.changes.filter((c) => c.level === 'safe').slice(0, SAFE_SHOWN)];
    lines.push(...table([['LEVEL', 'WHERE', 'CHANGE'], ...shown.map((c) => [c.level, c.path ?? '', c.message])]));
    const hidden = report.changes.length - shown.length;
    if (hidden > 0) lines.push(`… and ${hidden} more safe change(s) (--json lists them all)`);
  }
  if (report.operations) {
    lines.push('', `Operations: ${report.operations.length}`);
    const rows = [['LEVEL', 'OPERATION', 'RESULT']];
    for (const op of report.operations) {
      const where = `${op.operation} (${op.file})`;
      if (op.findings.length === 0) rows.push(['ok', where, op.replayed ? 'same answer shape' : `valid on both; not replayed: ${op.skipped ?? ''}`]);
      for (const finding of op.findings) rows.push([finding.level, where, `${finding.path ? `${finding.path}: ` : ''}${finding.message}`]);
    }
    lines.push(...table(rows));
  }
  lines.push('', `${report.counts.breaking} breaking, ${report.counts.dangerous} dangerous, ${report.counts.safe} safe`);
  return `${lines.join('\n')}\n`;
}
