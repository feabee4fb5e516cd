import type { PlatformData, Store } from './state.js';
import { forgetPositions, positionInTable, type RowOf, type TableName } from './tables.js';

export type { RowOf, TableName } from './tables.js';

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

/**
 * A view followed row by row: `derived` builds it once, then every write reported with `rowChanged` updates it by
 * what changed (O(the rows and groups it touches), not O(platform)).
 */
export interface Follower<T> {
  readonly value: T;
  /** Brings the value up to date after the row `id` of `table` was added, changed or removed. */
  rowChanged(table: TableName, id: string): void;
  /**
   * The same for several rows at once (a restore): rows that move are all taken out before any is put back, since
   * a row's place is found among the others and theirs may have moved too. Without it, `rowChanged` row by row.
   */
  rowsChanged?(table: TableName, ids: readonly string[]): void;
}

/** A view derived from some of the platform's tables, e.g. each user's role bindings. */
export interface View<T> {
  readonly name: string;
  /** The tables it reads: a write to any of them makes it stale (or, when it is followed, updates it). */
  readonly tables: readonly TableName[];
  /** The view from scratch: what a followed view must always equal. */
  readonly derive: (store: Store) => T;
  /** Builds the view with its follower; views without one are derived again after a write to their tables. */
  readonly follow?: (store: Store, positions: Positions) => Follower<T>;
}

const registered: View<unknown>[] = [];

export function view<T>(
  name: string,
  tables: readonly TableName[],
  derive: (store: Store) => T,
  follow?: (store: Store, positions: Positions) => Follower<T>,
): View<T> {
  const made: View<T> = follow ? { name, tables, derive, follow } : { name, tables, derive };
  registered.push(made);
  return made;
}

/** Every view the modules loaded so far define: lets a test derive them all before a write. */
export function registeredViews(): readonly View<unknown>[] {
  return registered;
}

/**
 * Where each row stands in its table's enumeration order (src/store/tables.ts keeps it), so that a row added to a
 * group lands where a fresh derivation would put it.
 */
export interface Positions {
  of(table: TableName, id: string): number;
}

/**
 * Views are kept between requests until a table they read changes. Tables are plain objects keyed by id, and on a
 * large platform a single `Object.values` over 60,000 role bindings costs ~13 ms (V8 sorts a dictionary object's
 * keys to enumerate them): deriving the views per request made every authenticated request cost tens of
 * milliseconds and most of its garbage. Followed views go further: a write updates them by the rows it changed, so
 * a write costs the same on a platform of any size, and so does a reset or a restore (src/store/tables.ts), which
 * reports the rows that differ. They are keyed by the data object: a platform replaced wholesale (load, fork)
 * starts afresh by itself.
 */
interface Kept {
  values: Map<View<unknown>, { value: unknown; follower?: Follower<unknown> }>;
  positions: Positions;
}

const kept = new WeakMap<PlatformData, Kept>();

function keptFor(data: PlatformData): Kept {
  let entry = kept.get(data);
  if (!entry) {
    entry = { values: new Map(), positions: { of: (table, id) => positionInTable(data, table, id) } };
    kept.set(data, entry);
  }
  return entry;
}

/** Where a row stands in its table's enumeration order: sorts a few rows found by id as a scan would list them. */
export function positionOf(store: Store, table: TableName, id: string): number {
  return positionInTable(store.data, table, id);
}

/** The view's value for the platform as it is now: derived again only when a table it reads has changed. */
export function derived<T>(store: Store, wanted: View<T>): T {
  const entry = keptFor(store.data);
  const known = entry.values.get(wanted as View<unknown>);
  if (known) return known.value as T;
  if (wanted.follow) {
    const follower = wanted.follow(store, entry.positions) as Follower<unknown>;
    entry.values.set(wanted as View<unknown>, { value: follower.value, follower });
    return follower.value as T;
  }
  const value = wanted.derive(store);
  entry.values.set(wanted as View<unknown>, { value });
  return value;
}

/**
 * Records a write to rows of a table: added, removed, or a field that views group by changed (a deployment's
 * `deletedAt`, a team's `userIds`). Followed views are updated by these rows; the others are dropped, to be
 * derived again when next asked for. Call it after the write.
 */
export function rowChanged(store: Store, table: TableName, ...ids: string[]): void {
  const entry = kept.get(store.data);
  if (!entry) return;
  for (const [wanted, known] of entry.values) {
    if (!wanted.tables.includes(table)) continue;
    const follower = known.follower;
    if (follower?.rowsChanged && ids.length > 1) follower.rowsChanged(table, ids);
    else if (follower) for (const id of ids) follower.rowChanged(table, id);
    else entry.values.delete(wanted);
  }
}

/**
 * Records a write to tables without saying which rows: every view that reads them is derived again when next asked
 * for. For bulk writes; a write of a few rows reports them with `rowChanged`.
 */
export function tableChanged(store: Store, ...tables: TableName[]): void {
  const entry = kept.get(store.data);
  if (!entry) return;
  for (const wanted of entry.values.keys()) {
    if (wanted.tables.some((table) => tables.includes(table))) entry.values.delete(wanted);
  }
}

