import { assert, errors } from '../../core/errors.js';
import { keyedRng, nextUint32, pick, randomInt, type RngHolder } from '../../core/random.js';
import type { Deployment } from '../../store/entities.js';
import type { Store } from '../../store/state.js';

/**
 * Deployment logs. Houston reads them from Elasticsearch, where the platform's log shipper puts every Airflow
 * component's output. The emulator has no Airflow, so it writes believable lines itself, as a pure function of
 * (deployment id, component, 10-second time bucket): the same platform and the same clock give the same lines, and
 * reading logs never draws on the platform's seeded generator, so it changes nothing.
 */

export const LOG_COMPONENTS = ['scheduler', 'webserver', 'worker', 'triggerer'] as const;
export type LogComponent = (typeof LOG_COMPONENTS)[number];

/** Houston's DeploymentLog. */
export interface DeploymentLog {
  id: string;
  /** RFC 3339. */
  timestamp: string;
  release: string;
  component: LogComponent;
  level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
  message: string;
}

/** Lines are generated per bucket of this many milliseconds. */
const BUCKET_MS = 10_000;
/** The most lines one `logs` answer holds: the newest ones, like `tail`. */
export const LOG_QUERY_LIMIT = 500;
/** How far back logs go (the emulator's log retention). */
export const LOG_RETENTION_MS = 24 * 60 * 60 * 1000;

/** Most lines a component writes per bucket. */
const LINES_PER_BUCKET: Record<LogComponent, number> = { scheduler: 4, webserver: 3, worker: 3, triggerer: 1 };

const DAGS = [
  { dag: 'example_dag_basic', tasks: ['extract', 'transform', 'load'] },
  { dag: 'etl_orders_daily', tasks: ['wait_for_export', 'copy_to_staging', 'merge_orders', 'check_row_counts'] },
  { dag: 'dbt_models_hourly', tasks: ['dbt_seed', 'dbt_run', 'dbt_test'] },
  { dag: 'ingest_clickstream', tasks: ['list_new_files', 'load_to_warehouse', 'archive_files'] },
  { dag: 'refresh_ml_features', tasks: ['build_features', 'validate_features', 'publish_features'] },
  { dag: 'report_finance_weekly', tasks: ['query_ledger', 'render_report', 'email_report'] },
] as const;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

