import type { PlatformData } from './state.js';
import { TABLE_NAMES } from './state.js';

/**
 * Copy-on-write tables: what makes reset, snapshot and restore cost what changed rather than the platform's size.
 *
 * A capture (the reset point, a snapshot) keeps the live platform's table objects instead of copying them, and
 * freezes them and their rows: from then on they are shared. A store write first makes its table its own (a shallow
 * copy of the table object: `ownTable`) and its row its own (a deep copy of that one row: `writable` in rows.ts);
 * the frozen originals stay as the capture saw them, and a write that skips those steps throws a TypeError instead
 * of changing a snapshot behind its back. Restoring a capture puts its table objects back and reports to the views
 * only the rows that differ: those written since the reset point, now or at the capture.
 */
export type TableName = (typeof TABLE_NAMES)[number];
export type Tables = { [K in TableName]: PlatformData[K] };
/** A row of a table (a `RoleBinding` of `roleBindings`). */
export type RowOf<K extends TableName> = PlatformData[K][string];

/** Table objects and rows a capture holds: frozen, never written again. */
const shared = new WeakSet<object>();

/** Positions handed to rows added after the reset point: after every row the reset point enumerates. */
const ADDED_FROM = 2 ** 40;
/** Ids that are array indexes are enumerated first, in numeric order, whenever they were added. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const INDEX_FROM = -(2 ** 40);

/** A reset point: the tables as captured, and (worked out when first needed) where each row stands in them. */
interface Base {
  readonly tables: Tables;
  readonly positions: Map<TableName, Map<string, number>>;
}

/** What is known of a live platform's rows besides their values. Kept beside the data, never in it. */
interface Tracking {
  base: Base | null;
  /** Rows added, changed or removed since the reset point, by table. */
  dirty: Map<TableName, Set<string>>;
  /**
   * Positions of the rows added since the reset point (their place in the enumeration is after the reset point's
   * rows); without a reset point, of every row, numbered from the table's order when first asked for.
   */
  added: Map<TableName, Map<string, number>>;
  next: number;
}

const tracked = new WeakMap<PlatformData, Tracking>();

function trackingOf(data: PlatformData): Tracking {
  let tracking = tracked.get(data);
  if (!tracking) {
    tracking = { base: null, dirty: new Map(), added: new Map(), next: ADDED_FROM };
    tracked.set(data, tracking);
  }
  return tracking;
}

function positionOfKey(id: string, index: number): number {
  return ARRAY_INDEX.test(id) ? INDEX_FROM + Number(id) : index;
}

function numbered(table: object): Map<string, number> {
  const positions = new Map<string, number>();
  let index = 0;
  for (const id of Object.keys(table)) positions.set(id, positionOfKey(id, index++));
  return positions;
}

/** Where a row stands in its table's enumeration order (`Object.keys`), as a number to sort rows found by id with. */
export function positionInTable(data: PlatformData, table: TableName, id: string): number {
  const tracking = trackingOf(data);
  let added = tracking.added.get(table);
  const own = added?.get(id);
  if (own !== undefined) return own;
  if (tracking.base) {
    let positions = tracking.base.positions.get(table);
    if (!positions) tracking.base.positions.set(table, (positions = numbered(tracking.base.tables[table])));
    const at = positions.get(id);
    if (at !== undefined) return at;
  } else if (!added) {
    // No reset point (a store made by hand): number the table as it is now, once.
    tracking.added.set(table, (added = numbered(data[table])));
    const at = added.get(id);
    if (at !== undefined) return at;
  }
  // A row nobody reported (written around the store): after every known row, until it is.
  return Number.MAX_SAFE_INTEGER;
}

/** Forgets the numbering of rows of a store without a reset point, after writes that nobody reported row by row. */
export function forgetPositions(data: PlatformData): void {
  const tracking = trackingOf(data);
  if (!tracking.base) tracking.added.clear();
}

/** The table, made the live platform's own first if a capture shares it. */
export function ownTable<K extends TableName>(data: PlatformData, table: K): Record<string, RowOf<K>> {
  const rows = data[table] as Record<string, RowOf<K>>;
  if (!shared.has(rows)) return rows;
  const copy: Record<string, RowOf<K>> = {};
  for (const id in rows) copy[id] = rows[id] as RowOf<K>;
  (data as Tables)[table] = copy as Tables[K];
  return copy;
}

