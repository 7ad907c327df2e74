// The visible window [lo, hi) of an icicle over its span [0, span): zoom around a point, pan by a
// fraction of the window, reset; keys +/-, arrows, 0 and Escape do the same.
import { useCallback, useEffect, useState } from 'react';

export function useIcicleView(span: number, resetKey: unknown) {
  const [view, setView] = useState<[number, number]>([0, span]);
  useEffect(() => setView([0, span]), [span, resetKey]);
  const zoom = useCallback(
    (factor: number, at = 0.5) =>
      setView(([lo, hi]) => {
        const mid = lo + (hi - lo) * at;
        const width = Math.min(span, Math.max(span * 1e-6, (hi - lo) * factor));
        const nlo = Math.max(0, Math.min(span - width, mid - width * at));
        return [nlo, nlo + width];
      }),
    [span],
  );
  const panTo = useCallback(
    (lo: number, width: number) => {
      const nlo = Math.max(0, Math.min(span - width, lo));
      setView([nlo, nlo + width]);
    },
    [span],
  );
  const pan = useCallback(
    (fraction: number) =>
      setView(([lo, hi]) => {
        const nlo = Math.max(0, Math.min(span - (hi - lo), lo + (hi - lo) * fraction));
        return [nlo, nlo + (hi - lo)];
      }),
    [span],
  );
  const onKey = useCallback(
    (e: React.KeyboardEvent) => {
      const keys: Record<string, () => void> = {
        '+': () => zoom(0.8),
        '=': () => zoom(0.8),
        '-': () => zoom(1.25),
        ArrowLeft: () => pan(-0.1),
        ArrowRight: () => pan(0.1),
        '0': () => setView([0, span]),
        Escape: () => setView([0, span]),
      };
      const act = keys[e.key];
      if (act) {
        e.preventDefault();
        act();
      }
    },
    [zoom, pan, span],
  );
  return { view, setView, zoom, pan, panTo, onKey };
}
