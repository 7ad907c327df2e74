// The Explorer's filters on every column (issue 13), under the toolbar: variable, value and
// exception text, trace id, status, call duration, processes to keep or leave out, more groups,
// and the order. Text is debounced like the process search; every change goes to the URL hash.
import { useEffect, useRef, useState } from 'react';
import { NULL_GROUP, type ExplorerParams } from './explorer-params.ts';
import { SEARCH_DEBOUNCE_MS } from './ExplorerToolbar.tsx';

export interface FilterBarProps {
  params: ExplorerParams;
  groups: (string | null)[];
  functions: string[];
  onChange: (next: Partial<ExplorerParams>) => void;
}

/** A text box that reports its value after a pause in typing, and follows the hash when it changes from outside. */
function DebouncedInput({
  value,
  onCommit,
  label,
  placeholder,
  width,
  type = 'search',
  list,
}: {
  value: string;
  onCommit: (v: string) => void;
  label: string;
  placeholder?: string;
  width: number;
  type?: string;
  list?: string;
}) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => setText(value), [value]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);
  return (
    <input
      className="search-input"
      style={{ width }}
      type={type}
      aria-label={label}
      placeholder={placeholder}
      value={text}
      list={list}
      min={type === 'number' ? 0 : undefined}
      onChange={(e) => {
        const v = e.target.value;
        setText(v);
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => onCommit(v.trim()), SEARCH_DEBOUNCE_MS);
      }}
    />
  );
}

const ms = (v: string): number | null => (v === '' || !Number.isFinite(Number(v)) || Number(v) < 0 ? null : Number(v));

function Chip({
  label,
  title,
  kind,
  onRemove,
}: {
  label: string;
  title: string;
  kind: 'keep' | 'drop' | 'group';
  onRemove: () => void;
}) {
  return (
    <span className={`filter-chip ${kind}`} title={title}>
      {kind === 'drop' ? <span className="chip-not">not</span> : null}
      <span className="mono">{label}</span>
      <button type="button" aria-label={`Remove ${title}`} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

export function FilterBar({ params: p, groups, functions, onChange }: FilterBarProps) {
  const [proc, setProc] = useState('');
  const addProcess = (kind: 'keep' | 'drop') => {
    const name = proc.trim();
    if (!name) return;
    if (kind === 'keep')
      onChange({
        processes: [...new Set([...p.processes, name])],
        excludeProcesses: p.excludeProcesses.filter((x) => x !== name),
      });
    else
      onChange({
        excludeProcesses: [...new Set([...p.excludeProcesses, name])],
        processes: p.processes.filter((x) => x !== name),
      });
    setProc('');
  };
  const otherGroups = groups.filter((g) => !p.groups.includes(g));
  return (
    <div className="filter-bar" role="group" aria-label="Column filters">
      <label className="field">
        <span className="field-label">Variable</span>
        <DebouncedInput
          value={p.data}
          onCommit={(v) => onChange({ data: v })}
          label="Variable name"
          placeholder="e.g. customer"
          width={110}
        />
      </label>
      <label className="field">
        <span className="field-label">Value</span>
        <DebouncedInput
          value={p.valueContains}
          onCommit={(v) => onChange({ valueContains: v })}
          label="Value contains"
          placeholder="contains…"
          width={110}
        />
      </label>
      <label className="field">
        <span className="field-label">Exception</span>
        <DebouncedInput
          value={p.exceptionContains}
          onCommit={(v) => onChange({ exceptionContains: v })}
          label="Exception contains"
          placeholder="contains…"
          width={110}
        />
      </label>
      <label className="field">
        <span className="field-label">Trace</span>
        <DebouncedInput
          value={p.traceId}
          onCommit={(v) => onChange({ traceId: v })}
          label="Trace id"
          placeholder="trace id"
          width={100}
        />
      </label>
      <label className="field">
        <span className="field-label">Status</span>
        <select
          aria-label="Status"
          value={p.status ?? ''}
          onChange={(e) => onChange({ status: e.target.value === '' ? null : (e.target.value as 'OK' | 'ERROR') })}
        >
          <option value="">Any</option>
          <option value="OK">OK</option>
          <option value="ERROR">ERROR</option>
        </select>
      </label>
      <span className="field">
        <span className="field-label">Duration</span>
        <DebouncedInput
          value={p.minDurationMs === null ? '' : String(p.minDurationMs)}
          onCommit={(v) => onChange({ minDurationMs: ms(v) })}
          label="Duration at least (ms)"
          placeholder="≥ ms"
          width={64}
          type="number"
        />
        <DebouncedInput
          value={p.maxDurationMs === null ? '' : String(p.maxDurationMs)}
          onCommit={(v) => onChange({ maxDurationMs: ms(v) })}
          label="Duration at most (ms)"
          placeholder="≤ ms"
          width={64}
          type="number"
        />
      </span>
      <span className="field">
        <span className="field-label">Process</span>
        <input
          className="search-input"
          style={{ width: 140 }}
          list="explorer-functions"
          aria-label="Process name"
          placeholder="function…"
          value={proc}
          onChange={(e) => setProc(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && addProcess(e.shiftKey ? 'drop' : 'keep')}
        />
        <span className="btn-group">
          <button
            type="button"
            className="btn"
            onClick={() => addProcess('keep')}
            title="Only rows of this process (Enter); add more for several"
          >
            Only
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => addProcess('drop')}
            title="Every process but this one (Shift+Enter)"
          >
            Not
          </button>
        </span>
      </span>
      <datalist id="explorer-functions">
        {functions.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      {otherGroups.length > 0 && p.groups.length > 0 && (
        <select
          aria-label="More groups"
          value=""
          onChange={(e) =>
            e.target.value !== '' &&
            onChange({ groups: [...p.groups, e.target.value === NULL_GROUP ? null : e.target.value] })
          }
        >
          <option value="">+ group</option>
          {otherGroups.map((g) => (
            <option key={g ?? NULL_GROUP} value={g ?? NULL_GROUP}>
              {g ?? NULL_GROUP}
            </option>
          ))}
        </select>
      )}
      <label className="field">
        <span className="field-label">Order</span>
        <select
          aria-label="Order"
          value={p.order}
          onChange={(e) => onChange({ order: e.target.value as ExplorerParams['order'] })}
        >
          <option value="newest">Newest first</option>
          <option value="slowest">Slowest call first</option>
        </select>
      </label>
      {(p.groups.length > 1 || p.processes.length > 0 || p.excludeProcesses.length > 0) && (
        <span className="filter-chips">
          {p.groups.length > 1 &&
            p.groups.map((g) => (
              <Chip
                key={`g${g}`}
                kind="group"
                label={g ?? NULL_GROUP}
                title={`group ${g ?? NULL_GROUP}`}
                onRemove={() => onChange({ groups: p.groups.filter((x) => x !== g) })}
              />
            ))}
          {p.processes.map((x) => (
            <Chip
              key={`p${x}`}
              kind="keep"
              label={x}
              title={`process ${x}`}
              onRemove={() => onChange({ processes: p.processes.filter((y) => y !== x) })}
            />
          ))}
          {p.excludeProcesses.map((x) => (
            <Chip
              key={`n${x}`}
              kind="drop"
              label={x}
              title={`not ${x}`}
              onRemove={() => onChange({ excludeProcesses: p.excludeProcesses.filter((y) => y !== x) })}
            />
          ))}
        </span>
      )}
    </div>
  );
}
