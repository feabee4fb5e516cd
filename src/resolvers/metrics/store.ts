import { assert, errors, type HoustonError } from '../../core/errors.js';
import { keyedRng, nextFloat, nextUint32, type RngHolder } from '../../core/random.js';
import type { ComponentResources, Deployment } from '../../store/entities.js';
import type { Store } from '../../store/state.js';
import { deploymentStatus as statusOf, findDeploymentByReleaseName, settleRollout } from '../deployments/store.js';

/**
 * Deployment metrics and health, which Houston reads from the platform's Prometheus and streams to the UI. The
 * emulator has no Prometheus: it writes believable series itself, each point a pure function of (deployment id,
 * metric, series, instant), so the same platform and clock give the same numbers, a point keeps its value from one
 * emission to the next, and reading metrics never draws on the platform's seeded generator.
 *
 * Each metric is `{ label, result }`, `result` being the `data.result` of Prometheus's answer: for an instant query
 * a vector (`[{ metric, value: [unixSeconds, "value"] }]`), for a range query a matrix (`[{ metric, values: [...] }]`).
 * The labels are the names Houston gives its queries, grouped by `MetricType`.
 */

export const METRIC_TYPES = [
  'DEPLOYMENT_STATUS',
  'DEPLOYMENT_TASKS',
  'DEPLOYMENT_DATABASE',
  'DEPLOYMENT_SCHEDULER',
  'DEPLOYMENT_QUOTAS',
  'DEPLOYMENT_USAGE',
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

/** Window and resolution when the subscription does not say (`since` minutes, `step` seconds). */
export const DEFAULT_SINCE_MINUTES = 60;
export const DEFAULT_STEP_SECONDS = 60;
/** Prometheus refuses range queries of more points per series than this; longer windows keep their newest points. */
export const MAX_POINTS_PER_SERIES = 11_000;

export const metricsErrors = {
  notPositive: (argument: 'since' | 'step'): HoustonError =>
    errors.badInput(`${argument} must be a positive number of ${argument === 'since' ? 'minutes' : 'seconds'}`),
};

export interface MetricsArgs {
  deploymentUuid: string;
  metricType?: readonly (string | null)[] | null;
  since?: number | null;
  step?: number | null;
}

type Labels = Record<string, string>;
export type Sample = [number, string];
export type VectorEntry = { metric: Labels; value: Sample };
export type MatrixEntry = { metric: Labels; values: Sample[] };
export interface Metric {
  label: string;
  result: VectorEntry[] | MatrixEntry[];
}

/** The instants one emission covers, in Unix seconds, aligned on the step as Houston aligns its queries. */
export interface MetricsWindow {
  start: number;
  end: number;
  step: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups and arguments
// ---------------------------------------------------------------------------------------------------------------

/** The live deployment the `metrics` subscription is about. */
export function metricsDeployment(store: Store, deploymentUuid: string): Deployment {
  const deployment = deploymentUuid ? store.data.deployments[deploymentUuid] : undefined;
  assert(deployment && !deployment.deletedAt, errors.notFound);
  return deployment;
}

/** The live deployment the `deploymentStatus` subscription names, if any. */
export function statusDeployment(store: Store, releaseName: string | null | undefined): Deployment | undefined {
  return findDeploymentByReleaseName(store, releaseName);
}

/** `DeploymentStatus` of a deployment: its stored status, `UNKNOWN` when the platform has no usable one. */
export function deploymentStatus(store: Store, deployment: Deployment): { status: string } {
  return statusOf(settleRollout(store, deployment));
}

/** The metric families asked for, in Houston's order; none (or only unknown ones) means all of them. */
export function metricTypesOf(asked: MetricsArgs['metricType']): MetricType[] {
  const wanted = new Set((asked ?? []).filter((t): t is string => typeof t === 'string'));
  const known = METRIC_TYPES.filter((t) => wanted.has(t));
  return known.length > 0 ? known : [...METRIC_TYPES];
}

/** `since` (minutes) and `step` (seconds), defaults filled in; checked before the subscription starts. */
export function metricsResolution(args: Pick<MetricsArgs, 'since' | 'step'>): { since: number; step: number } {
  if (args.since !== null && args.since !== undefined && args.since < 1) throw metricsErrors.notPositive('since');
  if (args.step !== null && args.step !== undefined && args.step < 1) throw metricsErrors.notPositive('step');
  return { since: args.since ?? DEFAULT_SINCE_MINUTES, step: args.step ?? DEFAULT_STEP_SECONDS };
}

/** The window an emission covers at the platform's current time: the last `since` minutes, every `step` seconds. */
export function metricsWindow(store: Store, args: Pick<MetricsArgs, 'since' | 'step'>): MetricsWindow {
  const { since, step } = metricsResolution(args);
  const nowSeconds = Math.floor(store.clock.now() / 1000);
  const end = nowSeconds - (nowSeconds % step);
  const wanted = end - since * 60;
  const aligned = wanted - (((wanted % step) + step) % step);
  return { start: Math.max(aligned, end - (MAX_POINTS_PER_SERIES - 1) * step), end, step };
}

/** Which step the platform clock is in: a new emission is due when it changes. */
export function stepBucket(store: Store, step: number): number {
  return Math.floor(store.clock.now() / 1000 / step);
}

// ---------------------------------------------------------------------------------------------------------------
// Generated series
// ---------------------------------------------------------------------------------------------------------------

/** The containers a deployment runs, as the metrics name them: Celery adds workers, Flower and Redis. */
interface Container {
  component: string;
  resources: ComponentResources | undefined;
}

const FALLBACK_RESOURCES = { cpu: 500, memory: 1920 };

function containersOf(d: Deployment): Container[] {
  const out: Container[] = [
    { component: 'scheduler', resources: d.scheduler },
    { component: 'webserver', resources: d.webserver },
    { component: 'statsd', resources: undefined },
    { component: 'pgbouncer', resources: undefined },
  ];
  if (d.executor === 'CeleryExecutor') {
    out.push({ component: 'worker', resources: d.workers }, { component: 'flower', resources: undefined }, { component: 'redis', resources: undefined });
  }
  if (d.triggerer && d.triggerer.replicas !== 0) out.push({ component: 'triggerer', resources: d.triggerer });
  return out;
}

const BASE36 = '0123456789abcdefghijklmnopqrstuvwxyz';

function chars(rng: RngHolder, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE36[nextUint32(rng) % BASE36.length];
  return out;
}

/** A Kubernetes pod name for a deployment's component: `<release>-<component>-<replica set hash>-<suffix>`. */
function podName(d: Deployment, component: string): string {
  const rng = keyedRng(`${d.id}|pod|${component}`);
  return `${d.releaseName}-${component}-${chars(rng, 10)}-${chars(rng, 5)}`;
}

function replicas(c: Container): number {
  return Math.max(1, c.resources?.replicas ?? 1);
}

/** Limits of the deployment's resource quota: its components' sizes with room for task pods, as Houston sizes it. */
function quotaOf(d: Deployment) {
  let cpu = 0;
  let memory = 0;
  let pods = 0;
  for (const c of containersOf(d)) {
    const size = c.resources?.resources ?? (c.resources ? FALLBACK_RESOURCES : { cpu: 100, memory: 256 });
    cpu += size.cpu * replicas(c);
    memory += size.memory * replicas(c);
    pods += replicas(c);
  }
  const headroom = d.executor === 'KubernetesExecutor' ? 3 : 1.5;
  return {
    usedCpu: cpu / 1000,
    usedMemory: memory * 1024 * 1024,
    usedPods: pods,
    cpu: Math.ceil((cpu * headroom) / 1000),
    memory: Math.ceil((memory * headroom) / 1024) * 1024 * 1024 * 1024,
    pods: Math.ceil(pods * headroom) + (d.executor === 'KubernetesExecutor' ? 20 : 5),
  };
}

/** What a value is computed from: the deployment, the series, the instant, and two generators keyed by them. */
interface Point {
  d: Deployment;
  /** Unix seconds. */
  t: number;
  /** Same for every instant of the series: its level. */
  level: number;
  /** Different at each instant: its noise, in [0, 1). */
  noise: number;
  /** A slow wave over the series, in [-1, 1]: load rises and falls over the day. */
  wave: number;
}

interface SeriesDef {
  label: string;
  kind: 'instant' | 'range';
  /** The labels of each series; none when Prometheus would find nothing (for example no waiting containers). */
  series(d: Deployment): Labels[];
  value(p: Point, index: number): number;
}

const createdAt = (d: Deployment) => Math.ceil(Date.parse(d.createdAt) / 1000);

function round(value: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function point(d: Deployment, label: string, index: number, t: number): Point {
  const level = nextFloat(keyedRng(`${d.id}|${label}|${index}`));
  const noise = nextFloat(keyedRng(`${d.id}|${label}|${index}|${t}`));
  const wave = Math.sin((2 * Math.PI * t) / 86_400 + level * 2 * Math.PI);
  return { d, t, level, noise, wave };
}

const release = (d: Deployment): Labels[] => [{ release: d.releaseName, deployment: d.releaseName }];
const byContainer = (d: Deployment): Labels[] =>
  containersOf(d).map((c) => {
    const pod = podName(d, c.component);
    return {
      component_name: c.component,
      container_name: c.component,
      namespace: d.namespace,
      pod_name: pod,
      short_name: pod.slice(d.releaseName.length + 1),
    };
  });

/** A healthy deployment reports no waiting containers; otherwise the component that is not up, and why. */
function waitingContainers(d: Deployment): Labels[] {
  const status = statusOf(d).status;
  if (status === 'DEPLOYING') return [{ container: 'webserver', pod: podName(d, 'webserver'), reason: 'ContainerCreating' }];
  if (status === 'UNHEALTHY') return [{ container: 'scheduler', pod: podName(d, 'scheduler'), reason: 'CrashLoopBackOff' }];
  return [];
}

const SERIES: Record<MetricType, SeriesDef[]> = {
  DEPLOYMENT_STATUS: [
    {
      // Containers running minus containers: 0 when all are up, minus the number that are not.
      label: 'deploymentStatus',
      kind: 'instant',
      series: (d) => (statusOf(d).status === 'UNKNOWN' ? [] : release(d)),
      value: (p) => -waitingContainers(p.d).length,
    },
    {
      // Heartbeats per second: one every five seconds while the scheduler runs.
      label: 'schedulerHeartbeat',
      kind: 'instant',
      series: release,
      value: (p) => (statusOf(p.d).status === 'UNHEALTHY' ? 0 : round(0.2 + (p.noise - 0.5) * 0.01)),
    },
    { label: 'coreContainerStatus', kind: 'instant', series: waitingContainers, value: () => 1 },
  ],
  DEPLOYMENT_TASKS: [
    { label: 'runningTasks', kind: 'range', series: release, value: (p) => round(Math.max(0, 2 + 4 * p.level + 2 * p.wave + 2 * p.noise)) },
    { label: 'queuedTasks', kind: 'range', series: release, value: (p) => round(Math.max(0, p.level * 2 + p.wave + 1.5 * p.noise - 0.5)) },
    { label: 'failedTasks', kind: 'range', series: release, value: (p) => (p.noise > 0.9 ? round(p.noise * 0.2) : 0) },
    { label: 'successfulTasks', kind: 'range', series: release, value: (p) => round(0.5 + 2 * p.level + p.wave * 0.4 + p.noise) },
    // Task pods waiting to start: none while the platform has room.
    { label: 'taskStatus', kind: 'instant', series: () => [], value: () => 0 },
  ],
  DEPLOYMENT_DATABASE: [
    { label: 'totalDatabaseConnections', kind: 'range', series: release, value: (p) => Math.round(8 + 10 * p.level + 4 * p.wave + 3 * p.noise) },
    { label: 'totalWaitingClients', kind: 'range', series: release, value: (p) => (p.noise > 0.95 ? 1 : 0) },
  ],
  DEPLOYMENT_SCHEDULER: [
    { label: 'heartbeat', kind: 'range', series: release, value: (p) => round(12 + (p.noise - 0.5) * 0.6) },
    { label: 'dagCount', kind: 'range', series: release, value: (p) => 3 + Math.floor(p.level * 40) },
    { label: 'zombieCount', kind: 'range', series: release, value: (p) => (p.noise > 0.98 ? 1 : 0) },
    {
      // Counters since the deployment started: they only grow.
      label: 'taskSuccessCount',
      kind: 'range',
      series: release,
      value: (p) => Math.floor(((p.t - createdAt(p.d)) / 60) * (1 + 3 * p.level)),
    },
    { label: 'taskFailCount', kind: 'range', series: release, value: (p) => Math.floor(((p.t - createdAt(p.d)) / 3600) * (1 + 2 * p.level)) },
    { label: 'taskSuccessRate', kind: 'range', series: release, value: (p) => round((1 + 3 * p.level) / 60 + p.noise * 0.005) },
    { label: 'taskFailRate', kind: 'range', series: release, value: (p) => (p.noise > 0.85 ? round(p.noise * 0.002) : 0) },
  ],
  DEPLOYMENT_QUOTAS: [
    { label: 'maxPods', kind: 'instant', series: release, value: (p) => quotaOf(p.d).pods },
    { label: 'cpuMax', kind: 'instant', series: release, value: (p) => quotaOf(p.d).cpu },
    { label: 'memoryMax', kind: 'instant', series: release, value: (p) => quotaOf(p.d).memory },
    { label: 'runningPods', kind: 'instant', series: release, value: (p) => round((quotaOf(p.d).usedPods / quotaOf(p.d).pods) * 100, 2) },
    { label: 'reservedCPU', kind: 'instant', series: release, value: (p) => round((quotaOf(p.d).usedCpu / quotaOf(p.d).cpu) * 100, 2) },
    { label: 'reservedMemory', kind: 'instant', series: release, value: (p) => round((quotaOf(p.d).usedMemory / quotaOf(p.d).memory) * 100, 2) },
  ],
  DEPLOYMENT_USAGE: [
    { label: 'cpuUsage', kind: 'range', series: byContainer, value: (p) => round(Math.max(0.5, 5 + 30 * p.level + 12 * p.wave + 6 * p.noise), 2) },
    { label: 'memoryUsage', kind: 'range', series: byContainer, value: (p) => round(20 + 50 * p.level + 5 * p.wave + 3 * p.noise, 2) },
    { label: 'networkRx', kind: 'range', series: byContainer, value: (p) => round(2_000 + 60_000 * p.level * (1.2 + p.wave) + 5_000 * p.noise, 1) },
    { label: 'networkTx', kind: 'range', series: byContainer, value: (p) => round(1_000 + 30_000 * p.level * (1.2 + p.wave) + 3_000 * p.noise, 1) },
  ],
};

/** Prometheus sends sample values as strings. */
function sample(d: Deployment, def: SeriesDef, index: number, t: number): Sample {
  return [t, String(def.value(point(d, def.label, index, t), index))];
}

function resultOf(d: Deployment, def: SeriesDef, window: MetricsWindow): Metric['result'] {
  const born = createdAt(d);
  const series = def.series(d);
  if (def.kind === 'instant') {
    // No samples before the deployment existed; an instant query then finds nothing.
    if (window.end < born) return [];
    return series.map((metric, index) => ({ metric, value: sample(d, def, index, window.end) }));
  }
  const first = born <= window.start ? window.start : window.start + Math.ceil((born - window.start) / window.step) * window.step;
  const out: MatrixEntry[] = [];
  series.forEach((metric, index) => {
    const values: Sample[] = [];
    for (let t = first; t <= window.end; t += window.step) values.push(sample(d, def, index, t));
    // Prometheus leaves out series with no samples in the window.
    if (values.length > 0) out.push({ metric, values });
  });
  return out;
}

/** Houston's `metrics` subscription, one emission: every metric of the asked families over the window. */
export function metrics(store: Store, deployment: Deployment, args: MetricsArgs, window = metricsWindow(store, args)): Metric[] {
  // The status-based series (health, pods waiting) follow a rollout that ended on the platform clock.
  const current = settleRollout(store, deployment);
  return metricTypesOf(args.metricType).flatMap((type) =>
    SERIES[type].map((def) => ({ label: def.label, result: resultOf(current, def, window) })),
  );
}

/** The labels one family answers, in order. */
export function metricLabels(type: MetricType): string[] {
  return SERIES[type].map((def) => def.label);
}
