/**
 * Platform versions: parsing, comparison and the versions the emulator knows about.
 *
 * Versions are plain semver `X.Y.Z`. Like the Astro CLI, we ignore a leading `v` and any pre-release or build suffix
 * (`v1.0.0-rc.1+abc` compares equal to `1.0.0`).
 */

/** The oldest and newest platform versions the emulator serves a schema for. */
export const SUPPORTED_VERSIONS = { min: '0.25.0', max: '2.1.0' } as const;

/** The platform version served when none is configured. */
export const DEFAULT_PLATFORM_VERSION = '0.37.0';

/**
 * The platform versions at which the Astro CLI changes what it sends (its query-list keys and API gates), plus the
 * default version. Ascending.
 */
export const CLI_VERSIONS: readonly string[] = [
  '0.25.0',
  '0.28.0',
  '0.29.0',
  '0.29.2',
  '0.30.0',
  '0.32.0',
  DEFAULT_PLATFORM_VERSION,
  '1.0.0',
  '1.0.1',
  '2.0.0',
  '2.1.0',
];

const VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$/;

/** `[major, minor, patch]` of a version string, or null when it is not `X.Y.Z` (optionally `v`-prefixed). */
export function parseVersion(version: string): [number, number, number] | null {
  const match = VERSION_PATTERN.exec(version.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** True when the string is a version we can compare. */
export function isValidVersion(version: string): boolean {
  return parseVersion(version) !== null;
}

/** The canonical `X.Y.Z` form of a version (no `v`, no suffix). Throws on an invalid version. */
export function normalizeVersion(version: string): string {
  const parts = parseVersion(version);
  if (!parts) throw new Error(`Invalid platform version ${JSON.stringify(version)}: expected X.Y.Z`);
  return parts.join('.');
}

/**
 * Compares two versions: negative when `a < b`, zero when equal, positive when `a > b`. Throws on an invalid
 * version.
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa) throw new Error(`Invalid platform version ${JSON.stringify(a)}: expected X.Y.Z`);
  if (!pb) throw new Error(`Invalid platform version ${JSON.stringify(b)}: expected X.Y.Z`);
  for (let i = 0; i < 3; i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

/** True when `version` is valid and within {@link SUPPORTED_VERSIONS} (both ends included). */
export function isSupportedVersion(version: string): boolean {
  if (!isValidVersion(version)) return false;
  return compareVersions(version, SUPPORTED_VERSIONS.min) >= 0 && compareVersions(version, SUPPORTED_VERSIONS.max) <= 0;
}

/**
 * Whether an element with the given bounds exists on platform `version`: `since <= version < until`, a missing
 * bound being unbounded.
 */
export function isPresentAt(version: string, since?: string, until?: string): boolean {
  if (since !== undefined && compareVersions(version, since) < 0) return false;
  if (until !== undefined && compareVersions(version, until) >= 0) return false;
  return true;
}
