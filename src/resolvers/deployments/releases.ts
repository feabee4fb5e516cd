/**
 * The release catalogues the deployments domain answers from: Astronomer Certified Airflow images (what
 * `airflowReleases`, `airflowRelease` and `deploymentConfig` list) and Astro Runtime images (what `runtimeReleases`
 * lists and what `runtimeVersion` arguments are checked against).
 *
 * Houston reads these from the release files its cron jobs refresh daily from Astronomer's update feeds, so what a
 * Houston offers depends on when the job last ran, not on the platform version, apart from the gates below. The
 * emulator has no network: the catalogues are fixed data, every Astronomer Certified build and every Astro Runtime
 * release in Astronomer's published changelogs and release notes (to 2024-08), with their Airflow versions and
 * release days, plus four Runtime 12 entries whose numbers are public but whose days are not (marked below). The
 * same data on every start keeps answers deterministic.
 *
 * Gates (Houston's defaults): Runtime is offered from platform 0.29.0; from 0.30.3 only Runtime 4.2.5 and newer
 * (`deployments.minAstroRuntimeVersion`). A release line past its end of maintenance (as of the platform clock) is
 * `deprecated`: Runtime releases change `channel` to `deprecated`, as the feed does; AC releases keep `channel`
 * `stable` and carry the feed's separate `deprecated` flag. Yanked Runtime releases stay listed (Houston lists them
 * since 0.35.2) but are never the default for a new deployment.
 */
import { compareVersions, parseVersion } from '../../schema/versions.js';

export interface AirflowReleaseInfo {
  /** `X.Y.Z` (the floating entry, newest build of that Airflow) or `X.Y.Z-N` (Astronomer build N). */
  version: string;
  /** The Apache Airflow version inside. */
  airflowVersion: string;
  /** The image tag of `quay.io/astronomer/ap-airflow` that provides this version. */
  tag: string;
  /** `new_feature` for a floating `X.Y.Z` entry, `bug_fix` for a build. */
  level: string;
  url: string;
  description: string;
  releaseDate: string;
  channel: string;
  /** The last day of the line's maintenance (ISO date), when published. */
  endOfMaintenance: string | null;
}

export interface RuntimeReleaseInfo {
  version: string;
  airflowVersion: string;
  /** True when moving to this release migrates the Airflow metadata database (it ships a new Airflow minor). */
  airflowDatabaseMigrations: boolean;
  /** The feed's channel when the line is maintained; `deprecatedAt` turns it to `deprecated`. */
  channel: string;
  releaseDate: string;
  /** Restricted by Astronomer (the feed's `yanked: true`): listed, never picked as a default. */
  yanked: boolean;
  /** The last day of the line's maintenance (ISO date), when published. */
  endOfMaintenance: string | null;
}

/** The registry repositories Houston points deployments at by default (its `helm.runtimeImages` config). */
export const AIRFLOW_IMAGE_REPOSITORY = 'quay.io/astronomer/ap-airflow';
export const RUNTIME_IMAGE_REPOSITORY = 'quay.io/astronomer/astro-runtime';

/** Houston's `deployments.minAstroRuntimeVersion` default and the platform version that introduced it. */
const MIN_RUNTIME = { version: '4.2.5', since: '0.30.3' } as const;
/** Houston offers Astro Runtime from this platform version (`astroRuntimeEnabled` on by default). */
export const RUNTIME_SINCE = '0.29.0';

