import type Database from 'better-sqlite3';

// calls.up, for the flame graph's walk (flame-walk.ts) and the trace tree (trace-tree.ts): the id
// of the call of the same trace whose span the call's parent names (and not its own span). A call
// is one (trace, span), so a child has one parent call at most. A call's trace, span and parent
// are set when it is added and never change, so each new call is linked once both ways: to its
// parent if it arrived before, and as the parent of the calls that arrived before it and wait for
// it (a tracer writes a call as it returns), found on calls_orphan (sidecar-schema.ts, version 13).

/** The new call's parent, if it arrived before it. */
const UP_AS_CHILD = `UPDATE main.calls AS c SET up = p.id FROM main.calls p INDEXED BY calls_trace_span
  WHERE c.id %s AND c.trace IS NOT NULL AND c.parent IS NOT NULL AND c.span IS NOT c.parent
    AND p.trace = c.trace AND p.span = c.parent`;

/** The calls that arrived before the new call and name it as their parent. */
const UP_AS_PARENT = `UPDATE main.calls AS k
  SET up = (SELECT c.id FROM main.calls c INDEXED BY calls_trace_span WHERE c.trace = k.trace AND c.span = k.parent)
  WHERE k.id IN (SELECT k.id FROM main.calls c CROSS JOIN main.calls k INDEXED BY calls_orphan ON k.trace = c.trace AND k.parent = c.span
    AND k.parent IS NOT NULL AND k.up IS NULL AND k.span IS NOT k.parent
    WHERE c.id %s AND c.trace IS NOT NULL AND c.span IS NOT NULL)`;

// call_parents (sidecar-schema.ts): the series and ids of calls with at least one child, read off
// calls.up once both links above are made.

/** The call the new call `id` is a child of. */
const AS_CHILD = `INSERT OR IGNORE INTO main.call_parents(s, id)
  SELECT p.s, p.id FROM main.calls c JOIN main.calls p ON p.id = c.up WHERE c.id %s AND c.up IS NOT NULL`;

/** The new call itself, if a call is its child (the earlier ones were linked by UP_AS_PARENT). */
const AS_PARENT = `INSERT OR IGNORE INTO main.call_parents(s, id)
  SELECT c.s, c.id FROM main.calls c
  WHERE c.id %s AND c.trace IS NOT NULL AND c.span IS NOT NULL AND EXISTS (
    SELECT 1 FROM main.calls k INDEXED BY calls_trace_up WHERE k.trace = c.trace AND k.up = c.id)`;

/**
 * Both paths, once a chunk's or batch's calls are inserted: every call numbered after the value
 * bound. Four statements a call in the row path cost 85 µs a call on a 1M-row index (10,510 calls
 * of a 40k-row tail: 0.89 CPU-s); once a batch of 200 rows, the same links.
 */
export function callParentsStatements(db: Database.Database): Database.Statement[] {
  return [UP_AS_CHILD, UP_AS_PARENT, AS_CHILD, AS_PARENT].map((sql) => db.prepare(sql.replace('%s', '> ?')));
}
