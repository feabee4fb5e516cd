/**
 * The release catalogues the deployments domain answers from: Astronomer Certified Airflow images (what
 * `airflowReleases`, `airflowRelease` and `deploymentConfig` list) and Astro Runtime images (what `runtimeReleases`
 * lists and what `runtimeVersion` arguments are checked against).
 *
 * Houston reads these from release files it refreshes from Astronomer's update service. The emulator has no network,
 * so the catalogues are our own fixed data: real version numbers paired the way Astronomer published them, with
 * indicative release dates. They are the same on every start, so answers stay deterministic.
 */
import { compareVersions, parseVersion } from '../../schema/versions.js';

export interface AirflowReleaseInfo {
  version: string;
  /** The image tag of `quay.io/astronomer/ap-airflow` that provides this version. */
  tag: string;
  /** `new_feature` for a minor release, `bug_fix` for a patch. */
  level: string;
  url: string;
  description: string;
  releaseDate: string;
  channel: string;
}

export interface RuntimeReleaseInfo {
  version: string;
  airflowVersion: string;
  /** True when moving to this release migrates the Airflow metadata database (it ships a new Airflow minor). */
  airflowDatabaseMigrations: boolean;
  channel: string;
  releaseDate: string;
}

/** The registry repositories Houston points deployments at by default (its `helm.runtimeImages` config). */
export const AIRFLOW_IMAGE_REPOSITORY = 'quay.io/astronomer/ap-airflow';
export const RUNTIME_IMAGE_REPOSITORY = 'quay.io/astronomer/astro-runtime';

const AIRFLOW: readonly (readonly [version: string, tag: string, date: string])[] = [
  ['1.10.15', '1.10.15-buster-onbuild', '2021-03-18'],
  ['2.0.2', '2.0.2-buster-onbuild', '2021-04-23'],
  ['2.1.4', '2.1.4-onbuild', '2021-09-20'],
  ['2.2.0', '2.2.0-onbuild', '2021-10-13'],
  ['2.2.5', '2.2.5-onbuild', '2022-04-05'],
  ['2.3.0', '2.3.0-onbuild', '2022-05-02'],
  ['2.3.4', '2.3.4-onbuild', '2022-08-25'],
];

const RUNTIME: readonly (readonly [version: string, airflowVersion: string, date: string])[] = [
  ['4.2.5', '2.2.5', '2022-04-21'],
  ['4.2.9', '2.2.5', '2022-09-13'],
  ['5.0.0', '2.3.0', '2022-05-02'],
  ['5.0.8', '2.3.4', '2022-08-26'],
  ['6.0.0', '2.4.0', '2022-09-22'],
  ['6.0.4', '2.4.3', '2022-11-16'],
  ['7.0.0', '2.5.0', '2022-12-06'],
  ['7.4.0', '2.5.3', '2023-04-04'],
  ['8.0.0', '2.6.0', '2023-05-02'],
  ['8.8.0', '2.6.3', '2023-07-27'],
  ['9.0.0', '2.7.0', '2023-08-21'],
  ['9.1.0', '2.7.1', '2023-09-13'],
  ['9.5.0', '2.7.3', '2023-11-09'],
  ['10.0.0', '2.8.0', '2023-12-19'],
  ['10.1.0', '2.8.1', '2024-01-22'],
  ['10.5.0', '2.8.4', '2024-04-10'],
  ['11.0.0', '2.9.0', '2024-04-11'],
  ['11.3.0', '2.9.1', '2024-05-07'],
  ['11.7.0', '2.9.3', '2024-07-16'],
  ['12.0.0', '2.10.0', '2024-08-19'],
  ['12.1.0', '2.10.1', '2024-09-09'],
  ['12.4.0', '2.10.3', '2024-11-06'],
];

function minorOf(version: string): string {
  const parts = parseVersion(version);
  return parts ? `${parts[0]}.${parts[1]}` : version;
}

export const AIRFLOW_RELEASES: readonly AirflowReleaseInfo[] = AIRFLOW.map(([version, tag, date]) => ({
  version,
  tag,
  level: version.endsWith('.0') ? 'new_feature' : 'bug_fix',
  url: `https://github.com/astronomer/ap-airflow/blob/master/${version}/CHANGELOG.md`,
  description: `Astronomer Certified ${version}: Apache Airflow ${version} with Astronomer's patches`,
  releaseDate: `${date}T00:00:00.000Z`,
  channel: 'stable',
}));

export const RUNTIME_RELEASES: readonly RuntimeReleaseInfo[] = RUNTIME.map(([version, airflowVersion, date], i) => {
  const previous = i > 0 ? RUNTIME[i - 1] : undefined;
  return {
    version,
    airflowVersion,
    airflowDatabaseMigrations: previous === undefined || minorOf(previous[1]) !== minorOf(airflowVersion),
    channel: 'stable',
    releaseDate: `${date}T00:00:00.000Z`,
  };
});

/** The Airflow (Astronomer Certified) version a new deployment gets when none is asked for: the newest one. */
export function defaultAirflowRelease(): AirflowReleaseInfo {
  return AIRFLOW_RELEASES[AIRFLOW_RELEASES.length - 1] as AirflowReleaseInfo;
}

/** The Astro Runtime version a new deployment gets when none is asked for (platform 0.29+): the newest one. */
export function defaultRuntimeRelease(): RuntimeReleaseInfo {
  return RUNTIME_RELEASES[RUNTIME_RELEASES.length - 1] as RuntimeReleaseInfo;
}

export function findAirflowRelease(version: string): AirflowReleaseInfo | undefined {
  return AIRFLOW_RELEASES.find((r) => r.version === version);
}

/** An Airflow release by its id (Houston keys them by version) or by image tag. */
export function findAirflowReleaseWhere(where: { id?: string | null; tag?: string | null }): AirflowReleaseInfo | undefined {
  if (where.tag) return AIRFLOW_RELEASES.find((r) => r.tag === where.tag);
  if (where.id) return AIRFLOW_RELEASES.find((r) => r.version === where.id || r.tag === where.id);
  return undefined;
}

export function findRuntimeRelease(version: string): RuntimeReleaseInfo | undefined {
  return RUNTIME_RELEASES.find((r) => r.version === version);
}

/**
 * Runtime releases a deployment on `airflowVersion` may move to: those shipping that Airflow version or a newer one
 * (Airflow cannot be downgraded, its database migrations only go forward). No version, or one we cannot read:
 * every release.
 */
export function runtimeReleasesFor(airflowVersion?: string | null): RuntimeReleaseInfo[] {
  if (!airflowVersion || !parseVersion(airflowVersion)) return [...RUNTIME_RELEASES];
  return RUNTIME_RELEASES.filter((r) => compareVersions(r.airflowVersion, airflowVersion) >= 0);
}
