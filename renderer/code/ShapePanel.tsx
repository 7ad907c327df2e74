// The shape of a function's calls, beside its figures: its latency as a histogram and a heatmap,
// or its calls merged into a flame graph. A bar, a cell or a frame lists the calls behind it, each
// opening its trace in the Explorer.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { FlameFrame, InspectorApi } from '../../db/api/inspector-api.ts';
import type { RangeInput } from '../app/tab-props.ts';
import { formatCount, formatMs } from '../format/figures.ts';
import { ANALYSIS_REFRESH, useLiveQuery } from '../live/use-live-query.ts';
import { CallList, type ListedCall } from '../shape/CallList.tsx';
import { IcicleCanvas } from '../shape/IcicleCanvas.tsx';
import { layoutFlame } from '../shape/icicle-layout.ts';
import { LatencyHeatmap, LatencyHistogram, type LatencyRegion } from '../shape/LatencyCharts.tsx';
import { Panel } from '../ui/Panel.tsx';

type Mode = 'latency' | 'flame';
type Listed = { title: string; total: number; calls: ListedCall[] } | null;

interface ShapePanelProps {
  api: InspectorApi;
  db: string;
  fn: string;
  range: RangeInput;
  live: boolean;
  openTrace: (traceId: string) => void;
}

export function ShapePanel(props: ShapePanelProps) {
  const [mode, setMode] = useState<Mode>('latency');
  const switcher = (
    <div className="shape-tabs" role="group" aria-label="View">
      {(['latency', 'flame'] as const).map((m) => (
        <button
          key={m}
          type="button"
          className={m === mode ? 'chip active' : 'chip'}
          aria-pressed={m === mode}
          onClick={() => setMode(m)}
        >
          {m === 'latency' ? 'Latency' : 'Flame graph'}
        </button>
      ))}
    </div>
  );
  return mode === 'latency' ? (
    <LatencyView {...props} switcher={switcher} />
  ) : (
    <FlameView {...props} switcher={switcher} />
  );
}

type ViewProps = ShapePanelProps & { switcher: ReactNode };

function useListed(fn: string, rangeKey: string) {
  const [listed, setListed] = useState<Listed>(null);
  useEffect(() => setListed(null), [fn, rangeKey]);
  return [listed, setListed] as const;
}

function LatencyView({ api, db, fn, range, live, openTrace, switcher }: ViewProps) {
  const rangeKey = JSON.stringify(range);
  const [listed, setListed] = useListed(fn, rangeKey);
  const dist = useLiveQuery(() => api.functionLatency({ db, process: fn, range }), `${fn}|${rangeKey}`, {
    api,
    db,
    live,
    ...ANALYSIS_REFRESH,
  });
  const listRegion = useCallback(
    async (r: LatencyRegion) => {
      const res = await api.latencyCalls({
        db,
        process: fn,
        range: r.from !== undefined ? { from: r.from, to: r.to } : range,
        minMs: r.minMs,
        maxMs: r.maxMs,
      });
      if (res.ok)
        setListed({
          title: `${formatMs(r.minMs)} – ${formatMs(r.maxMs)}`,
          total: res.value.total,
          calls: res.value.calls,
        });
    },
    [api, db, fn, range, setListed],
  );
  const d = dist.data;
  return (
    <Panel
      title="Shape"
      aside={switcher}
      loading={dist.loading && !d}
      error={dist.error}
      empty={d?.timedCalls === 0 ? `No timed calls of ${fn} in this range.` : null}
      testId="function-shape"
      className="shape-panel"
    >
      {d && (
        <>
          <div className="shape-legend">
            <span>
              {formatCount(d.timedCalls)} timed calls · p50 {formatMs(d.p50Ms)} · p95 {formatMs(d.p95Ms)} · p99{' '}
              {formatMs(d.p99Ms)}
            </span>
            <span>click a bar or a cell for its calls</span>
          </div>
          <LatencyHistogram dist={d} onSelect={(r) => void listRegion(r)} />
          <LatencyHeatmap dist={d} onSelect={(r) => void listRegion(r)} />
        </>
      )}
      {listed && <CallList title={listed.title} total={listed.total} calls={listed.calls} onOpen={openTrace} />}
    </Panel>
  );
}

function FlameView({ api, db, fn, range, live, openTrace, switcher }: ViewProps) {
  const rangeKey = JSON.stringify(range);
  const [listed, setListed] = useListed(fn, rangeKey);
  const [selected, setSelected] = useState<number | null>(null);
  const flame = useLiveQuery(() => api.flameGraph({ db, process: fn, range }), `${fn}|${rangeKey}`, {
    api,
    db,
    live,
    events: ['rows'],
    throttleMs: 10_000,
    pollMs: 60_000,
  });
  const frames = flame.data?.frames;
  const boxes = useMemo(
    () =>
      frames
        ? layoutFlame(frames, (f: FlameFrame) => [
            `total ${formatMs(f.totalMs)} · self ${formatMs(f.selfMs)}`,
            `${formatCount(f.calls)} calls`,
          ])
        : [],
    [frames],
  );
  const listFrame = useCallback(
    async (index: number) => {
      const frame = frames?.[index];
      if (!frame) return;
      setSelected(index);
      const res = await api.flameCalls({ db, process: fn, key: frame.key, range });
      if (res.ok) setListed({ title: frame.process, total: res.value.total, calls: res.value.calls });
    },
    [api, db, fn, range, frames, setListed],
  );
  const g = flame.data;
  return (
    <Panel
      title="Shape"
      aside={switcher}
      loading={flame.loading && !g}
      error={flame.error}
      empty={g?.rootCalls === 0 ? `No calls of ${fn} in this range.` : null}
      testId="function-shape"
      className="shape-panel"
    >
      {g && frames && (
        <>
          <div className="shape-legend">
            <span>
              {formatCount(g.rootCalls)} calls merged{g.truncated ? ' (the newest of the range)' : ''}
            </span>
            <span>wheel zooms · drag pans · double-click zooms · click lists a frame's calls</span>
          </div>
          <IcicleCanvas
            boxes={boxes}
            span={frames[0]?.totalMs ?? 0}
            label={`Flame graph of ${fn}: ${frames.length} frames`}
            selected={selected}
            onSelect={(b) => void listFrame(b.ref)}
          />
        </>
      )}
      {listed && <CallList title={listed.title} total={listed.total} calls={listed.calls} onOpen={openTrace} />}
    </Panel>
  );
}
