/**
 * Record-level checks of a platform read from outside (a state file, a fixture, `PUT /_mock/state`): a field of the
 * wrong type would otherwise pass the envelope check and fail later, inside a request or at start, as a raw
 * TypeError. Only the types of the fields present are checked, plus the few fields the server cannot do without:
 * a field missing from an older file or a hand-written fixture is allowed (auto-mock mode even answers it).
 * Fields not listed here (added later, or a fixture's own) are left alone.
 */

type Check = (value: unknown) => boolean;

/** A field's check; `required` fields must be present. */
interface Field {
  check: Check;
  expected: string;
  required?: boolean;
}

const isString: Check = (v) => typeof v === 'string';
const isBoolean: Check = (v) => typeof v === 'boolean';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const isObject: Check = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const orNull = (check: Check): Check => (v) => v === null || check(v);

const string: Field = { check: isString, expected: 'a string' };
const requiredString: Field = { ...string, required: true };
const nullableString: Field = { check: orNull(isString), expected: 'a string or null' };
const boolean: Field = { check: isBoolean, expected: 'true or false' };
const nullableNumber: Field = { check: orNull(isNumber), expected: 'a number or null' };
const number: Field = { check: isNumber, expected: 'a number' };
const object: Field = { check: isObject, expected: 'an object' };
const nullableObject: Field = { check: orNull(isObject), expected: 'an object or null' };
const stringList: Field = { check: (v) => Array.isArray(v) && v.every(isString), expected: 'a list of strings' };

type Shape = Record<string, Field>;

function listOf(shape: Shape, required = false): Field {
  return { check: (v) => Array.isArray(v) && v.every((item) => isObject(item) && fitsShape(item as Record<string, unknown>, shape)), expected: 'a list of records', required };
}

function shaped(shape: Shape, nullable: boolean): Field {
  return {
    check: (v) => (nullable && v === null) || (isObject(v) && fitsShape(v as Record<string, unknown>, shape)),
    expected: nullable ? 'a record or null' : 'a record',
  };
}

function fitsShape(record: Record<string, unknown>, shape: Shape): boolean {
  return firstMismatch(record, shape) === undefined;
}

/** The first field of `record` that `shape` refuses: its name and what it should be. */
function firstMismatch(record: Record<string, unknown>, shape: Shape): { field: string; expected: string } | undefined {
  for (const [field, rule] of Object.entries(shape)) {
    const value = record[field];
    if (value === undefined) {
      if (rule.required) return { field, expected: `${rule.expected} (missing)` };
      continue;
    }
    if (!rule.check(value)) return { field, expected: rule.expected };
  }
  return undefined;
}

const timestamps: Shape = { createdAt: string, updatedAt: string };

const EMAIL: Shape = { id: string, address: requiredString, primary: boolean, verified: boolean, token: nullableString, ...timestamps };
const COMPONENT: Shape = { resources: nullableObject, replicas: nullableNumber };

const TABLE_SHAPES: Record<string, Shape> = {
  users: {
    username: requiredString,
    fullName: nullableString,
    status: string,
    avatarUrl: nullableString,
    emails: listOf(EMAIL, true),
    localCredential: shaped({ passwordHash: requiredString, salt: requiredString, resetToken: nullableString }, true),
    ...timestamps,
  },
  workspaces: {
    label: requiredString,
    description: nullableString,
    active: boolean,
    deploymentsConfig: nullableObject,
    deploymentsConfigDeletedAt: nullableString,
    ...timestamps,
  },
  deployments: {
    workspaceId: requiredString,
    clusterId: nullableString,
    label: requiredString,
    description: nullableString,
    releaseName: requiredString,
    namespace: string,
    type: string,
    version: string,
    executor: string,
    airflowVersion: nullableString,
    runtimeVersion: nullableString,
    image: nullableString,
    imageTag: nullableString,
    status: string,
    config: object,
    properties: object,
    scheduler: shaped(COMPONENT, false),
    webserver: shaped(COMPONENT, false),
    workers: shaped({ ...COMPONENT, terminationGracePeriodSeconds: nullableNumber }, false),
    triggerer: shaped(COMPONENT, false),
    environmentVariables: listOf({ key: requiredString, value: string, isSecret: boolean }),
    dagDeployment: object,
    alertEmails: stringList,
    deploymentsConfig: nullableObject,
    adopted: boolean,
    deletedAt: nullableString,
    ...timestamps,
  },
  roleBindings: {
    role: requiredString,
    userId: nullableString,
    serviceAccountId: nullableString,
    teamId: nullableString,
    workspaceId: nullableString,
    deploymentId: nullableString,
    ...timestamps,
  },
  serviceAccounts: {
    label: string,
    category: nullableString,
    apiKey: requiredString,
    entityType: requiredString,
    entityId: nullableString,
    active: boolean,
    lastUsedAt: nullableString,
    ...timestamps,
  },
  teams: { name: requiredString, description: nullableString, provider: string, userIds: { ...stringList, required: true }, sortId: number, ...timestamps },
  invites: { email: requiredString, workspaceId: nullableString, role: requiredString, token: requiredString, ...timestamps },
  clusters: {
    name: string,
    baseDomain: requiredString,
    metadataUrl: nullableString,
    k8sVersion: string,
    status: string,
    healthStatus: nullableObject,
    statusReason: nullableObject,
    deploymentsConfigOverride: nullableObject,
    isDefault: boolean,
    ...timestamps,
  },
  deployRevisions: { deploymentId: requiredString, deployType: string, image: nullableString, tag: nullableString, description: nullableString, createdById: nullableString, createdAt: string },
};

/**
 * Throws an Error naming the first record and field that is not what the platform needs, e.g.
 * `users["c1"].emails must be a list of records`. The message quotes ids and field names, never values.
 */
export function checkRecords(tables: Record<string, Record<string, unknown>>): void {
  for (const [table, shape] of Object.entries(TABLE_SHAPES)) {
    const rows = tables[table];
    if (!rows) continue;
    for (const [key, row] of Object.entries(rows)) {
      const where = `${table}[${JSON.stringify(key.slice(0, 60))}]`;
      if (!isObject(row)) throw new Error(`not a valid houston-mock platform: ${where} must be a record`);
      const record = row as Record<string, unknown>;
      if (record.id !== key) throw new Error(`not a valid houston-mock platform: ${where}.id must be the record's key`);
      const mismatch = firstMismatch(record, shape);
      if (mismatch) throw new Error(`not a valid houston-mock platform: ${where}.${mismatch.field} must be ${mismatch.expected}`);
    }
  }
}