/** Drops every view of this data: after writes nobody recorded table by table (fixtures, direct test writes). */
export function platformChanged(data: PlatformData): void {
  kept.delete(data);
  forgetPositions(data);
}

/**
 * The views kept for this platform that no longer equal a fresh derivation: a write that did not call
 * `rowChanged` or `tableChanged`, or a follower that went wrong. For tests; a correct store answers `[]`.
 */
export function staleViews(store: Store): string[] {
  const entry = kept.get(store.data);
  if (!entry) return [];
  const stale: string[] = [];
  for (const [wanted, known] of entry.values) {
    if (!sameView(known.value, wanted.derive(store))) stale.push(wanted.name);
  }
  return stale;
}

/**
 * A followed view grouping one table's rows by key (several keys per row for a team's members): each group in the
 * table's order, or in `order` when given (a total order). A write moves only the rows it changed, and replaces the
 * groups it touches with new arrays, so a group a caller already holds never changes under it.
 */
export function groupedView<K extends TableName, R extends RowOf<K> = RowOf<K>>(
  name: string,
  table: K,
  keysOf: (row: R) => string | readonly string[] | null | undefined,
  order?: (a: R, b: R) => number,
): View<Map<string, R[]>> {
  const keyList = (row: R | undefined): string[] => {
    if (!row) return [];
    const keys = keysOf(row);
    if (keys === null || keys === undefined) return [];
    return typeof keys === 'string' ? [keys] : [...new Set(keys)];
  };
  const rowsOf = (store: Store) => Object.values(store.data[table] as Record<string, RowOf<K>>) as R[];
  const derive = (store: Store) => {
    const groups = new Map<string, R[]>();
    for (const row of rowsOf(store)) {
      for (const key of keyList(row)) {
        const group = groups.get(key);
        if (group) group.push(row);
        else groups.set(key, [row]);
      }
    }
    if (order) for (const group of groups.values()) group.sort(order);
    return groups;
  };
  const follow = (store: Store, positions: Positions): Follower<Map<string, R[]>> => {
    const data = store.data;
    const groups = derive(store);
    // Where each row was placed: its key (most rows have one) or keys. Kept lean: a large platform has tens of
    // thousands of rows per view.
    const placed = new Map<string, string | string[]>();
    for (const row of rowsOf(store)) {
      const keys = keyList(row);
      if (keys.length > 0) placed.set(row.id, keys.length === 1 ? (keys[0] as string) : keys);
    }
    const before = (a: R, b: R) => (order ? order(a, b) : positions.of(table, a.id) - positions.of(table, b.id));
    const remove = (key: string, id: string) => {
      const group = groups.get(key);
      const at = group ? group.findIndex((row) => row.id === id) : -1;
      if (!group || at < 0) return;
      if (group.length === 1) groups.delete(key);
      else groups.set(key, [...group.slice(0, at), ...group.slice(at + 1)]);
    };
    const insert = (key: string, row: R) => {
      const group = groups.get(key);
      if (!group) {
        groups.set(key, [row]);
        return;
      }
      let low = 0;
      let high = group.length;
      if (before(group[high - 1] as R, row) < 0) low = high;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (before(group[mid] as R, row) < 0) low = mid + 1;
        else high = mid;
      }
      groups.set(key, [...group.slice(0, low), row, ...group.slice(low)]);
    };
    /** Takes a changed row out of its groups; returns how to put it back, or null when it stays where it is. */
    const takeOut = (id: string): { row: R | undefined; keys: string[] } | null => {
      const row = (data[table] as Record<string, RowOf<K>>)[id] as R | undefined;
      const entry = placed.get(id);
      const was = entry === undefined ? [] : typeof entry === 'string' ? [entry] : entry;
      const keys = keyList(row);
      const same = keys.length === was.length && keys.every((k, i) => k === was[i]);
      // Unchanged keys: the row is where it was, unless it was replaced by a new object or its order may have moved
      // (a row object only ever stands at one place in its table).
      if (same && !order && (!row || keys.every((k) => groups.get(k)?.includes(row)))) return null;
      for (const key of was) remove(key, id);
      return { row, keys };
    };
    const putBack = (id: string, { row, keys }: { row: R | undefined; keys: string[] }) => {
      if (row && keys.length > 0) {
        for (const key of keys) insert(key, row);
        placed.set(id, keys.length === 1 ? (keys[0] as string) : keys);
      } else placed.delete(id);
    };
    return {
      value: groups,
      rowChanged(changed, id) {
        if (changed !== table) return;
        const moving = takeOut(id);
        if (moving) putBack(id, moving);
      },
      rowsChanged(changed, ids) {
        if (changed !== table) return;
        const moving: [string, { row: R | undefined; keys: string[] }][] = [];
        for (const id of ids) {
          const taken = takeOut(id);
          if (taken) moving.push([id, taken]);
        }
        for (const [id, taken] of moving) putBack(id, taken);
      },
    };
  };
  const made: View<Map<string, R[]>> = { name, tables: [table], derive, follow };
  registered.push(made as View<unknown>);
  return made;
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
