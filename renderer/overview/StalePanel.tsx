// Variables whose value has stopped changing: which (process, variable), the value, since when.
import type { ApiError, StaleRule, StaleThreshold, StaleVariable } from '../../db/api/inspector-api.ts';
import { formatCount } from '../format/figures.ts';
import { formatAgo, formatClock } from '../format/time.ts';
import { Panel } from '../ui/Panel.tsx';
import { ThresholdEditor } from '../ui/ThresholdEditor.tsx';
import { IgnoredVariables } from './IgnoredVariables.tsx';

export interface StalePanelProps {
  variables: StaleVariable[] | null;
  total: number;
  loading: boolean;
  error: ApiError | null;
  now: number;
  /** Sets a variable's threshold (null: the default); resolves to an error sentence or null. */
  onThreshold: (v: StaleVariable, threshold: StaleThreshold | null) => Promise<string | null>;
  /** Threshold entries set to ignore, listed under the table with a way back. */
  ignored: StaleRule[];
  onWatch: (r: StaleRule) => Promise<string | null>;
}

const NONE_STALE = 'No stale variables: every tracked value changed within its threshold.';

export function StalePanel({ variables, total, loading, error, now, onThreshold, ignored, onWatch }: StalePanelProps) {
  const none = variables !== null && variables.length === 0;
  return (
    <Panel
      title="Stale variables"
      aside={variables ? `${formatCount(total)} stale now` : null}
      loading={loading}
      error={error}
      empty={none && !ignored.length ? NONE_STALE : null}
      testId="stale"
      className="stale-panel"
    >
      {none && <div className="panel-state">{NONE_STALE}</div>}
      {variables && variables.length > 0 && (
        <table className="dense-table">
          <thead>
            <tr>
              <th>Process</th>
              <th>Variable</th>
              <th>Value</th>
              <th className="num">Repeats</th>
              <th>Stale since</th>
              <th>Threshold</th>
            </tr>
          </thead>
          <tbody>
            {variables.map((v) => (
              <tr key={`${v.process}\u0000${v.data}`}>
                <td className="mono cell-process" title={v.process}>
                  {v.process}
                </td>
                <td className="mono">{v.data}</td>
                <td className="mono cell-value" title={v.value ?? 'null'}>
                  {v.value ?? <span className="muted">null</span>}
                </td>
                <td className="num mono" title={`threshold ${v.threshold}`}>
                  {formatCount(v.runLength)}×
                </td>
                <td title={formatClock(v.staleSinceTs, now)}>{formatAgo(v.staleSinceTs, now)}</td>
                <td>
                  <ThresholdEditor
                    process={v.process}
                    data={v.data}
                    threshold={v.threshold}
                    onSave={(t) => onThreshold(v, t)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <IgnoredVariables ignored={ignored} onWatch={onWatch} />
    </Panel>
  );
}
