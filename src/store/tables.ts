import type { PlatformData } from './state.js';
import { STATE_FORMAT, TABLE_NAMES } from './state.js';

/**
 * Copy-on-write rows: what makes reset, snapshot and restore cost what changed rather than the platform's size.
 *
 * The first capture of a live platform is its reset point: it freezes every row and remembers each table's order.
 * From then on a store write first makes its row its own (`writable` in rows.ts copies a frozen row) and records, the
 * first time a row is written, what it was at the reset point. A later capture (a snapshot) keeps a reference to each
 * row written since the reset point, frozen in turn. Tables are changed in place and never copied: restoring a
 * capture puts back, row by row, the rows written since the reset point (the capture's, or the reset point's), so it
 * costs the rows written, not the platform. A write that skips those steps and assigns to a row throws a TypeError
 * instead of changing a snapshot behind its back.
 *
 * Enumeration order is part of the platform (exports, lists): rows added since the reset point stay after the reset
 * point's rows, in the order they were added, and a restore that must put a removed reset-point row back at its
 * place rebuilds that one table in the reset point's order.
 */
export type TableName = (typeof TABLE_NAMES)[number];
/** A row of a table (a `RoleBinding` of `roleBindings`). */
export type RowOf<K extends TableName> = PlatformData[K][string];

/** Positions handed to rows added after the reset point: after every row the reset point enumerates. */
const ADDED_FROM = 2 ** 40;
/** Ids that are array indexes are enumerated first, in numeric order, whenever they were added. */
const ARRAY_INDEX = /^(?:0|[1-9]\d{0,9})$/;
const INDEX_FROM = -(2 ** 40);

type Row = object;