/** Whether a capture holds this row as it is: it must be copied before a write. */
export function isShared(row: object): boolean {
  return Object.isFrozen(row);
}

/** Records that a row was written, and where an added row stands. Call it for every row a store write touches. */
export function noteWrite(data: PlatformData, table: TableName, id: string, change: 'added' | 'removed' | 'changed'): void {
  const tracking = trackingOf(data);
  let dirty = tracking.dirty.get(table);
  if (!dirty) tracking.dirty.set(table, (dirty = new Set()));
  dirty.add(id);
  if (change === 'changed') return;
  let added = tracking.added.get(table);
  if (change === 'removed') {
    added?.delete(id);
    return;
  }
  // Without a reset point and before the table was numbered, the numbering made later will place the row.
  if (!added) {
    if (!tracking.base) return;
    tracking.added.set(table, (added = new Map()));
  }
  added.set(id, ARRAY_INDEX.test(id) ? positionOfKey(id, 0) : tracking.next++);
}

function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
}

function share(table: object): void {
  if (shared.has(table)) return;
  Object.freeze(table);
  shared.add(table);
}

/** A saved state of a live platform: its tables (shared, frozen) and what distinguishes it from its reset point. */
export interface Capture {
  readonly base: Base;
  readonly tables: Tables;
  readonly rng: number;
  /** Each row changed since the reset point: its position if it was added since, `null` if it is at its old place, absent when removed. */
  readonly rows: ReadonlyMap<TableName, ReadonlyMap<string, number | null | undefined>>;
}

/**
 * Saves the live platform as it is, in O(rows written since the last capture). The first capture of a platform is
 * its reset point: it freezes every row once.
 */
export function capture(data: PlatformData): Capture {
  const tracking = trackingOf(data);
  const tables = {} as Record<TableName, object>;
  if (!tracking.base) {
    for (const table of TABLE_NAMES) {
      for (const id of Object.keys(data[table])) deepFreeze(data[table][id]);
      share(data[table]);
      tables[table] = data[table];
    }
    tracking.base = { tables: tables as Tables, positions: new Map() };
    tracking.dirty.clear();
    tracking.added.clear();
    return { base: tracking.base, tables: tables as Tables, rng: data.rng, rows: new Map() };
  }
  const rows = new Map<TableName, Map<string, number | null | undefined>>();
  for (const table of TABLE_NAMES) {
    const live = data[table] as Record<string, object>;
    const dirty = tracking.dirty.get(table);
    if (dirty && dirty.size > 0) {
      const saved = new Map<string, number | null | undefined>();
      const added = tracking.added.get(table);
      for (const id of dirty) {
        const row = live[id];
        if (row === undefined) saved.set(id, undefined);
        else {
          deepFreeze(row);
          saved.set(id, added?.get(id) ?? null);
        }
      }
      rows.set(table, saved);
    }
    share(live);
    tables[table] = live;
  }
  return { base: tracking.base, tables: tables as Tables, rng: data.rng, rows };
}

/**
 * Puts a capture's tables back into the live platform and returns, by table, the rows that differ from before (for
 * the views to follow), or `null` when the capture comes from another reset point and nothing can be assumed.
 */
export function restoreCapture(data: PlatformData, saved: Capture): Map<TableName, string[]> | null {
  const tracking = trackingOf(data);
  const sameBase = tracking.base === saved.base;
  const changed = new Map<TableName, string[]>();
  for (const table of TABLE_NAMES) {
    const savedRows = saved.rows.get(table);
    const ids = new Set(tracking.dirty.get(table));
    for (const id of savedRows?.keys() ?? []) ids.add(id);
    if (ids.size > 0) changed.set(table, [...ids]);
    (data as Tables)[table] = saved.tables[table] as never;
    const added = new Map<string, number>();
    for (const [id, position] of savedRows ?? []) if (position !== null && position !== undefined) added.set(id, position);
    tracking.added.set(table, added);
    tracking.dirty.set(table, new Set(savedRows?.keys()));
  }
  tracking.base = saved.base;
  for (const savedRows of saved.rows.values()) {
    for (const position of savedRows.values()) if (typeof position === 'number' && position >= tracking.next) tracking.next = position + 1;
  }
  data.rng = saved.rng;
  return sameBase ? changed : null;
}

/** Forgets the reset point and every record of writes: the data was replaced wholesale. */
export function untrack(data: PlatformData): void {
  tracked.delete(data);
}
