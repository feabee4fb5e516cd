import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { compareVersions, DEFAULT_PLATFORM_VERSION, isSupportedVersion, SUPPORTED_VERSIONS } from '../schema/versions.js';

/** A role's entry in the role map: display name, roles it includes, and its own permissions. */
export interface RoleDefinition {
  name: string;
  includes?: string[];
  permissions: string[];
}

/**
 * The Houston configuration the emulator honours: a subset of Houston's own keys (same names, same defaults as
 * Houston's published default configs for the platform version), plus `platformVersion`. Anything else in a config
 * file is ignored with a warning.
 */
export interface HoustonConfig {
  platformVersion: string;
  baseDomain: string;
  publicSignups: boolean;
  /** Where the login page sends people who want an account while public sign-ups are off; null: nowhere. */
  externalSignupUrl: string | null;
  emailConfirmation: boolean;
  jwt: { authDuration: number };
  serviceAccounts: { showFor: number; showFirstChars: number };
  auth: { local: { enabled: boolean; teams: { enabled: boolean } } };
  deployments: {
    /** null on 2.x, where the flag no longer exists and upsertDeployment is always on. */
    upsertDeploymentEnabled: boolean | null;
    hardDeleteDeployment: boolean;
    manualReleaseNames: boolean;
    manualNamespaceNames: boolean;
    namespaceFreeFormEntry: boolean;
    preCreatedNamespaces: string[];
    triggererEnabled: boolean;
    configureDagDeployment: boolean;
    nfsMountDagDeployment: boolean;
    gitSyncDagDeployment: boolean;
    dagOnlyDeployment: boolean;
    enableUpdateDeploymentImageEndpoint: boolean;
    deployRollback: { enabled: boolean };
    chartVersion: string;
  };
  roles: Record<string, RoleDefinition>;
}

/** houston-mock's own settings, kept apart from Houston's keys (config file section `houstonMock:`). */
export interface MockSettings {
  seed: number | null;
  jwtSecret: string | null;
  adminKey: string | null;
  scale: 'small' | 'large';
  automockUnimplemented: boolean;
  stateFile: string | null;
  /** Write the state file before answering each change (`--state-sync`), instead of within 100 ms. */
  stateSync: boolean;
  /** Bounds on a single request (enforced by src/server/limits.ts). */
  limits: MockLimits;
  /** Origins allowed to call the API from a browser (CORS): loopback pages by default, `['*']` any, `[]` none. */
  corsOrigins: string[];
  /** Host names answered besides loopback ones when bound to loopback (src/server/origin.ts); `['*']` any. */
  allowedHosts: string[];
  /** Milliseconds of platform time a deployment's rollout takes (DEPLOYING, then HEALTHY); 0 for none. */
  rolloutTime: number;
}

