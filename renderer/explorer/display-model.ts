// What the grid shows: the windowed base rows (row-window.ts) with expanded traces spliced in
// (tree-rows.ts). The ag-grid Infinite Row Model asks this for display rows [start, end).
import type { TraceRow } from '../../db/api/inspector-api.ts';
import type { RowWindow } from './row-window.ts';
import {
  baseSpan,
  displayCount,
  displayIndexOfBase,
  locate,
  shiftExpansions,
  sortExpansions,
  type Expansion,
} from './tree-rows.ts';

export interface GridRow {
  /** ag-grid's row id: unique even when a trace's row shows both in the list and under an expansion. */
  key: string;
  row: TraceRow;
  /** 0 for list rows, the call depth + 1 for rows under an expanded trace. */
  depth: number;
  base: number;
  child: boolean;
  expandable: boolean;
  expanded: boolean;
  /** Under an expansion: the first row of its call, which shows the call's duration. */
  callStart: boolean;
  callDurationMs: number | null;
}

/** Expanding more traces than this collapses the oldest expansion (each holds up to 10k rows). */
const MAX_EXPANSIONS = 20;

export class DisplayModel {
  readonly window: RowWindow;
  baseCount: number;
  private exps: Expansion[] = [];

  constructor(window: RowWindow, baseCount: number) {
    this.window = window;
    this.baseCount = baseCount;
  }

  get count(): number {
    return displayCount(this.baseCount, this.exps);
  }

  get expansions(): readonly Expansion[] {
    return this.exps;
  }

  isExpanded(base: number): boolean {
    return this.exps.some((e) => e.base === base);
  }

  expand(e: Expansion): void {
    const rest = this.exps.filter((x) => x.base !== e.base);
    while (rest.length >= MAX_EXPANSIONS) rest.shift();
    this.exps = sortExpansions([...rest, e]);
  }

  /** Fill in an expansion opened before its tree arrived (found by row: live rows may have moved it). */
  setChildren(rowId: number, children: Expansion['children']): boolean {
    const e = this.exps.find((x) => x.rowId === rowId);
    if (!e) return false;
    this.exps = this.exps.map((x) => (x === e ? { ...x, children } : x));
    return true;
  }

  collapse(base: number): void {
    this.exps = this.exps.filter((e) => e.base !== base);
  }

  /** New rows were taken in on top: anchors move down with their rows. */
  shift(n: number): void {
    this.exps = shiftExpansions(this.exps, n);
  }

  displayIndexOfBase(base: number): number {
    return displayIndexOfBase(base, this.exps);
  }

  /** Display rows [start, end); shorter at the end of the data. */
  async rows(start: number, end: number): Promise<GridRow[]> {
    end = Math.min(end, this.count);
    const span = baseSpan(start, end, this.exps);
    const baseRows = span ? await this.window.range(span.first, span.last + 1) : [];
    const out: GridRow[] = [];
    for (let i = start; i < end; i++) {
      const l = locate(i, this.exps);
      if (l.kind === 'base') {
        const row = baseRows[l.base - span!.first];
        if (!row) break; // fewer rows than counted: the data ended early (rows deleted)
        out.push({
          key: `r${row.id}`,
          row,
          depth: 0,
          base: l.base,
          child: false,
          expandable: row.traceId !== null,
          expanded: this.isExpanded(l.base),
          callStart: false,
          callDurationMs: null,
        });
      } else {
        const c = l.expansion.children[l.child];
        out.push({
          key: `c${l.expansion.rowId}-${c.row.id}`,
          row: c.row,
          depth: c.depth,
          base: l.base,
          child: true,
          expandable: false,
          expanded: false,
          callStart: c.callStart,
          callDurationMs: c.callDurationMs,
        });
      }
    }
    return out;
  }
}