/** Every Astro Runtime release: version, Airflow version, release day, and whether Astronomer yanked it. */
const RUNTIME: readonly (readonly [version: string, airflowVersion: string, date: string, yanked?: 'yanked'])[] = [
  // 3.x
  ['3.0.0', '2.1.1', '2021-08-12'],
  ['3.0.1', '2.1.1', '2021-09-01'],
  ['3.0.2', '2.1.1', '2021-09-17'],
  ['3.0.3', '2.1.1', '2021-09-22'],
  ['3.0.4', '2.1.1', '2021-10-26'],
  // 4.x
  ['4.0.0', '2.2.0', '2021-10-12'],
  ['4.0.1', '2.2.0', '2021-10-26'],
  ['4.0.2', '2.2.1', '2021-10-29'],
  ['4.0.3', '2.2.2', '2021-11-15'],
  ['4.0.4', '2.2.2', '2021-11-19'],
  ['4.0.5', '2.2.2', '2021-11-29'],
  ['4.0.6', '2.2.2', '2021-12-02'],
  ['4.0.7', '2.2.2', '2021-12-15'],
  ['4.0.8', '2.2.3', '2021-12-21'],
  ['4.0.9', '2.2.3', '2022-01-19'],
  ['4.0.10', '2.2.3', '2022-02-09'],
  ['4.0.11', '2.2.3', '2022-02-14'],
  ['4.1.0', '2.2.4', '2022-02-22'],
  ['4.2.0', '2.2.4', '2022-03-10'],
  ['4.2.1', '2.2.4', '2022-03-28'],
  ['4.2.4', '2.2.5', '2022-04-06'],
  ['4.2.5', '2.2.5', '2022-04-11'],
  ['4.2.6', '2.2.5', '2022-04-19'],
  ['4.2.7', '2.2.5', '2022-10-11'],
  ['4.2.8', '2.2.5', '2022-11-09'],
  ['4.2.9', '2.2.5', '2022-12-12'],
  // 5.x
  ['5.0.0', '2.3.0', '2022-04-30'],
  ['5.0.1', '2.3.0', '2022-05-09'],
  ['5.0.2', '2.3.1', '2022-05-27'],
  ['5.0.3', '2.3.2', '2022-06-04'],
  ['5.0.4', '2.3.2', '2022-06-15'],
  ['5.0.5', '2.3.2', '2022-07-01'],
  ['5.0.6', '2.3.3', '2022-07-11'],
  ['5.0.7', '2.3.3', '2022-08-16'],
  ['5.0.8', '2.3.4', '2022-08-23'],
  ['5.0.9', '2.3.4', '2022-09-20'],
  ['5.0.10', '2.3.4', '2022-10-17'],
  ['5.0.11', '2.3.4', '2022-11-02'],
  ['5.0.12', '2.3.4', '2022-11-09'],
  ['5.0.13', '2.3.4', '2022-12-12'],
  ['5.1.0', '2.3.4', '2023-01-04'],
  ['5.2.0', '2.3.4', '2023-01-26'],
  ['5.2.1', '2.3.4', '2023-01-26'],
  ['5.3.0', '2.3.4', '2023-02-14'],
  ['5.4.0', '2.3.4', '2023-03-23'],
  ['5.5.0', '2.3.4', '2023-11-27'],
  // 6.x
  ['6.0.0', '2.4.0', '2022-09-19'],
  ['6.0.1', '2.4.0', '2022-09-26'],
  ['6.0.2', '2.4.1', '2022-09-30'],
  ['6.0.3', '2.4.2', '2022-10-24'],
  ['6.0.4', '2.4.3', '2022-11-14'],
  ['6.1.0', '2.4.3', '2022-12-21'],
  ['6.2.0', '2.4.3', '2023-01-26'],
  ['6.2.1', '2.4.3', '2023-01-26'],
  ['6.3.0', '2.4.3', '2023-02-14'],
  ['6.4.0', '2.4.3', '2023-03-23'],
  ['6.5.0', '2.4.3', '2023-05-29'],
  ['6.6.0', '2.4.3', '2023-06-13'],
  ['6.7.0', '2.4.3', '2023-10-12'],
  ['6.8.0', '2.4.3', '2023-11-24'],
  ['6.9.0', '2.4.3', '2023-12-22'],
  ['6.9.1', '2.4.3', '2024-01-09'],
  ['6.9.2', '2.4.3', '2024-01-24'],
  ['6.10.0', '2.4.3', '2024-02-28'],
  // 7.x
  ['7.0.0', '2.5.0', '2022-12-02'],
  ['7.1.0', '2.5.0', '2022-12-21'],
  ['7.2.0', '2.5.1', '2023-01-20'],
  ['7.3.0', '2.5.1', '2023-02-14'],
  ['7.4.0', '2.5.2', '2023-03-15'],
  ['7.4.1', '2.5.2', '2023-03-17'],
  ['7.4.2', '2.5.3', '2023-04-01'],
  ['7.4.3', '2.5.3', '2023-04-28'],
  ['7.5.0', '2.5.3', '2023-05-29'],
  ['7.6.0', '2.5.3', '2023-06-13'],
  // 8.x
  ['8.0.0', '2.6.0', '2023-04-30', 'yanked'],
  ['8.1.0', '2.6.0', '2023-05-09'],
  ['8.2.0', '2.6.1', '2023-05-16'],
  ['8.3.0', '2.6.1', '2023-05-26'],
  ['8.4.0', '2.6.1', '2023-06-02'],
  ['8.5.0', '2.6.2', '2023-06-17'],
  ['8.6.0', '2.6.2', '2023-06-27'],
  ['8.7.0', '2.6.3', '2023-07-11'],
  ['8.8.0', '2.6.3', '2023-07-21'],
  ['8.9.0', '2.6.3', '2023-08-28'],
  ['8.10.0', '2.6.3', '2023-10-12'],
  // 9.x
  ['9.0.0', '2.7.0', '2023-08-18', 'yanked'],
  ['9.1.0', '2.7.1', '2023-09-07', 'yanked'],
  ['9.2.0', '2.7.2', '2023-10-12', 'yanked'],
  ['9.3.0', '2.7.2', '2023-10-19', 'yanked'],
  ['9.4.0', '2.7.2', '2023-10-23', 'yanked'],
  ['9.5.0', '2.7.3', '2023-11-06', 'yanked'],
  ['9.6.0', '2.7.3', '2023-11-30', 'yanked'],
  ['9.7.0', '2.7.3', '2023-12-22'],
  ['9.8.0', '2.7.3', '2024-01-10'],
  ['9.9.0', '2.7.3', '2024-01-24'],
  ['9.10.0', '2.7.3', '2024-01-31'],
  ['9.10.1', '2.7.3', '2024-04-16'],
  ['9.10.2', '2.7.3', '2024-04-18'],
  ['9.11.0', '2.7.3', '2024-02-26'],
  ['9.12.0', '2.7.3', '2024-04-11'],
  ['9.13.0', '2.7.3', '2024-04-18'],
  ['9.14.0', '2.7.3', '2024-05-13'],
  ['9.15.0', '2.7.3', '2024-06-12'],
  ['9.16.0', '2.7.3', '2024-07-10'],
  ['9.17.0', '2.7.3', '2024-07-18'],
  // 10.x
  ['10.0.0', '2.8.0', '2023-12-18'],
  ['10.1.0', '2.8.0', '2024-01-10'],
  ['10.2.0', '2.8.1', '2024-01-19'],
  ['10.3.0', '2.8.1', '2024-02-01'],
  ['10.4.0', '2.8.2', '2024-02-26'],
  ['10.5.0', '2.8.3', '2024-03-11'],
  ['10.6.0', '2.8.4', '2024-03-26'],
  ['10.7.0', '2.8.4', '2024-04-11'],
  ['10.8.0', '2.8.4', '2024-04-18'],
  ['10.9.0', '2.8.4', '2024-06-13'],
  // 11.x
  ['11.0.0', '2.9.0', '2024-04-08', 'yanked'],
  ['11.1.0', '2.9.0', '2024-04-19', 'yanked'],
  ['11.2.0', '2.9.0', '2024-04-26'],
  ['11.3.0', '2.9.1', '2024-05-06'],
  ['11.4.0', '2.9.1', '2024-05-28'],
  ['11.5.0', '2.9.2', '2024-06-11'],
  ['11.6.0', '2.9.2', '2024-06-28'],
  ['11.7.0', '2.9.3', '2024-07-17'],
  ['11.8.0', '2.9.3', '2024-08-09'],
  // 12.x: Airflow 2.10. These version numbers are public but their release notes are not in what we could read;
  // the days are approximate.
  ['12.0.0', '2.10.0', '2024-08-19'],
  ['12.1.0', '2.10.1', '2024-09-09'],
  ['12.4.0', '2.10.3', '2024-11-06'],
  ['12.8.0', '2.10.5', '2025-03-18'],
];

