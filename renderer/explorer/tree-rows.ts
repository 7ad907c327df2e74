// Parent/child rows without Enterprise Tree Data: an expanded row's call tree is spliced into the
// display list right below it. Display index i maps to either a base row (the engine's rows,
// newest first) or a child of an expansion; expansions are few (user clicks), so linear scans do.
import type { TraceRow, TraceTree } from '../../db/api/inspector-api.ts';

export interface TreeChild {
  row: TraceRow;
  /** Indentation level (1 for the trace's root calls). */
  depth: number;
  /** True for the first row of a call: it carries the call's name and duration. */
  callStart: boolean;
  callDurationMs: number | null;
}

export interface Expansion {
  /** Base index of the expanded row, and its id (to check the anchor survived a refresh). */
  base: number;
  rowId: number;
  traceId: string;
  children: TreeChild[];
}

export type Located =
  { kind: 'base'; base: number } | { kind: 'child'; base: number; expansion: Expansion; child: number };

/** A trace's rows in call-tree order, indented by call depth, without the row it was opened from. */
export function flattenTree(tree: TraceTree, exceptRowId: number | null): TreeChild[] {
  const out: TreeChild[] = [];
  for (const node of tree.nodes) {
    node.rows.forEach((row, i) => {
      if (row.id === exceptRowId) return;
      out.push({ row, depth: node.depth + 1, callStart: i === 0, callDurationMs: node.durationMs });
    });
  }
  return out;
}

/** Expansions sorted by base index (at most one per base row). */
export function sortExpansions(list: Expansion[]): Expansion[] {
  return [...list].sort((a, b) => a.base - b.base);
}

export function displayCount(baseCount: number, exps: Expansion[]): number {
  let n = baseCount;
  for (const e of exps) if (e.base < baseCount) n += e.children.length;
  return n;
}

/** What display index `i` shows. `exps` must be sorted. */
export function locate(i: number, exps: Expansion[]): Located {
  let shift = 0;
  for (const e of exps) {
    const at = e.base + shift; // display index of the expanded row
    if (i <= at) break;
    if (i <= at + e.children.length) return { kind: 'child', base: e.base, expansion: e, child: i - at - 1 };
    shift += e.children.length;
  }
  return { kind: 'base', base: i - shift };
}

export function displayIndexOfBase(base: number, exps: Expansion[]): number {
  let shift = 0;
  for (const e of exps) if (e.base < base) shift += e.children.length;
  return base + shift;
}

/** After `n` new rows were put on top of the list, every anchor moves down by n. */
export function shiftExpansions(exps: Expansion[], n: number): Expansion[] {
  return n === 0 ? exps : exps.map((e) => ({ ...e, base: e.base + n }));
}

/**
 * The display rows [start, end): base rows come from `base` (which fetches them by base index),
 * children from the expansions. Returns base indexes needed so the caller fetches them once.
 */
export function baseSpan(start: number, end: number, exps: Expansion[]): { first: number; last: number } | null {
  let first = -1;
  let last = -1;
  for (let i = start; i < end; i++) {
    const l = locate(i, exps);
    if (l.kind === 'base') {
      if (first < 0) first = l.base;
      last = l.base;
    }
  }
  return first < 0 ? null : { first, last };
}
