// A flame graph on canvas, drawn top-down (an icicle): wheel or +/- zooms around the pointer or
// the middle, drag or the arrow keys pan, double-click zooms on a box, 0 or Escape resets; hover
// shows a box's card, click selects it. Only the visible window is drawn, so 10,000 boxes
// repaint in a frame.
import { useCallback, useRef, useState } from 'react';
import type { ChartTheme } from '../charts/chart-theme.ts';
import { boxAt, zoomTo, type IcicleBox } from './icicle-layout.ts';
import { useCanvas } from './use-canvas.ts';
import { useIcicleView } from './use-icicle-view.ts';
import './shape.css';

const ROW_PX = 18;

export interface IcicleCanvasProps {
  boxes: IcicleBox[];
  /** The full extent of x: [0, span). */
  span: number;
  label: string;
  selected?: number | null;
  onSelect?: (box: IcicleBox) => void;
}

/** Colours by name, computed once: a zoom repaints every visible box each frame. */
const colours = new Map<string, string>();

/** A stable colour per name, warm like speedscope's; errors are the theme's error red. */
function colourOf(name: string, theme: ChartTheme, error?: boolean): string {
  if (error) return theme.error;
  let colour = colours.get(name);
  if (colour === undefined) {
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
    const hue = 15 + (Math.abs(h) % 40);
    const light = 58 + (Math.abs(h >> 8) % 14);
    colour = `hsl(${hue} 80% ${light}%)`;
    if (colours.size > 10_000) colours.clear(); // names are functions: a bound that is never reached in practice
    colours.set(name, colour);
  }
  return colour;
}

/** Paints the boxes inside the window `view`; boxes narrower than half a pixel are skipped. */
function drawIcicle(
  ctx: CanvasRenderingContext2D,
  size: { width: number; height: number },
  theme: ChartTheme,
  { boxes, view, selected }: { boxes: IcicleBox[]; view: [number, number]; selected?: number | null },
) {
  const [lo, hi] = view;
  const scale = size.width / (hi - lo || 1);
  ctx.font = `11px ${theme.font}`;
  ctx.textBaseline = 'middle';
  for (const b of boxes) {
    const x0 = (b.x0 - lo) * scale;
    const x1 = (b.x1 - lo) * scale;
    if (x1 < 0 || x0 > size.width || x1 - x0 < 0.5) continue;
    const y = b.depth * ROW_PX;
    const left = Math.max(0, x0);
    const w = Math.min(size.width, x1) - left;
    ctx.fillStyle = colourOf(b.label, theme, b.error);
    ctx.fillRect(left, y, Math.max(0.5, w - 1), ROW_PX - 1);
    if (b.ref === selected) {
      ctx.strokeStyle = theme.fg;
      ctx.lineWidth = 2;
      ctx.strokeRect(left + 1, y + 1, Math.max(0.5, w - 3), ROW_PX - 3);
    }
    if (w > 28) {
      ctx.fillStyle = '#1d2129';
      const text = b.label.length * 6.2 > w - 8 ? `${b.label.slice(0, Math.floor((w - 16) / 6.2))}…` : b.label;
      ctx.fillText(text, left + 4, y + ROW_PX / 2, w - 8);
    }
  }
}

export function IcicleCanvas({ boxes, span, label, selected, onSelect }: IcicleCanvasProps) {
  const { view, setView, zoom, pan, panTo, onKey } = useIcicleView(span, boxes);
  const [hover, setHover] = useState<{ box: IcicleBox; x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; view: [number, number]; moved: boolean } | null>(null);
  const depth = boxes.reduce((d, b) => Math.max(d, b.depth), 0) + 1;

  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, size: { width: number; height: number }, theme: ChartTheme) =>
      drawIcicle(ctx, size, theme, { boxes, view, selected }),
    [boxes, view, selected],
  );
  const canvas = useCanvas(draw);

  const pick = (e: React.MouseEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    const x = e.clientX - r.left;
    const y = e.clientY - r.top;
    return { x, y, box: boxAt(boxes, x, y, { lo: view[0], hi: view[1], width: r.width, rowPx: ROW_PX }) };
  };
  return (
    <div className="icicle" style={{ height: Math.max(3, depth) * ROW_PX + 2 }}>
      <canvas
        ref={canvas}
        className="icicle-canvas"
        role="img"
        aria-label={label}
        tabIndex={0}
        onWheel={(e) => {
          const r = canvas.current!.getBoundingClientRect();
          if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) pan((e.deltaX || e.deltaY) / r.width);
          else zoom(e.deltaY > 0 ? 1.25 : 0.8, (e.clientX - r.left) / r.width);
        }}
        onMouseDown={(e) => (drag.current = { x: e.clientX, view, moved: false })}
        onMouseMove={(e) => {
          const d = drag.current;
          if (d && e.buttons === 1) {
            const r = canvas.current!.getBoundingClientRect();
            const dx = ((d.x - e.clientX) / r.width) * (d.view[1] - d.view[0]);
            if (Math.abs(d.x - e.clientX) > 3) d.moved = true;
            panTo(d.view[0] + dx, d.view[1] - d.view[0]);
            return;
          }
          const p = pick(e);
          setHover(p.box ? { box: p.box, x: p.x, y: p.y } : null);
        }}
        onMouseLeave={() => setHover(null)}
        onMouseUp={(e) => {
          const moved = drag.current?.moved;
          drag.current = null;
          if (moved) return;
          const p = pick(e);
          if (p.box) onSelect?.(p.box);
        }}
        onDoubleClick={(e) => {
          const p = pick(e);
          if (p.box) setView(zoomTo(p.box));
        }}
        onKeyDown={onKey}
      />
      {hover && (
        <div className="icicle-card" style={{ left: hover.x + 12, top: hover.y + 12 }} role="tooltip">
          <strong>{hover.box.label}</strong>
          {hover.box.detail().map((line) => (
            <div key={line}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}
