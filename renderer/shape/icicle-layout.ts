// Boxes of an icicle (flame graph drawn top-down): each box spans [x0, x1) in the units of the
// graph (ms of time or of total duration) at a depth. The canvas maps a visible window of x to
// pixels, so zooming is only a change of window.
import type { FlameFrame } from '../../db/api/inspector-api.ts';

export interface IcicleBox {
  x0: number;
  x1: number;
  depth: number;
  label: string;
  /** Lines of the hover card, written when hovered: formatting them for every box of a 10,000-call
   * trace up front was most of a 112 ms task when its second page of calls arrived. */
  detail: () => string[];
  error?: boolean;
  /** What a click selects (a frame index, a call id). */
  ref: number;
}

/** An aggregated flame graph laid out left-heavy: children packed from the parent's left edge, heaviest first. */
export function layoutFlame(frames: FlameFrame[], describe: (f: FlameFrame) => string[]): IcicleBox[] {
  const boxes: IcicleBox[] = [];
  const next = new Map<number, number>(); // parent index → where its next child starts
  const start = new Array<number>(frames.length);
  frames.forEach((f, i) => {
    const x0 = f.parent < 0 ? 0 : (next.get(f.parent) ?? start[f.parent]);
    start[i] = x0;
    if (f.parent >= 0) next.set(f.parent, x0 + f.totalMs);
    boxes.push({ x0, x1: x0 + f.totalMs, depth: f.depth, label: f.process, detail: () => describe(f), ref: i });
  });
  return boxes;
}

/** The visible window when zoomed on a box: its span, a little wider so its edges show. */
export function zoomTo(box: Pick<IcicleBox, 'x0' | 'x1'>): [number, number] {
  const pad = (box.x1 - box.x0) * 0.02;
  return [box.x0 - pad, box.x1 + pad];
}

/** The box under a point, given the window [lo, hi) over a canvas `width` px wide and `rowPx` high rows. */
export function boxAt(
  boxes: IcicleBox[],
  x: number,
  y: number,
  view: { lo: number; hi: number; width: number; rowPx: number },
): IcicleBox | null {
  const depth = Math.floor(y / view.rowPx);
  const at = view.lo + (x / view.width) * (view.hi - view.lo);
  for (const b of boxes) if (b.depth === depth && at >= b.x0 && at < b.x1) return b;
  return null;
}
