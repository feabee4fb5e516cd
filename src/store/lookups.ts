import type { PlatformData, Store, TABLE_NAMES } from './state.js';

/**
 * Grouped views of a table, for answers that ask the same question of every item of a list (each user's role
 * bindings, each workspace's deployment count). They are derived through `derived` and kept until the platform
 * changes; the rows keep the table's order, so a group equals the filter it replaces.
 */
export function groupBy<T>(rows: Iterable<T>, keyOf: (row: T) => string | null | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null || key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Several keys per row (a team's members): the row joins the group of each. */
export function groupByEach<T>(rows: Iterable<T>, keysOf: (row: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    for (const key of new Set(keysOf(row))) {
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
  }
  return groups;
}

type TableName = (typeof TABLE_NAMES)[number];

/** A view derived from some of the platform's tables, e.g. each user's role bindings. */
export interface View<T> {
  readonly name: string;
  /** The tables it reads: a write to any of them makes it stale. */
  readonly tables: readonly TableName[];
  readonly derive: (store: Store) => T;
}

const registered: View<unknown>[] = [];

export function view<T>(name: string, tables: readonly TableName[], derive: (store: Store) => T): View<T> {
  const made = { name, tables, derive };
  registered.push(made);
  return made;
}

/** Every view the modules loaded so far define: lets a test derive them all before a write. */
export function registeredViews(): readonly View<unknown>[] {
  return registered;
}

/**
 * Views are kept between requests until a table they read changes. Tables are plain objects keyed by id, and on a
 * large platform a single `Object.values` over 60,000 role bindings costs ~13 ms (V8 sorts a dictionary object's
 * keys to enumerate them): deriving the views per request made every authenticated request cost tens of
 * milliseconds and most of its garbage. Everything is keyed by the data object, so replacing the data (reset,
 * restore, load) starts afresh by itself.
 */
interface Kept {
  versions: Partial<Record<TableName, number>>;
  values: Map<View<unknown>, { value: unknown; versions: number[] }>;
}

const kept = new WeakMap<PlatformData, Kept>();

function keptFor(data: PlatformData): Kept {
  let entry = kept.get(data);
  if (!entry) {
    entry = { versions: {}, values: new Map() };
    kept.set(data, entry);
  }
  return entry;
}

/** The view's value for the platform as it is now: derived again only when a table it reads has changed. */
export function derived<T>(store: Store, wanted: View<T>): T {
  const entry = keptFor(store.data);
  const known = entry.values.get(wanted as View<unknown>);
  if (known && isCurrent(entry, wanted, known.versions)) return known.value as T;
  const value = wanted.derive(store);
  entry.values.set(wanted as View<unknown>, { value, versions: wanted.tables.map((table) => entry.versions[table] ?? 0) });
  return value;
}

/** Whether no table the view reads has changed since it was derived (at these table versions). */
function isCurrent(entry: Kept, wanted: View<unknown>, versions: readonly number[]): boolean {
  return wanted.tables.every((table, i) => versions[i] === (entry.versions[table] ?? 0));
}

/**
 * Records a write to a table: a row added or removed, or a field that views group by changed (a deployment's
 * `deletedAt`, a team's `userIds`). Every store operation that writes one calls it.
 */
export function tableChanged(store: Store, ...tables: TableName[]): void {
  const entry = keptFor(store.data);
  for (const table of tables) entry.versions[table] = (entry.versions[table] ?? 0) + 1;
}

/** Drops every view of this data: after writes nobody recorded table by table (fixtures, direct test writes). */
export function platformChanged(data: PlatformData): void {
  kept.delete(data);
}

/**
 * The views kept for this platform that no longer equal a fresh derivation: a write that did not call
 * `tableChanged`. For tests; a correct store answers `[]`.
 */
export function staleViews(store: Store): string[] {
  const entry = kept.get(store.data);
  if (!entry) return [];
  const stale: string[] = [];
  for (const [wanted, known] of entry.values) {
    if (!isCurrent(entry, wanted, known.versions)) continue;
    if (!sameView(known.value, wanted.derive(store))) stale.push(wanted.name);
  }
  return stale;
}

/** Views are Maps of row lists, or row lists: equal when they hold the same rows (by identity) under the same keys. */
function sameView(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !sameView(value, b.get(key))) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((row, i) => sameView(row, b[i]));
  return false;
}
