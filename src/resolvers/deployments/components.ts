/**
 * Component sizing: astro units, replicas and resources of the scheduler, webserver, workers, triggerer and DAG
 * processor, and how Deployment answers them.
 */
import type { ComponentResources, Deployment } from '../../store/entities.js';
import { deploymentErrors } from './errors.js';
import type { Json } from './lookups.js';

/** One Astronomer Unit, Houston's default `astroUnit`: 100 millicores and 384 MiB. */
export const ASTRO_UNIT = { cpu: 100, memory: 384, pods: 1, airflowConns: 5, actualConns: 0.5, price: 0 } as const;
/** Houston's default `maxPodAu` (35) and `maxExtraAu` (400). */
const MAX_POD_AU = 35;
export const MAX_EXTRA_AU = 400;
export const MAX_POD = { cpu: MAX_POD_AU * ASTRO_UNIT.cpu, memory: MAX_POD_AU * ASTRO_UNIT.memory } as const;

export function au(units: number): { cpu: number; memory: number } {
  return { cpu: units * ASTRO_UNIT.cpu, memory: units * ASTRO_UNIT.memory };
}

export type Component = 'scheduler' | 'webserver' | 'workers' | 'triggerer' | 'dagProcessor';

/** Default size and replica bounds of each component (replicas `null` for the webserver, which is not scaled here). */
export const COMPONENTS: Record<Component, { units: number; replicas: number | null; min: number; max: number; minAirflowVersion: string | null }> = {
  scheduler: { units: 5, replicas: 1, min: 1, max: 4, minAirflowVersion: '2.0.0' },
  webserver: { units: 5, replicas: null, min: 1, max: 1, minAirflowVersion: null },
  workers: { units: 10, replicas: 1, min: 1, max: 20, minAirflowVersion: null },
  triggerer: { units: 5, replicas: 1, min: 0, max: 2, minAirflowVersion: '2.2.0' },
  dagProcessor: { units: 5, replicas: 1, min: 0, max: 3, minAirflowVersion: '2.3.0' },
};

/** Seconds Celery workers get to finish their tasks when they are replaced (Houston's default). */
export const WORKER_TERMINATION_GRACE_SECONDS = 600;

export interface ResourcesInput {
  requests?: { cpu?: number | null; memory?: number | null } | null;
  limits?: { cpu?: number | null; memory?: number | null } | null;
}

export interface ComponentInput {
  replicas?: number | null;
  terminationGracePeriodSeconds?: number | null;
  resources?: ResourcesInput | null;
  useDefaultAirflowImage?: boolean | null;
}

export function sizedComponent(
  name: Component,
  input: ComponentInput | null | undefined,
  current: ComponentResources | null | undefined,
): ComponentResources {
  const spec = COMPONENTS[name];
  const base = current ?? { resources: au(spec.units), replicas: spec.replicas };
  let replicas = base.replicas;
  if (input?.replicas !== undefined && input.replicas !== null && spec.replicas !== null) {
    if (!Number.isInteger(input.replicas) || input.replicas < spec.min || input.replicas > spec.max) {
      throw deploymentErrors.replicasOutOfRange(name, spec.min, spec.max);
    }
    replicas = input.replicas;
  }
  let resources = base.resources;
  const sent = input?.resources ? (input.resources.limits ?? input.resources.requests) : undefined;
  if (sent) {
    const cpu = sent.cpu ?? resources?.cpu ?? au(spec.units).cpu;
    const memory = sent.memory ?? resources?.memory ?? au(spec.units).memory;
    if (!Number.isInteger(cpu) || !Number.isInteger(memory) || cpu <= 0 || memory <= 0 || cpu > MAX_POD.cpu || memory > MAX_POD.memory) {
      throw deploymentErrors.resourcesOutOfRange(name, MAX_POD);
    }
    resources = { cpu, memory };
  }
  return { resources, replicas };
}

function containerResources(resources: ComponentResources['resources']) {
  if (!resources) return null;
  const one = { cpu: resources.cpu, memory: resources.memory };
  return { requests: one, limits: { ...one } };
}

function replicaLimits(name: Component, replicas: number | null) {
  const spec = COMPONENTS[name];
  return { default: replicas, minimum: spec.min, limit: spec.max, minAirflowVersion: spec.minAirflowVersion };
}

/** `Deployment.scheduler`. */
export function schedulerView(d: Deployment) {
  return { replicas: replicaLimits('scheduler', d.scheduler.replicas), resources: containerResources(d.scheduler.resources) };
}

/** `Deployment.webserver`. */
export function webserverView(d: Deployment) {
  return { resources: containerResources(d.webserver.resources), useDefaultAirflowImage: false };
}

/** `Deployment.workers`: sizes of the Celery workers (other executors keep the stored defaults, unused). */
export function workersView(d: Deployment) {
  return {
    replicas: d.workers.replicas,
    terminationGracePeriodSeconds: d.workers.terminationGracePeriodSeconds,
    resources: containerResources(d.workers.resources),
  };
}

/** `Deployment.triggerer`. */
export function triggererView(d: Deployment) {
  return { replicas: replicaLimits('triggerer', d.triggerer.replicas), resources: containerResources(d.triggerer.resources) };
}

export function helmResources(resources: ComponentResources['resources']) {
  if (!resources) return undefined;
  const one = { cpu: `${resources.cpu}m`, memory: `${resources.memory}Mi` };
  return { requests: one, limits: { ...one } };
}

/**
 * `Deployment.config`: what was sent as `config`, with the executor and component sizes written the way Houston
 * keeps them for Helm (`500m`, `1920Mi`).
 */
export function configView(d: Deployment): Json {
  const out: Json = { ...structuredClone(d.config), executor: d.executor };
  out.scheduler = { replicas: d.scheduler.replicas, resources: helmResources(d.scheduler.resources) };
  out.webserver = { resources: helmResources(d.webserver.resources) };
  if (d.executor === 'CeleryExecutor') {
    out.workers = {
      replicas: d.workers.replicas,
      terminationGracePeriodSeconds: d.workers.terminationGracePeriodSeconds,
      resources: helmResources(d.workers.resources),
      ...(d.kedaEnabled ? { autoscaling: { enabled: true } } : {}),
    };
  }
  out.triggerer = { replicas: d.triggerer.replicas, resources: helmResources(d.triggerer.resources) };
  if (d.dagProcessor) out.dagProcessor = { replicas: d.dagProcessor.replicas, resources: helmResources(d.dagProcessor.resources) };
  return out;
}