/** End of maintenance of each Runtime major line (the last day of the month Astronomer's policy names). */
const RUNTIME_END_OF_MAINTENANCE: Readonly<Record<string, string>> = {
  '3': '2022-02-28',
  '4': '2023-09-30',
  '5': '2024-04-30',
  '6': '2024-03-31',
  '7': '2023-07-31',
  '8': '2023-11-30',
  '9': '2025-01-31',
  '10': '2024-06-30',
  '11': '2025-10-31',
};

/**
 * Every Astronomer Certified build with a published changelog: the Airflow version, the number of its first build
 * listed, and the release day of each build from there on.
 */
const AIRFLOW: readonly (readonly [airflowVersion: string, firstBuild: number, dates: readonly string[]])[] = [
  ['1.10.5', 6, ['2020-03-30', '2020-04-27', '2020-06-03', '2020-06-18', '2020-08-04', '2020-10-05']],
  ['1.10.6', 3, ['2020-04-27']],
  ['1.10.7', 7, ['2020-03-13', '2020-04-11', '2020-04-28', '2020-04-29', '2020-05-28', '2020-06-03', '2020-06-18', '2020-08-04', '2020-09-22', '2020-12-10', '2021-01-05', '2021-04-27', '2021-07-26']],
  ['1.10.10', 1, ['2020-04-22', '2020-06-03', '2020-06-17', '2020-08-04', '2020-09-16', '2020-12-10', '2021-01-05', '2021-04-27', '2021-07-26', '2021-09-24']],
  ['1.10.12', 1, ['2020-09-29', '2020-12-04', '2021-01-05', '2021-03-18', '2021-07-26', '2021-09-24']],
  ['1.10.13', 1, ['2020-11-25']],
  ['1.10.14', 1, ['2020-12-10', '2021-01-05', '2021-03-18', '2021-07-26', '2021-09-24']],
  ['1.10.15', 1, ['2021-03-19', '2021-06-04', '2021-07-14', '2021-09-24', '2022-02-24', '2022-02-25', '2022-04-04', '2022-06-22', '2022-07-22']],
  ['2.0.0', 1, ['2020-12-17', '2020-12-23', '2021-02-16', '2021-04-13', '2021-04-26', '2021-05-12', '2021-06-04', '2021-07-13', '2021-09-08', '2021-09-24']],
  ['2.0.1', 1, ['2021-02-09']],
  ['2.0.2', 1, ['2021-04-26', '2021-05-12', '2021-06-03', '2021-07-13', '2021-09-08', '2021-09-24']],
  ['2.1.0', 1, ['2021-05-21', '2021-06-03', '2021-07-13', '2021-09-08', '2021-09-24', '2021-11-13', '2022-01-19']],
  ['2.1.1', 1, ['2021-07-02', '2021-07-13', '2021-09-08', '2021-09-24', '2021-11-13', '2022-01-19']],
  ['2.1.3', 1, ['2021-08-23', '2021-09-24', '2021-11-13', '2022-01-19']],
  ['2.1.4', 1, ['2021-09-19', '2021-09-24', '2021-11-05', '2022-01-19', '2022-02-24', '2022-02-24', '2022-04-04', '2022-06-22', '2022-07-22', '2022-11-09']],
  ['2.2.0', 1, ['2021-10-11', '2021-10-14', '2021-11-02', '2021-11-05', '2022-01-19']],
  ['2.2.1', 1, ['2021-11-02', '2021-11-05', '2022-01-19']],
  ['2.2.2', 1, ['2021-11-15', '2022-01-19']],
  ['2.2.3', 1, ['2021-12-21', '2022-01-19']],
  ['2.2.4', 1, ['2022-02-22', '2022-02-25', '2022-03-07', '2022-04-04']],
  ['2.2.5', 1, ['2022-04-04', '2022-04-06', '2022-06-22']],
  ['2.3.0', 1, ['2022-04-30', '2022-05-02', '2022-05-03', '2022-05-06', '2022-05-18']],
  ['2.3.1', 1, ['2022-05-25']],
  ['2.3.2', 1, ['2022-06-04', '2022-06-22']],
  ['2.3.3', 1, ['2022-07-11', '2022-08-16']],
  ['2.3.4', 1, ['2022-08-25', '2022-09-21', '2022-10-06', '2022-10-17', '2022-10-28', '2022-11-09', '2022-12-21', '2023-01-26', '2023-01-26', '2023-02-14', '2023-03-31']],
  ['2.4.1', 1, ['2022-09-30']],
  ['2.4.2', 1, ['2022-10-24']],
  ['2.4.3', 1, ['2022-11-14', '2022-12-21', '2023-01-26', '2023-01-26', '2023-02-14', '2023-03-31']],
];