/** Each bound is a whole number; `null` lifts it. `maxBatch: 0` refuses batched (array) requests. */
export interface MockLimits {
  maxDepth: number | null;
  maxAliases: number | null;
  maxTokens: number | null;
  maxDirectives: number | null;
  maxBodyBytes: number | null;
  maxBatch: number | null;
  /** Values (fields and list items) one request may answer; a batch shares one budget (src/server/budget.ts). */
  maxResponseValues: number | null;
  /** Nesting of arrays and objects in a JSON request body, checked before it is parsed. */
  maxJsonDepth: number | null;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

type Plain = Record<string, unknown>;

function isPlain(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/**
 * The YAML parser, loaded on first use (synchronously: yaml is a CommonJS package): only a --config file and a source
 * checkout's roles.yaml need it, and loading it was a noticeable part of a start that has neither.
 */
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

let defaultRoles: Record<string, RoleDefinition> | undefined;

/**
 * Houston's default role map, from our data file `roles.yaml`. The build writes it as `roles.json` beside the compiled
 * code and the CLI's bundle (scripts/copy-data.mjs), read without a YAML parser; run from the sources (the tests),
 * only roles.yaml is there.
 */
export function houstonDefaultRoles(): Record<string, RoleDefinition> {
  if (!defaultRoles) {
    let text: string | undefined;
    try {
      text = readFileSync(new URL('./roles.json', import.meta.url), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    defaultRoles = (
      text !== undefined ? JSON.parse(text) : yaml().parse(readFileSync(fileURLToPath(new URL('./roles.yaml', import.meta.url)), 'utf8'))
    ) as Record<string, RoleDefinition>;
  }
  return structuredClone(defaultRoles);
}

/** Houston's defaults for a platform version (from its published default configs). */
export function houstonDefaults(platformVersion: string): HoustonConfig {
  const atLeast = (v: string) => compareVersions(platformVersion, v) >= 0;
  return {
    platformVersion,
    baseDomain: 'houston.local',
    publicSignups: false,
    externalSignupUrl: null,
    emailConfirmation: true,
    jwt: { authDuration: 86_400_000 },
    serviceAccounts: { showFor: 10, showFirstChars: 6 },
    auth: { local: { enabled: true, teams: { enabled: false } } },
    deployments: {
      // 0.32–0.37: off by default; 1.x: on by default; 2.x: the flag is gone and upsert is always on.
      upsertDeploymentEnabled: atLeast('2.0.0') ? null : atLeast('1.0.0'),
      hardDeleteDeployment: false,
      manualReleaseNames: false,
      manualNamespaceNames: false,
      namespaceFreeFormEntry: false,
      preCreatedNamespaces: [],
      triggererEnabled: true,
      configureDagDeployment: false,
      nfsMountDagDeployment: false,
      gitSyncDagDeployment: false,
      dagOnlyDeployment: false,
      enableUpdateDeploymentImageEndpoint: false,
      deployRollback: { enabled: false },
      chartVersion: atLeast('1.0.0') ? '1.15.0' : '1.10.0',
    },
    roles: houstonDefaultRoles(),
  };
}

export function defaultMockSettings(): MockSettings {
  return {
    seed: 1,
    jwtSecret: null,
    adminKey: null,
    scale: 'small',
    automockUnimplemented: false,
    stateFile: null,
    stateSync: false,
    // Generous next to the Astro CLI's deepest operation (depth 4, 130 tokens, 2 aliases) and to introspection.
    limits: { maxDepth: 12, maxAliases: 30, maxTokens: 5000, maxDirectives: 50, maxBodyBytes: 1_048_576, maxBatch: 10, maxResponseValues: 1_000_000, maxJsonDepth: 100 },
    // Pages served from this machine only (src/server/origin.ts).
    corsOrigins: ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'],
    allowedHosts: [],
    // A Helm upgrade of an Airflow deployment takes a few minutes before every pod is ready.
    rolloutTime: 180_000,
  };
}

/** Keys whose default is null (or a free map) and the type a value given for them must have. */
const TYPED_NULLABLES: Record<string, string> = {
  'deployments.upsertDeploymentEnabled': 'boolean',
  externalSignupUrl: 'string',
  'houstonMock.seed': 'number',
  'houstonMock.jwtSecret': 'string',
  'houstonMock.adminKey': 'string',
  'houstonMock.stateFile': 'string',
};

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * Merges `given` over `base`, checking each given value against the type of the default it replaces.
 * Unknown keys are collected, not merged. `roles` is a free map of role definitions and is merged per role.
 */
function mergeChecked(base: Plain, given: Plain, path: string[], unknown: string[]): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(given)) {
    const keyPath = [...path, key];
    const name = keyPath.join('.');
    if (!(key in base)) {
      unknown.push(name);
      continue;
    }
    const current = base[key];
    if (name === 'roles') {
      if (!isPlain(value)) throw new ConfigError(`config key "roles" must be a map of role names, got ${typeName(value)}`);
      out[key] = { ...(current as Plain), ...checkRoles(value) };
      continue;
    }
    if (isPlain(current)) {
      if (!isPlain(value)) throw new ConfigError(`config key "${name}" must be a map, got ${typeName(value)}`);
      out[key] = mergeChecked(current, value, keyPath, unknown);
      continue;
    }
    const expected = current === null ? TYPED_NULLABLES[name] : typeName(current);
    if (value !== null && expected !== undefined && typeName(value) !== expected) {
      throw new ConfigError(`config key "${name}" must be a ${expected}, got ${typeName(value)} (${JSON.stringify(value)})`);
    }
    out[key] = value;
  }
  return out;
}

function checkRoles(roles: Plain): Record<string, RoleDefinition> {
  const out: Record<string, RoleDefinition> = {};
  for (const [role, def] of Object.entries(roles)) {
    const permissions = isPlain(def) ? def.permissions : undefined;
    // Houston's config writes permission sets as YAML maps (`? perm`); a list is accepted too.
    const list = Array.isArray(permissions) ? permissions : isPlain(permissions) ? Object.keys(permissions) : undefined;
    if (!isPlain(def) || !list || !list.every((p) => typeof p === 'string')) {
      throw new ConfigError(`config key "roles.${role}.permissions" must be a list of permission names`);
    }
    out[role] = {
      name: typeof def.name === 'string' ? def.name : role,
      ...(Array.isArray(def.includes) ? { includes: def.includes.map(String) } : {}),
      permissions: list as string[],
    };
  }
  return out;
}

export interface ConfigInput {
  /** Houston keys: either Houston's own shape or Astronomer's `astronomer: houston: config:` wrapping. */
  houston?: Plain;
  /** houston-mock's own section. */
  mock?: Plain;
}

export interface ResolvedConfig {
  houston: HoustonConfig;
  mock: MockSettings;
  warnings: string[];
}

/** Unwraps Astronomer's `config.yaml` shape (`astronomer.houston.config`) when present. */
export function splitConfigDocument(doc: unknown): ConfigInput {
  if (doc === null || doc === undefined) return {};
  if (!isPlain(doc)) throw new ConfigError(`the config file must be a YAML map, got ${typeName(doc)}`);
  const { houstonMock, astronomer, ...rest } = doc;
  let houston: Plain = rest;
  if (astronomer !== undefined) {
    const wrapped = isPlain(astronomer) && isPlain(astronomer.houston) ? astronomer.houston.config : undefined;
    if (!isPlain(wrapped)) throw new ConfigError('config key "astronomer" must contain houston.config (a map)');
    houston = { ...wrapped, ...rest };
  }
  if (houstonMock !== undefined && !isPlain(houstonMock)) {
    throw new ConfigError(`config key "houstonMock" must be a map, got ${typeName(houstonMock)}`);
  }
  return { houston, ...(houstonMock ? { mock: houstonMock } : {}) };
}

/** Reads and splits a YAML (or JSON) config file; errors name the file and, where possible, the key. */
export function readConfigFile(path: string): ConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let doc: unknown;
  try {
    doc = yaml().parse(text, { merge: true });
  } catch (error) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  return splitConfigDocument(doc);
}

/**
 * Resolves the effective configuration: Houston's defaults for the platform version, then the given Houston
 * keys, then the mock's settings. The platform version is taken first (from `platformVersion`) because the
 * defaults depend on it.
 */
export function resolveConfig(input: ConfigInput): ResolvedConfig {
  const given = input.houston ?? {};
  const version = given.platformVersion ?? DEFAULT_PLATFORM_VERSION;
  if (typeof version !== 'string' || !isSupportedVersion(version)) {
    throw new ConfigError(
      `config key "platformVersion" must be a platform version from ${SUPPORTED_VERSIONS.min} to ${SUPPORTED_VERSIONS.max}, got ${JSON.stringify(version)}`,
    );
  }
  const defaults = houstonDefaults(version) as unknown as Plain;
  const unknown: string[] = [];
  const warnings: string[] = [];
  const houstonGiven = { ...given };
  const deploymentsGiven = houstonGiven.deployments;
  if (
    compareVersions(version, '2.0.0') >= 0 &&
    isPlain(deploymentsGiven) &&
    'upsertDeploymentEnabled' in deploymentsGiven
  ) {
    // Houston 2.x dropped the flag; upsertDeployment is always on there.
    const { upsertDeploymentEnabled: _dropped, ...others } = deploymentsGiven;
    houstonGiven.deployments = others;
    warnings.push(`config key "deployments.upsertDeploymentEnabled" is ignored: platform ${version} has no such flag (upsertDeployment is always enabled)`);
  }
  const houston = mergeChecked(defaults, houstonGiven, [], unknown) as unknown as HoustonConfig;
  const mock = mergeChecked(defaultMockSettings() as unknown as Plain, input.mock ?? {}, ['houstonMock'], unknown) as unknown as MockSettings;
  if (mock.scale !== 'small' && mock.scale !== 'large') {
    throw new ConfigError(`config key "houstonMock.scale" must be "small" or "large", got ${JSON.stringify(mock.scale)}`);
  }
  if (!Number.isInteger(mock.rolloutTime) || mock.rolloutTime < 0) {
    throw new ConfigError(`config key "houstonMock.rolloutTime" must be a whole number of milliseconds ≥ 0, got ${JSON.stringify(mock.rolloutTime)}`);
  }
  if (unknown.length) warnings.push(`ignoring config keys houston-mock does not use: ${unknown.join(', ')}`);
  return { houston, mock, warnings };
}
