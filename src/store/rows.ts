import type { Store } from './state.js';
import { platformChanged, rowChanged } from './lookups.js';
import { type Capture, isShared, noteWrite, ownTable, restoreCapture, type RowOf, type TableName } from './tables.js';

/**
 * The three ways a store operation writes a row. Each makes the table (and the row) the live platform's own before
 * writing, so that a snapshot or the reset point sharing them keeps what it saw (src/store/tables.ts), and reports
 * the row to the derived views (src/store/lookups.ts).
 */

/**
 * The row, ready to be changed in place: a copy when a capture shares it (the copy takes its place in the table).
 * Call it before writing; a write that changes a field views group by (a deployment's `deletedAt`, a team's
 * `userIds`) also reports the row with `rowChanged` afterwards.
 */
export function writable<K extends TableName>(store: Store, table: K, id: string): RowOf<K> | undefined {
  const rows = ownTable(store.data, table);
  const row = rows[id];
  if (row === undefined) return undefined;
  noteWrite(store.data, table, id, 'changed');
  if (!isShared(row)) return row;
  const copy = structuredClone(row);
  rows[id] = copy;
  // The views still hold the shared row: they take the copy now, and see its fields change from here on.
  rowChanged(store, table, id);
  return copy;
}

/** Adds (or replaces) a row and records it, so that no insert can leave a view without it. */
export function insertRow<K extends TableName>(store: Store, table: K, row: RowOf<K>): void {
  const rows = ownTable(store.data, table);
  const existed = Object.hasOwn(rows, row.id);
  rows[row.id] = row;
  noteWrite(store.data, table, row.id, existed ? 'changed' : 'added');
  rowChanged(store, table, row.id);
}

/** Removes a row (a hard delete) and records it. */
export function deleteRow(store: Store, table: TableName, id: string): void {
  const rows = ownTable(store.data, table);
  if (!Object.hasOwn(rows, id)) return;
  delete rows[id];
  noteWrite(store.data, table, id, 'removed');
  rowChanged(store, table, id);
}

/**
 * Returns the live platform to a capture (the reset point, a snapshot): its tables come back as they were saved, and
 * the views move only the rows that differ, so this costs what was written since, on a platform of any size.
 */
export function returnTo(store: Store, saved: Capture): void {
  const changed = restoreCapture(store.data, saved);
  if (changed === null) {
    platformChanged(store.data);
    return;
  }
  for (const [table, ids] of changed) rowChanged(store, table, ...ids);
}
