import type { Store } from './state.js';
import { rowChanged } from './lookups.js';
import { type Capture, isShared, materialize, noteWrite, restoreCapture, type RowOf, type TableName } from './tables.js';

/**
 * The three ways a store operation writes a row. Each records the write before making it and never changes a row a
 * capture holds, so that a snapshot or the reset point keeps what it saw (src/store/tables.ts), and reports the row
 * to the derived views (src/store/lookups.ts).
 */

/**
 * The row, ready to be changed in place: a copy when a capture shares it (the copy takes its place in the table).
 * Call it before writing; a write that changes a field views group by (a deployment's `deletedAt`, a team's
 * `userIds`) also reports the row with `rowChanged` afterwards.
 */
export function writable<K extends TableName>(store: Store, table: K, id: string): RowOf<K> | undefined {
  const rows = store.data[table] as Record<string, RowOf<K>>;
  const row = Object.hasOwn(rows, id) ? rows[id] : undefined;
  if (row === undefined) return undefined;
  noteWrite(store.data, table, id, 'changed');
  if (!isShared(row)) return row;
  const copy = structuredClone(row);
  rows[id] = copy;
  // The views still hold the shared row: they take the copy now, and see its fields change from here on.
  rowChanged(store, table, id);
  return copy;
}

/** `writable` for a row already found in its table: the row itself, or the copy that took its place. */
export function writableRow<K extends TableName>(store: Store, table: K, row: RowOf<K>): RowOf<K> {
  const own = writable(store, table, row.id);
  if (own === undefined) throw new Error(`houston-mock: no row "${row.id}" in ${table}`);
  return own;
}

/** Adds (or replaces) a row and records it, so that no insert can leave a view without it. */
export function insertRow<K extends TableName>(store: Store, table: K, row: RowOf<K>): void {
  const rows = store.data[table] as Record<string, RowOf<K>>;
  noteWrite(store.data, table, row.id, Object.hasOwn(rows, row.id) ? 'changed' : 'added');
  rows[row.id] = row;
  rowChanged(store, table, row.id);
}

/** Removes a row (a hard delete) and records it. */
export function deleteRow(store: Store, table: TableName, id: string): void {
  const rows = store.data[table] as Record<string, RowOf<TableName>>;
  if (!Object.hasOwn(rows, id)) return;
  noteWrite(store.data, table, id, 'removed');
  delete rows[id];
  rowChanged(store, table, id);
}

/**
 * Returns the live platform to a capture (the reset point, a snapshot): the rows written since come back as they
 * were saved, and the views move only those rows, so this costs what was written since, on a platform of any size.
 * A capture taken before `load` replaced the platform gives a new platform (and fresh views) instead.
 */
export function returnTo(store: Store, saved: Capture): void {
  const changed = restoreCapture(store.data, saved);
  if (changed === null) {
    store.data = materialize(saved);
    return;
  }
  for (const [table, ids] of changed) rowChanged(store, table, ...ids);
}
