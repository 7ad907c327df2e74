// The height of the panes under the grid, dragged by the splitter between them.
import { useCallback, useState } from 'react';

const MIN_PANE = 120;
/** Room kept for the header, the toolbar and a few grid rows above the panes. */
const ROOM_ABOVE = 220;

export function usePaneResize(initial = 330): { height: number; startDrag: (e: React.PointerEvent) => void } {
  const [height, setHeight] = useState(initial);
  const startDrag = useCallback(
    (e: React.PointerEvent) => {
      const startY = e.clientY;
      const startH = height;
      const move = (m: PointerEvent) =>
        setHeight(Math.max(MIN_PANE, Math.min(innerHeight - ROOM_ABOVE, startH - (m.clientY - startY))));
      const up = () => {
        removeEventListener('pointermove', move);
        removeEventListener('pointerup', up);
      };
      addEventListener('pointermove', move);
      addEventListener('pointerup', up);
    },
    [height],
  );
  return { height, startDrag };
}