/**
 * End of maintenance of each AC line (the month's last day). 1.10.5 to 1.10.10 had no published date: the day their
 * images left Astronomer's repository stands in for it; 1.10.13 was withdrawn when 1.10.14 shipped.
 */
const AIRFLOW_END_OF_MAINTENANCE: Readonly<Record<string, string>> = {
  '1.10.5': '2021-04-30',
  '1.10.6': '2020-06-30',
  '1.10.7': '2021-09-30',
  '1.10.10': '2022-01-31',
  '1.10.12': '2022-02-28',
  '1.10.13': '2020-12-01',
  '1.10.14': '2022-02-28',
  '1.10.15': '2022-09-30',
  '2.0': '2022-02-28',
  '2.1': '2022-11-30',
  '2.2': '2022-04-30',
  '2.3': '2023-03-31',
  '2.4': '2023-03-31',
};

function minorOf(version: string): string {
  const parts = parseVersion(version);
  return parts ? `${parts[0]}.${parts[1]}` : version;
}

/** Orders `X.Y.Z` and `X.Y.Z-N` versions: by Airflow version, then build (the floating entry after its builds). */
function compareBuilds(a: string, b: string): number {
  const byVersion = compareVersions(a, b);
  if (byVersion !== 0) return byVersion;
  const build = (v: string) => (v.includes('-') ? Number(v.slice(v.indexOf('-') + 1)) : Number.MAX_SAFE_INTEGER);
  return build(a) - build(b);
}

