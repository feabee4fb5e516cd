/**
 * Environment variables: Houston's key rules, reserved keys and secret masking.
 */
import { errors } from '../../core/errors.js';
import type { EnvironmentVariable } from '../../store/entities.js';

/** Variables Houston's Helm values set itself; users may not set them. */
const RESERVED_VARIABLES = [
  'AIRFLOW__CORE__EXECUTOR',
  'AIRFLOW__CORE__SQL_ALCHEMY_CONN',
  'AIRFLOW__CORE__LOAD_EXAMPLES',
  'AIRFLOW__CORE__FERNET_KEY',
  'AIRFLOW__WEBSERVER__BASE_URL',
  'AIRFLOW__CELERY__BROKER_URL',
  'AIRFLOW__CELERY__RESULT_BACKEND',
  'AIRFLOW__CELERY__DEFAULT_QUEUE',
  'AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC',
  'AIRFLOW__SCHEDULER__STATSD_ON',
  'AIRFLOW__SCHEDULER__STATSD_HOST',
  'AIRFLOW__SCHEDULER__STATSD_PORT',
  'AIRFLOW__SCHEDULER__STATSD_PREFIX',
  'AIRFLOW__KUBERNETES__NAMESPACE',
] as const;

export interface VariableInput {
  key?: string | null;
  value?: string | null;
  isSecret?: boolean | null;
}

/**
 * The new set of variables from what the client sent: it replaces the stored set. A secret sent back with an empty
 * value keeps its stored value (clients only ever see secrets masked, so "" means "unchanged"); a later entry with
 * the same key wins.
 */
export function nextVariables(current: readonly EnvironmentVariable[], sent: readonly (VariableInput | null)[]): EnvironmentVariable[] {
  const entries = sent.filter((v): v is VariableInput => v !== null);
  const reserved = RESERVED_VARIABLES.filter((key) => entries.some((v) => (v.key ?? '').toUpperCase() === key));
  if (reserved.length > 0) throw errors.reservedEnvironmentVariables(reserved);
  const byKey = new Map<string, EnvironmentVariable>();
  for (const entry of entries) {
    const key = entry.key ?? '';
    if (!/^(?=.*[A-Z])[A-Z_][A-Z0-9_]*$/.test(key)) throw errors.invalidEnvironmentVariableKey(key);
    const isSecret = entry.isSecret === true;
    let value = entry.value ?? '';
    if (isSecret && value === '') value = current.find((v) => v.key === key)?.value ?? '';
    byKey.set(key, { key, value, isSecret });
  }
  return [...byKey.values()];
}

/** What clients see: sorted by key, secret values blanked (Houston answers `""` for them). */
export function maskedVariables(variables: readonly EnvironmentVariable[] | null | undefined): EnvironmentVariable[] {
  return [...(variables ?? [])]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((v) => ({ key: v.key, value: v.isSecret ? '' : v.value, isSecret: v.isSecret }));
}
