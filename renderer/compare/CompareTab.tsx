// Two traces side by side (#/compare?a=…&b=…, or &fn=… to compare with a typical call of that
// function: the one nearest its median duration over the last 24 h). Calls are aligned by
// function and occurrence; each row shows both durations and the delta, calls present in only
// one trace, and the variables whose values differ.
import { useEffect, useMemo, useState } from 'react';
import type { InspectorApi, TraceTree } from '../../db/api/inspector-api.ts';
import type { TabProps } from '../app/tab-props.ts';
import { formatMs } from '../format/figures.ts';
import { Panel } from '../ui/Panel.tsx';
import { alignTraces, type AlignedCall } from './align-traces.ts';
import './compare.css';

/** A typical trace of `fn`: a call within ±10 % of its median duration over the last 24 h. */
async function typicalTrace(api: InspectorApi, db: string, fn: string, not: string): Promise<string | null> {
  const dist = await api.functionLatency({ db, process: fn, range: { preset: '24h' }, columns: 1 });
  if (!dist.ok || dist.value.p50Ms === null) return null;
  const p50 = dist.value.p50Ms;
  const near = await api.latencyCalls({
    db,
    process: fn,
    range: { preset: '24h' },
    minMs: p50 * 0.9,
    maxMs: p50 * 1.1 + 1e-9,
    limit: 20,
  });
  if (!near.ok) return null;
  const pick = near.value.calls
    .filter((c) => c.traceId && c.traceId !== not)
    .sort((x, y) => Math.abs(x.durationMs - p50) - Math.abs(y.durationMs - p50))[0];
  return pick?.traceId ?? null;
}

function useTree(api: InspectorApi, db: string, traceId: string | null) {
  const [state, setState] = useState<{ tree: TraceTree | null; error: string | null }>({ tree: null, error: null });
  useEffect(() => {
    if (!traceId) return setState({ tree: null, error: null });
    let stop = false;
    void api.traceTree({ db, traceId }).then((r) => {
      if (!stop) setState(r.ok ? { tree: r.value, error: null } : { tree: null, error: r.error.message });
    });
    return () => {
      stop = true;
    };
  }, [api, db, traceId]);
  return state;
}

function Row({ r }: { r: AlignedCall }) {
  const cls = !r.a
    ? 'only-b'
    : !r.b
      ? 'only-a'
      : r.deltaMs !== null && Math.abs(r.deltaMs) > 0.2 * (r.a.durationMs ?? 0)
        ? 'changed'
        : '';
  return (
    <tr className={cls}>
      <td style={{ paddingLeft: 6 + r.depth * 14 }} className="mono">
        {r.process}
      </td>
      <td className="num">{r.a ? formatMs(r.a.durationMs) : '—'}</td>
      <td className="num">{r.b ? formatMs(r.b.durationMs) : '—'}</td>
      <td className={r.deltaMs !== null && r.deltaMs > 0 ? 'num slower' : 'num'}>
        {r.deltaMs === null
          ? !r.a
            ? 'only in B'
            : !r.b
              ? 'only in A'
              : ''
          : `${r.deltaMs > 0 ? '+' : ''}${formatMs(r.deltaMs)}`}
      </td>
      <td className="vars">
        {r.changed.slice(0, 4).map((c) => (
          <div key={c.data} className="var-diff">
            <span className="mono">{c.data}</span>: <del>{c.a ?? '∅'}</del> → <ins>{c.b ?? '∅'}</ins>
          </div>
        ))}
        {r.changed.length > 4 && <div className="muted">{r.changed.length - 4} more</div>}
      </td>
    </tr>
  );
}

export function CompareTab({ api, db, params, setParams, navigate }: TabProps) {
  const a = params.a || null;
  const fn = params.fn || null;
  const [finding, setFinding] = useState<string | null>(null);
  useEffect(() => {
    if (!a || params.b || !fn) return;
    setFinding(`Looking for a typical call of ${fn}…`);
    void typicalTrace(api, db, fn, a).then((b) => {
      setFinding(b ? null : `No typical call of ${fn} in the last 24 hours to compare with.`);
      if (b) setParams({ b });
    });
  }, [api, db, a, fn, params.b, setParams]);
  const ta = useTree(api, db, a);
  const tb = useTree(api, db, params.b || null);
  const rows = useMemo(() => (ta.tree && tb.tree ? alignTraces(ta.tree.nodes, tb.tree.nodes) : []), [ta.tree, tb.tree]);
  const link = (id: string | null) =>
    id ? (
      <a href="#" className="mono" onClick={(e) => (e.preventDefault(), navigate('explorer', { trace: id }))}>
        {id}
      </a>
    ) : (
      '—'
    );
  return (
    <div className="compare-tab">
      <Panel
        title="Compare traces"
        aside={
          <span>
            A {link(a)} ({formatMs(ta.tree?.durationMs)}) · B {link(params.b || null)} ({formatMs(tb.tree?.durationMs)})
          </span>
        }
        loading={!!a && !!params.b && (!ta.tree || !tb.tree) && !ta.error && !tb.error}
        error={ta.error || tb.error ? { kind: 'not-found', message: (ta.error ?? tb.error)! } : null}
        empty={!a ? 'Open a trace in the Explorer and choose "Compare" to compare it with another.' : finding}
        testId="compare"
      >
        <table className="compare-table">
          <thead>
            <tr>
              <th>Call</th>
              <th className="num">A</th>
              <th className="num">B</th>
              <th className="num">B − A</th>
              <th>Variables that differ</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <Row key={i} r={r} />
            ))}
          </tbody>
        </table>
      </Panel>
    </div>
  );
}