function airflowTag(airflowVersion: string, version: string): string {
  // 1.10 images were Debian buster builds (also alpine); from 2.0 the Debian images carry no distribution suffix.
  return airflowVersion.startsWith('1.') ? `${version}-buster-onbuild` : `${version}-onbuild`;
}

function airflowRelease(version: string, airflowVersion: string, date: string, floating: boolean): AirflowReleaseInfo {
  const end = AIRFLOW_END_OF_MAINTENANCE[airflowVersion] ?? AIRFLOW_END_OF_MAINTENANCE[minorOf(airflowVersion)] ?? null;
  return {
    version,
    airflowVersion,
    tag: airflowTag(airflowVersion, version),
    level: floating ? 'new_feature' : 'bug_fix',
    url: `https://github.com/astronomer/ap-airflow/blob/master/${airflowVersion}/CHANGELOG.md`,
    description: floating
      ? `Astronomer Certified ${airflowVersion}: Apache Airflow ${airflowVersion} with Astronomer's patches (newest build)`
      : `Astronomer Certified ${version}: Apache Airflow ${airflowVersion} with Astronomer's patches`,
    releaseDate: `${date}T00:00:00.000Z`,
    channel: 'stable',
    endOfMaintenance: end,
  };
}

/**
 * Every AC release, oldest first: each build `X.Y.Z-N`, and after them the floating `X.Y.Z` entry, dated by its
 * first build, whose image follows the newest build (as in Astronomer's feed).
 */
export const AIRFLOW_RELEASES: readonly AirflowReleaseInfo[] = AIRFLOW.flatMap(([airflowVersion, first, dates]) => [
  ...dates.map((date, i) => airflowRelease(`${airflowVersion}-${first + i}`, airflowVersion, date, false)),
  airflowRelease(airflowVersion, airflowVersion, dates[0] as string, true),
]).sort((a, b) => compareBuilds(a.version, b.version));