function chars(rng: RngHolder, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[nextUint32(rng) % alphabet.length];
  return out;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Airflow's log time: `2024-06-01T11:59:51.123+0000`. */
function airflowTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Celery's log time: `2024-06-01 11:59:51,123`. */
function celeryTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('.', ',').replace('Z', '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Gunicorn's access-log time: `01/Jun/2024:11:59:51 +0000`. */
function accessTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** The run a scheduled task belongs to: the previous full hour's interval, as Airflow names it. */
function runId(ms: number): string {
  const hour = Math.floor(ms / 3_600_000) * 3_600_000 - 3_600_000;
  return `scheduled__${new Date(hour).toISOString().replace('.000Z', '+00:00')}`;
}

interface LineContext {
  rng: RngHolder;
  at: number;
  deployment: Deployment;
}

type Line = { level: DeploymentLog['level']; text: string };
type Template = (c: LineContext) => Line;

/** An Airflow log line; `source` is the `file.py:line` Airflow prints. */
function airflowLine(c: LineContext, source: string, level: DeploymentLog['level'], text: string): Line {
  return { level, text: `[${airflowTime(c.at)}] {${source}} ${level} - ${text}` };
}

function task(c: LineContext) {
  const dag = pick(c.rng, DAGS);
  return { dag: dag.dag, task: pick(c.rng, dag.tasks), run: runId(c.at) };
}

const SCHEDULER: Template[] = [
  (c) => {
    const t = task(c);
    return airflowLine(c, 'scheduler_job_runner.py:417', 'INFO', `Setting the following tasks to queued state:\n\t<TaskInstance: ${t.dag}.${t.task} ${t.run} [scheduled]>`);
  },
  (c) => {
    const t = task(c);
    return airflowLine(
      c,
      'scheduler_job_runner.py:625',
      'INFO',
      `Sending TaskInstanceKey(dag_id='${t.dag}', task_id='${t.task}', run_id='${t.run}', try_number=1, map_index=-1) to executor with priority ${randomInt(c.rng, 1, 5)} and queue default`,
    );
  },
  (c) => {
    const t = task(c);
    return airflowLine(
      c,
      'scheduler_job_runner.py:693',
      'INFO',
      `Received executor event with state success for task instance TaskInstanceKey(dag_id='${t.dag}', task_id='${t.task}', run_id='${t.run}', try_number=1, map_index=-1)`,
    );
  },
  (c) => {
    const t = task(c);
    return airflowLine(c, 'dagrun.py:616', 'INFO', `Marking run <DagRun ${t.dag} @ ${t.run.slice('scheduled__'.length)}: ${t.run}, state:running> successful`);
  },
  (c) => airflowLine(c, 'scheduler_job_runner.py:1606', 'INFO', 'Adopting or resetting orphaned tasks for active dag runs'),
  (c) => airflowLine(c, 'manager.py:245', 'INFO', `Processing files using up to 2 processes at a time`),
  (c) => {
    const t = task(c);
    return airflowLine(c, 'taskinstance.py:1956', 'WARNING', `Task ${t.dag}.${t.task} is in up_for_retry state; it will be retried in 300 seconds`);
  },
];

const WEBSERVER: Template[] = [
  (c) => ({ level: 'INFO', text: `10.${randomInt(c.rng, 0, 255)}.${randomInt(c.rng, 0, 255)}.1 - - [${accessTime(c.at)}] "GET /health HTTP/1.1" 200 ${randomInt(c.rng, 280, 330)} "-" "kube-probe/1.29"` }),
  (c) => ({ level: 'INFO', text: `10.${randomInt(c.rng, 0, 255)}.${randomInt(c.rng, 0, 255)}.7 - - [${accessTime(c.at)}] "GET /home HTTP/1.1" 200 ${randomInt(c.rng, 40_000, 90_000)} "https://${c.deployment.releaseName}.example.com/" "Mozilla/5.0"` }),
  (c) => ({ level: 'INFO', text: `10.${randomInt(c.rng, 0, 255)}.${randomInt(c.rng, 0, 255)}.7 - - [${accessTime(c.at)}] "GET /api/v1/dags?limit=100 HTTP/1.1" 200 ${randomInt(c.rng, 2_000, 9_000)} "-" "python-requests/2.31.0"` }),
  (c) => {
    const t = task(c);
    return { level: 'INFO', text: `10.${randomInt(c.rng, 0, 255)}.${randomInt(c.rng, 0, 255)}.7 - - [${accessTime(c.at)}] "GET /dags/${t.dag}/grid HTTP/1.1" 200 ${randomInt(c.rng, 20_000, 60_000)} "-" "Mozilla/5.0"` };
  },
  (c) => airflowLine(c, 'override.py:1124', 'WARNING', 'No user yet created, use flask fab command to do it.'),
];

const WORKER: Template[] = [
  (c) => ({
    level: 'INFO',
    text: `[${celeryTime(c.at)}: INFO/MainProcess] Task airflow.providers.celery.executors.celery_executor_utils.execute_command[${chars(c.rng, HEX, 8)}-${chars(c.rng, HEX, 4)}-4${chars(c.rng, HEX, 3)}-a${chars(c.rng, HEX, 3)}-${chars(c.rng, HEX, 12)}] received`,
  }),
  (c) => {
    const t = task(c);
    return airflowLine(
      c,
      'task_command.py:288',
      'INFO',
      `Running <TaskInstance: ${t.dag}.${t.task} ${t.run} [queued]> on host ${c.deployment.releaseName}-worker-${randomInt(c.rng, 0, 1)}.${c.deployment.releaseName}-worker.${c.deployment.namespace}.svc.cluster.local`,
    );
  },
  (c) => ({
    level: 'INFO',
    text: `[${celeryTime(c.at)}: INFO/ForkPoolWorker-${randomInt(c.rng, 1, 16)}] Task airflow.providers.celery.executors.celery_executor_utils.execute_command[${chars(c.rng, HEX, 8)}-${chars(c.rng, HEX, 4)}-4${chars(c.rng, HEX, 3)}-b${chars(c.rng, HEX, 3)}-${chars(c.rng, HEX, 12)}] succeeded in ${randomInt(c.rng, 1, 90)}.${randomInt(c.rng, 100, 999)}s: None`,
  }),
  (c) => {
    const t = task(c);
    return airflowLine(c, 'standard_task_runner.py:114', 'ERROR', `Failed to execute job ${randomInt(c.rng, 1000, 99999)} for task ${t.task} (Connection timed out; ${randomInt(c.rng, 100, 999)})`);
  },
];

const TRIGGERER: Template[] = [
  (c) => airflowLine(c, 'triggerer_job_runner.py:243', 'INFO', `${randomInt(c.rng, 0, 4)} triggers currently running`),
  (c) => {
    const t = task(c);
    return airflowLine(c, 'triggerer_job_runner.py:1022', 'INFO', `trigger ${t.dag}/${t.run}/${t.task}/-1/1 (ID ${randomInt(c.rng, 1, 500)}) starting`);
  },
  (c) => airflowLine(c, 'triggerer_job_runner.py:512', 'INFO', `Trigger ${randomInt(c.rng, 1, 500)} fired: TriggerEvent<DateTime(${airflowTime(c.at)})>`),
];

const TEMPLATES: Record<LogComponent, Template[]> = { scheduler: SCHEDULER, webserver: WEBSERVER, worker: WORKER, triggerer: TRIGGERER };

/** What each component prints as it starts, in the first seconds after the deployment is created. */
function startupLines(component: LogComponent, d: Deployment): Line[] {
  switch (component) {
    case 'scheduler':
      return [
        { level: 'INFO', text: '  ____________       _____________\n ____    |__( )_________  __/__  /________      __\n____  /| |_  /__  ___/_  /_ __  /_  __ \\_ | /| / /\n___  ___ |  / _  /   _  __/ _  / / /_/ /_ |/ |/ /\n _/_/  |_/_/  /_/    /_/    /_/  \\____/____/|__/' },
        { level: 'INFO', text: 'Starting the scheduler' },
      ];
    case 'webserver':
      return [
        { level: 'INFO', text: 'Starting gunicorn 21.2.0' },
        { level: 'INFO', text: 'Listening at: http://0.0.0.0:8080 (1)' },
      ];
    case 'worker':
      return [{ level: 'INFO', text: `celery@${d.releaseName}-worker-0 ready.` }];
    case 'triggerer':
      return [{ level: 'INFO', text: 'Starting the triggerer' }];
  }
}

/** Whether the deployment runs this component at all (Celery workers only with the CeleryExecutor, …). */
function runs(deployment: Deployment, component: LogComponent): boolean {
  if (component === 'worker') return !deployment.executor || deployment.executor === 'CeleryExecutor';
  if (component === 'triggerer') return deployment.triggerer?.replicas !== 0;
  return true;
}

function createdAtMs(deployment: Deployment): number {
  const ms = Date.parse(deployment.createdAt);
  return Number.isFinite(ms) ? ms : 0;
}

/** Every line a component writes in one bucket, oldest first. */
function bucketLines(deployment: Deployment, component: LogComponent, bucket: number): DeploymentLog[] {
  const start = bucket * BUCKET_MS;
  const rng = keyedRng(`${deployment.id}|${component}|${bucket}`);
  const created = createdAtMs(deployment);
  const raw: { at: number; line: Line }[] = [];
  if (created >= start && created < start + BUCKET_MS) {
    startupLines(component, deployment).forEach((line, i) => raw.push({ at: created + 1000 * (i + 1), line }));
  }
  const count = randomInt(rng, component === 'webserver' ? 1 : 0, LINES_PER_BUCKET[component]);
  const offsets = Array.from({ length: count }, () => randomInt(rng, 0, BUCKET_MS - 1)).sort((a, b) => a - b);
  for (const offset of offsets) {
    const at = start + offset;
    raw.push({ at, line: pick(rng, TEMPLATES[component])({ rng, at, deployment }) });
  }
  raw.sort((a, b) => a.at - b.at);
  return raw.map(({ at, line }, index) => ({
    id: chars(keyedRng(`${deployment.id}|${component}|${bucket}|${index}`), BASE62, 20),
    timestamp: new Date(at).toISOString(),
    release: deployment.releaseName,
    component,
    level: line.level,
    message: line.text,
  }));
}

export interface LogFilter {
  component?: string | null;
  search?: string | null;
}

/**
 * The deployment's lines written after `after` and at or before `until` (milliseconds), oldest first, filtered by
 * component (none or `""`: every component) and by a case-insensitive search phrase; at most `limit`, the newest.
 *
 * Lines exist even before the deployment's `createdAt` (we knowingly differ from Houston here): the default clock is
 * frozen, so a deployment created a moment ago would otherwise never have any logs to show.
 */
export function logLinesBetween(deployment: Deployment, after: number, until: number, filter: LogFilter = {}, limit = LOG_QUERY_LIMIT): DeploymentLog[] {
  const from = Math.max(after, until - LOG_RETENTION_MS);
  if (until <= from || limit <= 0) return [];
  const components = LOG_COMPONENTS.filter((c) => (!filter.component || c === filter.component) && runs(deployment, c));
  const phrase = filter.search?.trim().toLowerCase() ?? '';
  const out: DeploymentLog[] = [];
  // Newest bucket first, so a long window stops as soon as it has enough lines.
  for (let bucket = Math.floor(until / BUCKET_MS); bucket * BUCKET_MS + BUCKET_MS > from + 1 && out.length < limit; bucket--) {
    for (const component of components) {
      for (const line of bucketLines(deployment, component, bucket)) {
        const at = Date.parse(line.timestamp);
        if (at > from && at <= until && (!phrase || line.message.toLowerCase().includes(phrase))) out.push(line);
      }
    }
  }
  out.sort((a, b) => a.timestamp.localeCompare(b.timestamp) || LOG_COMPONENTS.indexOf(a.component) - LOG_COMPONENTS.indexOf(b.component));
  return out.slice(-limit);
}

/** The live (not soft-deleted) deployment, or Houston's not-found error. */
export function logDeployment(store: Store, deploymentUuid: string): Deployment {
  const deployment = deploymentUuid ? store.data.deployments[deploymentUuid] : undefined;
  assert(deployment && !deployment.deletedAt, errors.notFound);
  return deployment;
}

/** The earliest instant a request may ask for: the retention window, or `timestamp` when it is later. */
export function logsSince(store: Store, timestamp?: string | null): number {
  const oldest = store.clock.now() - LOG_RETENTION_MS;
  const asked = timestamp ? Date.parse(timestamp) : Number.NaN;
  return Number.isFinite(asked) ? Math.max(asked, oldest) : oldest;
}

export interface LogsArgs {
  deploymentUuid: string;
  component?: string | null;
  timestamp?: string | null;
  search?: string | null;
}

/** Houston's `logs` query: the deployment's lines since `timestamp` (exclusive) up to now, newest 500 at most. */
export function logs(store: Store, args: LogsArgs): DeploymentLog[] {
  const deployment = logDeployment(store, args.deploymentUuid);
  return logLinesBetween(deployment, logsSince(store, args.timestamp), store.clock.now(), args);
}
