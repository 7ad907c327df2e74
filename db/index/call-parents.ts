import type Database from 'better-sqlite3';

// call_parents (sidecar-schema.ts): the series and ids of calls with at least one child, a child being a
// call of the same trace whose parent is the call's span (and not its own span), as the flame
// graph's walk links them (db/query/flame-graph.ts). A call's trace, span and parent are set when
// it is added and never change, so each new call is checked once both ways: it makes the calls
// its parent names parents, and it is a parent itself if calls that arrived before it name it.

/** The calls the new call `id` is a child of. */
const AS_CHILD = `INSERT OR IGNORE INTO main.call_parents(s, id)
  SELECT p.s, p.id FROM main.calls c JOIN main.calls p INDEXED BY calls_trace_span ON p.trace = c.trace AND p.span = c.parent
  WHERE c.id %s AND c.trace IS NOT NULL AND c.parent IS NOT NULL AND c.span IS NOT c.parent`;

/** The new call itself, if an earlier call is its child. */
const AS_PARENT = `INSERT OR IGNORE INTO main.call_parents(s, id)
  SELECT c.s, c.id FROM main.calls c
  WHERE c.id %s AND c.trace IS NOT NULL AND c.span IS NOT NULL AND EXISTS (
    SELECT 1 FROM main.calls k INDEXED BY calls_trace_parent WHERE k.trace = c.trace AND k.parent = c.span AND k.span IS NOT k.parent)`;

// calls.up, for the flame graph's walk (flame-walk.ts): the same two links, kept as the parent's
// id on the child. A call is one (trace, span), so a child has one parent call at most.

/** The new call's parent, if it arrived before it. */
const UP_AS_CHILD = `UPDATE main.calls AS c SET up = p.id FROM main.calls p INDEXED BY calls_trace_span
  WHERE c.id %s AND c.trace IS NOT NULL AND c.parent IS NOT NULL AND c.span IS NOT c.parent
    AND p.trace = c.trace AND p.span = c.parent`;

/** The calls that arrived before the new call and name it as their parent (a tracer writes a call as it returns). */
const UP_AS_PARENT = `UPDATE main.calls AS k
  SET up = (SELECT c.id FROM main.calls c INDEXED BY calls_trace_span WHERE c.trace = k.trace AND c.span = k.parent)
  WHERE k.id IN (SELECT k.id FROM main.calls c CROSS JOIN main.calls k INDEXED BY calls_trace_parent ON k.trace = c.trace AND k.parent = c.span
    WHERE c.id %s AND c.trace IS NOT NULL AND c.span IS NOT NULL AND k.span IS NOT k.parent AND k.up IS NULL)`;

/** The row-by-row path: called for each call it inserts, right after the insert. */
export function callParentsAdd(db: Database.Database): (id: number) => void {
  const asChild = db.prepare(AS_CHILD.replace('%s', '= ?'));
  const asParent = db.prepare(AS_PARENT.replace('%s', '= ?'));
  const upAsChild = db.prepare(UP_AS_CHILD.replace('%s', '= ?'));
  const upAsParent = db.prepare(UP_AS_PARENT.replace('%s', '= ?'));
  return (id) => {
    asChild.run(id);
    asParent.run(id);
    upAsChild.run(id);
    upAsParent.run(id);
  };
}

/** The set-based path (bulk-ingest.ts): every call numbered after `callsBefore`, once the chunk's calls are inserted. */
export function bulkCallParentsStatements(db: Database.Database): Database.Statement[] {
  return [AS_CHILD, AS_PARENT, UP_AS_CHILD, UP_AS_PARENT].map((sql) => db.prepare(sql.replace('%s', '> ?')));
}