/** A reset point: the platform it was taken of, each table's order then, and the old value of every row written since. */
interface Base {
  /** The live platform of this reset point (it stays live until `load` replaces it). */
  readonly data: PlatformData;
  readonly order: ReadonlyMap<TableName, readonly string[]>;
  readonly positions: Map<TableName, Map<string, number>>;
  /** Each row written since the reset point, as it was at the reset point (`undefined`: it did not exist). */
  readonly originals: Map<TableName, Map<string, Row | undefined>>;
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

function numbered(ids: readonly string[]): Map<string, number> {
  const positions = new Map<string, number>();
  let index = 0;
  for (const id of ids) positions.set(id, positionOfKey(id, index++));
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
    if (!positions) tracking.base.positions.set(table, (positions = numbered(tracking.base.order.get(table) ?? [])));
    const at = positions.get(id);
    if (at !== undefined) return at;
  } else if (!added) {
    // No reset point (a store made by hand): number the table as it is now, once.
    tracking.added.set(table, (added = numbered(Object.keys(data[table]))));
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

/** Whether a capture holds this row as it is: it must be copied before a write. */
export function isShared(row: object): boolean {
  return Object.isFrozen(row);
}

function mapIn<K, V>(maps: Map<TableName, Map<K, V>>, table: TableName): Map<K, V> {
  let map = maps.get(table);
  if (!map) maps.set(table, (map = new Map()));
  return map;
}

/**
 * Records a write to a row, before it is made: the row's value at the reset point (the first time it is written
 * since), and where an added row stands. Call it for every row a store write touches.
 */
export function noteWrite(data: PlatformData, table: TableName, id: string, change: 'added' | 'removed' | 'changed'): void {
  // 'added' is a row the table does not hold yet: it will be enumerated last.
  const tracking = trackingOf(data);
  if (tracking.base) {
    const originals = mapIn(tracking.base.originals, table);
    // A row not yet in `originals` was never written since the reset point: it is still the reset point's.
    if (!originals.has(id)) originals.set(id, (data[table] as Record<string, Row>)[id]);
  }
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

/** A row as a capture saw it: `undefined` when absent, and its position when it was added since the reset point. */
interface SavedRow {
  readonly row: Row | undefined;
  readonly position: number | null;
}

/** A saved state of a live platform: its reset point and the rows written since, as they were. */
export interface Capture {
  readonly base: Base;
  readonly rng: number;
  readonly rows: ReadonlyMap<TableName, ReadonlyMap<string, SavedRow>>;
}

/**
 * Saves the live platform as it is, in O(rows written since the reset point). The first capture of a platform is
 * its reset point: it freezes every row once.
 */
export function capture(data: PlatformData): Capture {
  const tracking = trackingOf(data);
  if (!tracking.base) {
    const order = new Map<TableName, string[]>();
    for (const table of TABLE_NAMES) {
      const rows = data[table] as Record<string, Row>;
      const ids = Object.keys(rows);
      for (const id of ids) deepFreeze(rows[id]);
      order.set(table, ids);
    }
    tracking.base = { data, order, positions: new Map(), originals: new Map() };
    tracking.dirty.clear();
    tracking.added.clear();
    return { base: tracking.base, rng: data.rng, rows: new Map() };
  }
  const rows = new Map<TableName, Map<string, SavedRow>>();
  for (const [table, dirty] of tracking.dirty) {
    if (dirty.size === 0) continue;
    const live = data[table] as Record<string, Row>;
    const added = tracking.added.get(table);
    const saved = new Map<string, SavedRow>();
    for (const id of dirty) {
      const row = Object.hasOwn(live, id) ? live[id] : undefined;
      deepFreeze(row);
      saved.set(id, { row, position: row === undefined ? null : (added?.get(id) ?? null) });
    }
    rows.set(table, saved);
  }
  return { base: tracking.base, rng: data.rng, rows };
}

/** What a capture holds for a row written since the reset point: its own record, or the reset point's row. */
function savedRow(saved: Capture, table: TableName, id: string): SavedRow {
  const own = saved.rows.get(table)?.get(id);
  if (own) return own;
  return { row: saved.base.originals.get(table)?.get(id), position: null };
}

/** The capture's added rows of a table, in their enumeration order. */
function addedRows(saved: Capture, table: TableName): [string, SavedRow][] {
  const rows = [...(saved.rows.get(table) ?? [])].filter(([, s]) => s.row !== undefined && s.position !== null);
  return rows.sort((a, b) => a[1].position! - b[1].position!);
}

/**
 * Puts a capture's rows back into the live platform, in place, and returns, by table, the rows that differ from
 * before (for the views to follow). Returns `null`, changing nothing, when the capture belongs to another reset point
 * (one taken before a `load`): then `materialize` makes its platform.
 */
export function restoreCapture(data: PlatformData, saved: Capture): Map<TableName, string[]> | null {
  const tracking = trackingOf(data);
  if (tracking.base !== saved.base) return null;
  const changed = new Map<TableName, string[]>();
  for (const table of TABLE_NAMES) {
    const savedRows = saved.rows.get(table);
    const dirty = tracking.dirty.get(table);
    if (!savedRows?.size && !dirty?.size) continue;
    const ids = new Set(dirty);
    for (const id of savedRows?.keys() ?? []) ids.add(id);
    changed.set(table, [...ids]);
    const live = data[table] as Record<string, Row>;
    const nowAdded = tracking.added.get(table) ?? new Map<string, number>();
    const targets = new Map([...ids].map((id) => [id, savedRow(saved, table, id)]));

    // A reset-point row that must come back at its old place (it was removed, or removed and added again, since)
    // cannot be put there in place: the table is rebuilt in the reset point's order.
    const rebuild = [...targets].some(
      ([id, wanted]) => wanted.row !== undefined && wanted.position === null && (!Object.hasOwn(live, id) || nowAdded.has(id)),
    );
    const wantedAdded = addedRows(saved, table);
    if (rebuild) {
      const fresh: Record<string, Row> = {};
      for (const id of saved.base.order.get(table) ?? []) {
        const wanted = targets.get(id);
        if (!wanted) fresh[id] = live[id]!;
        else if (wanted.row !== undefined && wanted.position === null) fresh[id] = wanted.row;
      }
      for (const [id, wanted] of wantedAdded) fresh[id] = wanted.row!;
      (data as unknown as Record<TableName, Record<string, Row>>)[table] = fresh;
    } else {
      for (const [id, wanted] of targets) {
        if (wanted.position === null && wanted.row !== undefined) live[id] = wanted.row;
        // Absent from the capture, or added again after the reset point (enumerated last, put back below) while the
        // live platform holds it at its old place.
        else if (!nowAdded.has(id)) delete live[id];
      }
      // Added rows: those both sides hold in the same order stay in place; from the first difference on, the live
      // ones go and the capture's are added again in its order.
      const current = [...nowAdded].filter(([id]) => Object.hasOwn(live, id)).sort((a, b) => a[1] - b[1]);
      let same = 0;
      while (same < current.length && same < wantedAdded.length && current[same]![0] === wantedAdded[same]![0] && current[same]![1] === wantedAdded[same]![1].position) {
        live[current[same]![0]] = wantedAdded[same]![1].row!;
        same++;
      }
      for (const [id] of current.slice(same)) delete live[id];
      for (const [id, wanted] of wantedAdded.slice(same)) live[id] = wanted.row!;
    }
    tracking.added.set(table, new Map(wantedAdded.map(([id, wanted]) => [id, wanted.position!])));
    tracking.dirty.set(table, new Set(savedRows?.keys()));
    for (const [, wanted] of wantedAdded) if (wanted.position! >= tracking.next) tracking.next = wanted.position! + 1;
  }
  data.rng = saved.rng;
  return changed;
}

/**
 * A new platform holding what a capture saved, for a capture of another reset point than the live platform's (one
 * taken before `load` replaced the platform): its reset point's platform is left as it was then, so each row is the
 * capture's, else its value at the reset point, else that platform's. Costs the platform's size.
 */
export function materialize(saved: Capture): PlatformData {
  const base = saved.base;
  const data = { format: STATE_FORMAT, rng: saved.rng } as PlatformData;
  for (const table of TABLE_NAMES) {
    const old = base.data[table] as Record<string, Row>;
    const originals = base.originals.get(table);
    const savedRows = saved.rows.get(table);
    const fresh: Record<string, Row> = {};
    for (const id of base.order.get(table) ?? []) {
      const own = savedRows?.get(id);
      const row = own ? (own.position === null ? own.row : undefined) : originals?.has(id) ? originals.get(id) : old[id];
      if (row !== undefined) fresh[id] = row;
    }
    for (const [id, wanted] of addedRows(saved, table)) fresh[id] = wanted.row!;
    (data as unknown as Record<TableName, Record<string, Row>>)[table] = fresh;
  }
  return data;
}