/** Every Runtime release, in version order. */
export const RUNTIME_RELEASES: readonly RuntimeReleaseInfo[] = [...RUNTIME]
  .sort((a, b) => compareVersions(a[0], b[0]))
  .map(([version, airflowVersion, date, yanked], i, all) => {
    const previous = i > 0 ? all[i - 1] : undefined;
    const major = version.slice(0, version.indexOf('.'));
    return {
      version,
      airflowVersion,
      airflowDatabaseMigrations: previous === undefined || minorOf(previous[1]) !== minorOf(airflowVersion),
      channel: 'stable',
      releaseDate: `${date}T00:00:00.000Z`,
      yanked: yanked === 'yanked',
      endOfMaintenance: RUNTIME_END_OF_MAINTENANCE[major] ?? null,
    };
  });

/** Whether a release's line was past its end of maintenance at `now` (ms since the epoch). */
export function isDeprecated(release: { endOfMaintenance: string | null }, now: number): boolean {
  return release.endOfMaintenance !== null && Date.parse(`${release.endOfMaintenance}T23:59:59.999Z`) < now;
}

/** A Runtime release as the platform reports it at `now`: `channel` is `deprecated` once its line is. */
export function runtimeReleaseAt(release: RuntimeReleaseInfo, now: number): RuntimeReleaseInfo {
  return isDeprecated(release, now) ? { ...release, channel: 'deprecated' } : release;
}

const offeredByPlatform = new Map<string, readonly RuntimeReleaseInfo[]>();

/**
 * The Runtime releases a Houston of `platformVersion` offers: none before 0.29, from 4.2.5 on from 0.30.3. Worked
 * out once per platform version: every deployment created or looked up asks, and the catalogue is fixed.
 */
export function offeredRuntimeReleases(platformVersion: string): readonly RuntimeReleaseInfo[] {
  let offered = offeredByPlatform.get(platformVersion);
  if (!offered) {
    if (compareVersions(platformVersion, RUNTIME_SINCE) < 0) offered = [];
    else if (compareVersions(platformVersion, MIN_RUNTIME.since) < 0) offered = RUNTIME_RELEASES;
    else offered = RUNTIME_RELEASES.filter((r) => compareVersions(r.version, MIN_RUNTIME.version) >= 0);
    offeredByPlatform.set(platformVersion, offered);
  }
  return offered;
}

/**
 * What the seeded platform picks its deployments' versions from: the floating AC entries (plain Airflow versions, as
 * most deployments name them) and the Runtime releases the platform offers, yanked ones left out.
 */
export function seedAirflowReleases(): AirflowReleaseInfo[] {
  return AIRFLOW_RELEASES.filter((r) => r.level === 'new_feature');
}

export function seedRuntimeReleases(platformVersion: string): RuntimeReleaseInfo[] {
  return offeredRuntimeReleases(platformVersion).filter((r) => !r.yanked);
}

/** The Airflow (Astronomer Certified) version a new deployment gets when none is asked for: the newest one. */
export function defaultAirflowRelease(): AirflowReleaseInfo {
  return AIRFLOW_RELEASES[AIRFLOW_RELEASES.length - 1] as AirflowReleaseInfo;
}

/**
 * The Astro Runtime version a new deployment gets when none is asked for (platform 0.29+): the newest release that
 * was not yanked, as the Astro CLI picks its default.
 */
export function defaultRuntimeRelease(): RuntimeReleaseInfo {
  const usable = RUNTIME_RELEASES.filter((r) => !r.yanked);
  return usable[usable.length - 1] as RuntimeReleaseInfo;
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

/** A Runtime release the platform offers (every known one when no platform version is given). */
export function findRuntimeRelease(version: string, platformVersion?: string): RuntimeReleaseInfo | undefined {
  const offered = platformVersion ? offeredRuntimeReleases(platformVersion) : RUNTIME_RELEASES;
  return offered.find((r) => r.version === version);
}

/**
 * Runtime releases a deployment on `airflowVersion` may move to: those shipping that Airflow version or a newer one
 * (Airflow cannot be downgraded, its database migrations only go forward). No version, or one we cannot read:
 * every release the platform offers.
 */
export function runtimeReleasesFor(platformVersion: string, airflowVersion?: string | null): RuntimeReleaseInfo[] {
  const offered = offeredRuntimeReleases(platformVersion);
  if (!airflowVersion || !parseVersion(airflowVersion)) return [...offered];
  return offered.filter((r) => compareVersions(r.airflowVersion, airflowVersion) >= 0);
}
