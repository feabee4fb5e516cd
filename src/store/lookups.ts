/**
 * Grouped views of a table, for answers that ask the same question of every item of a list (each user's role
 * bindings, each workspace's deployment count). Resolvers derive them once per request through `ctx.lookup`;
 * the rows keep the table's order, so a group equals the filter it replaces.
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
