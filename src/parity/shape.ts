/**
 * Comparing two GraphQL answers by shape, not value: which keys an object has, each value's JSON type, whether it
 * is null and whether it is a list. Two platforms never hold the same data, so values (and list lengths) differ
 * by nature; a client breaks on a different shape.
 */

export type JsonKind = 'null' | 'string' | 'number' | 'boolean' | 'list' | 'object';

/** `missing`/`extra`: a key only one side has; `type`: other JSON types; `nullability`: null on one side only. */
export type ShapeDifferenceKind = 'missing' | 'extra' | 'type' | 'nullability';

export interface ShapeDifference {
  /** JSON path, `$.data.workspaces[0].id`. */
  path: string;
  kind: ShapeDifferenceKind;
  /** What the reference side (the live platform, the recording) had, and what houston-mock answered. */
  expected: JsonKind | 'absent';
  actual: JsonKind | 'absent';
}

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'list';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * The shape differences between `expected` and `actual`. Lists are compared element by element as far as both
 * go: a list's length is data.
 */
export function compareShapes(expected: unknown, actual: unknown, path = '$', out: ShapeDifference[] = []): ShapeDifference[] {
  const a = kindOf(expected);
  const b = kindOf(actual);
  if (a === 'null' && b === 'null') return out;
  if (a === 'null' || b === 'null') {
    out.push({ path, kind: 'nullability', expected: a, actual: b });
    return out;
  }
  if (a !== b) {
    out.push({ path, kind: 'type', expected: a, actual: b });
    return out;
  }
  if (a === 'list') {
    const left = expected as unknown[];
    const right = actual as unknown[];
    for (let i = 0; i < Math.min(left.length, right.length); i++) compareShapes(left[i], right[i], childPath(path, i), out);
    return out;
  }
  if (a === 'object') {
    const left = expected as Record<string, unknown>;
    const right = actual as Record<string, unknown>;
    for (const key of Object.keys(left)) {
      if (!(key in right)) out.push({ path: childPath(path, key), kind: 'missing', expected: kindOf(left[key]), actual: 'absent' });
      else compareShapes(left[key], right[key], childPath(path, key), out);
    }
    for (const key of Object.keys(right)) {
      if (!(key in left)) out.push({ path: childPath(path, key), kind: 'extra', expected: 'absent', actual: kindOf(right[key]) });
    }
  }
  return out;
}

/** What differs at a difference's path: `string recorded, number from houston-mock`. */
export function describeDifference(difference: ShapeDifference, reference = 'recorded', mock = 'from houston-mock'): string {
  return `${difference.expected} ${reference}, ${difference.actual} ${mock}`;
}

/**
 * Walks two answers in step and calls `visit` for every string both have at the same place (with the
 * object key it sits under, a list's elements taking their list's): how ids and tokens a
 * recorded answer held are matched to the ones houston-mock answered.
 */
export function pairStrings(expected: unknown, actual: unknown, visit: (recorded: string, answered: string, key: string | number) => void, key: string | number = ''): void {
  if (typeof expected === 'string' && typeof actual === 'string') {
    visit(expected, actual, key);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) pairStrings(expected[i], actual[i], visit, key);
    return;
  }
  if (kindOf(expected) === 'object' && kindOf(actual) === 'object') {
    const right = actual as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected as Record<string, unknown>)) if (k in right) pairStrings(v, right[k], visit, k);
  }
}
