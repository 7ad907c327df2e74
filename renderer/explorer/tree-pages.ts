// A large trace arrives a page of calls at a time (traceTree's offset / nextOffset): the pages
// loaded so far are one tree to the waterfall, whose header says how many calls are still to come.
import type { TraceTree } from '../../db/api/inspector-api.ts';

/** The tree so far followed by the next page (which must start where it ends). */
export function appendTreePage(sofar: TraceTree, next: TraceTree): TraceTree {
  if (next.traceId !== sofar.traceId || next.offset !== sofar.offset + sofar.nodes.length) return sofar;
  return {
    ...next,
    offset: sofar.offset,
    nodes: sofar.nodes.concat(next.nodes),
    rowCount: sofar.rowCount + next.rowCount,
    truncated: sofar.truncated || next.truncated,
  };
}

/** "5,000 of 1,000,000 calls" while pages remain, "12 calls" once the tree is whole. */
export function callsLabel(tree: TraceTree): string {
  const n = tree.nodes.length.toLocaleString('en-US');
  return tree.moreCalls > 0 ? `${n} of ${tree.callCount.toLocaleString('en-US')} calls` : `${n} calls`;
}
