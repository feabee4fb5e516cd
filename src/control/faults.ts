/**
 * Fault injection: make chosen operations fail or slow down, so client code can be tested against Houston's bad days
 * (a FORBIDDEN that should not happen, a 502 from the ingress, a slow answer) without touching the emulated platform.
 */
// graphql-js's "Did you mean" ranking, the one Houston's own validation messages use.
import { suggestionList } from 'graphql/jsutils/suggestionList.js';

export interface FaultRule {
  /** Match operations with this name (from the document, as the journal shows it). */
  operationName?: string;
  /** Match operations selecting this root field: `createDeployment` or `Mutation.createDeployment`. */
  field?: string;
  /** Answer with this GraphQL error instead of running the operation. */
  error?: { message: string; code?: string };
  /** Wait this long (wall-clock) before answering. */
  latencyMs?: number;
  /** Answer with this HTTP status (with a GraphQL error body) instead of running the operation. */
  httpStatus?: number;
  /** Apply to the next N matching requests only; default: until cleared. */
  times?: number;
}

export interface Fault extends Required<Pick<FaultRule, 'latencyMs'>> {
  id: string;
  operationName: string | null;
  field: string | null;
  error: { message: string; code: string } | null;
  httpStatus: number | null;
  /** Matches left, or null for "until cleared". */
  remaining: number | null;
  /** Requests this fault has answered so far. */
  hits: number;
}

export interface Faults {
  /** Adds a fault; returns it (with its id). Throws on a rule that matches nothing or does nothing. */
  add(rule: FaultRule): Fault;
  list(): Fault[];
  /** Removes one fault by id, or all of them. Returns how many were removed. */
  clear(id?: string): number;
  /** The first fault matching this operation, counted as used; undefined when none applies. */
  take(operationName: string | null, rootFields: readonly string[]): Fault | undefined;
  readonly size: number;
}

export class FaultRuleError extends Error {}

/** The root fields of the served schema, by operation type: what a fault's `field` may name. */
export type RootFields = Readonly<Record<'Query' | 'Mutation' | 'Subscription', readonly string[]>>;

/**
 * A fault for a field the schema does not have would be accepted and never fire, and the test relying on it would
 * pass without it: refuse it, with graphql-js's own suggestion of the field meant.
 */
function checkField(wanted: string, rootFields: RootFields, platformVersion: string): void {
  const dot = wanted.indexOf('.');
  const typeName = dot === -1 ? null : wanted.slice(0, dot);
  const fieldName = dot === -1 ? wanted : wanted.slice(dot + 1);
  if (typeName !== null && !(typeName in rootFields)) {
    throw new FaultRuleError(`fault "field": "${typeName}" is not an operation type; use Query, Mutation or Subscription (or the field alone)`);
  }
  const candidates = typeName === null ? Object.values(rootFields).flat() : rootFields[typeName as keyof RootFields];
  if (candidates.includes(fieldName)) return;
  const [suggestion] = suggestionList(fieldName, [...new Set(candidates)]);
  const where = typeName === null ? 'no root field' : `no field on ${typeName}`;
  throw new FaultRuleError(
    `fault "field": ${where} named "${fieldName}" in Houston ${platformVersion}'s schema${suggestion ? `. Did you mean "${suggestion}"?` : ''}`,
  );
}

const isWhole = (n: unknown, min: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min;

function checkRule(rule: FaultRule): void {
  if (rule === null || typeof rule !== 'object') throw new FaultRuleError('a fault must be an object');
  if (rule.operationName === undefined && rule.field === undefined) {
    throw new FaultRuleError('a fault needs "operationName" or "field" to say which requests it applies to');
  }
  for (const key of ['operationName', 'field'] as const) {
    if (rule[key] !== undefined && (typeof rule[key] !== 'string' || rule[key] === '')) {
      throw new FaultRuleError(`fault "${key}" must be a non-empty string`);
    }
  }
  if (rule.error === undefined && rule.latencyMs === undefined && rule.httpStatus === undefined) {
    throw new FaultRuleError('a fault needs at least one of "error", "latencyMs" or "httpStatus"');
  }
  if (rule.error !== undefined) {
    if (rule.error === null || typeof rule.error !== 'object' || typeof rule.error.message !== 'string' || rule.error.message === '') {
      throw new FaultRuleError('fault "error" must be { message, code? } with a non-empty message');
    }
    if (rule.error.code !== undefined && typeof rule.error.code !== 'string') throw new FaultRuleError('fault "error.code" must be a string');
  }
  if (rule.latencyMs !== undefined && !isWhole(rule.latencyMs, 0)) throw new FaultRuleError('fault "latencyMs" must be a whole number ≥ 0');
  if (rule.httpStatus !== undefined && !(isWhole(rule.httpStatus, 400) && rule.httpStatus <= 599)) {
    throw new FaultRuleError('fault "httpStatus" must be an HTTP error status (400–599)');
  }
  if (rule.times !== undefined && !isWhole(rule.times, 1)) throw new FaultRuleError('fault "times" must be a whole number ≥ 1');
}

function fieldMatches(wanted: string, rootFields: readonly string[]): boolean {
  return rootFields.some((coordinate) => coordinate === wanted || coordinate.endsWith(`.${wanted}`));
}

/** Faults for an instance; given the schema's root fields, a rule naming a field it lacks is refused. */
export function createFaults(schema?: { rootFields: RootFields; platformVersion: string }): Faults {
  let faults: Fault[] = [];
  let next = 0;
  return {
    get size() {
      return faults.length;
    },
    add(rule) {
      checkRule(rule);
      if (schema && rule.field !== undefined) checkField(rule.field, schema.rootFields, schema.platformVersion);
      const fault: Fault = {
        id: `fault-${++next}`,
        operationName: rule.operationName ?? null,
        field: rule.field ?? null,
        error: rule.error ? { message: rule.error.message, code: rule.error.code ?? 'INTERNAL_SERVER_ERROR' } : null,
        latencyMs: rule.latencyMs ?? 0,
        httpStatus: rule.httpStatus ?? null,
        remaining: rule.times ?? null,
        hits: 0,
      };
      faults.push(fault);
      return { ...fault };
    },
    list() {
      return faults.map((fault) => ({ ...fault }));
    },
    clear(id) {
      const before = faults.length;
      faults = id === undefined ? [] : faults.filter((fault) => fault.id !== id);
      return before - faults.length;
    },
    take(operationName, rootFields) {
      const fault = faults.find(
        (f) =>
          (f.operationName === null || f.operationName === operationName) && (f.field === null || fieldMatches(f.field, rootFields)),
      );
      if (!fault) return undefined;
      fault.hits++;
      if (fault.remaining !== null && --fault.remaining === 0) faults = faults.filter((f) => f !== fault);
      return { ...fault };
    },
  };
}
