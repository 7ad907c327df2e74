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

type TextKey = 'data' | 'valueContains' | 'exceptionContains' | 'traceId';
/** The text filters: hash field, label, accessible name, placeholder, width. */
const TEXT_FIELDS: [TextKey, string, string, string, number][] = [
  ['data', 'Variable', 'Variable name', 'e.g. customer', 110],
  ['valueContains', 'Value', 'Value contains', 'contains…', 110],
  ['exceptionContains', 'Exception', 'Exception contains', 'contains…', 110],
  ['traceId', 'Trace', 'Trace id', 'trace id', 100],
];

/** A process name (completed from the traced functions) added as "only this" or "not this". */
function ProcessPicker({ params: p, functions, onChange }: Omit<FilterBarProps, 'groups'>) {
  const [proc, setProc] = useState('');
  const add = (kind: 'keep' | 'drop') => {
    const name = proc.trim();
    if (!name) return;
    const keep = kind === 'keep' ? [...new Set([...p.processes, name])] : p.processes.filter((x) => x !== name);
    const drop =
      kind === 'drop' ? [...new Set([...p.excludeProcesses, name])] : p.excludeProcesses.filter((x) => x !== name);
    onChange({ processes: keep, excludeProcesses: drop });
    setProc('');
  };
  return (
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
        onKeyDown={(e) => e.key === 'Enter' && add(e.shiftKey ? 'drop' : 'keep')}
      />
      <datalist id="explorer-functions">
        {functions.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>
      <span className="btn-group">
        <button
          type="button"
          className="btn"
          onClick={() => add('keep')}
          title="Only rows of this process (Enter); add more for several"
        >
          Only
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => add('drop')}
          title="Every process but this one (Shift+Enter)"
        >
          Not
        </button>
      </span>
    </span>
  );
}

/** The groups, processes and left-out processes chosen, each removable. */
function FilterChips({ params: p, onChange }: Pick<FilterBarProps, 'params' | 'onChange'>) {
  if (p.groups.length < 2 && p.processes.length === 0 && p.excludeProcesses.length === 0) return null;
  const without = <T,>(list: T[], x: T) => list.filter((y) => y !== x);
  return (
    <span className="filter-chips">
      {p.groups.length > 1 &&
        p.groups.map((g) => (
          <Chip
            key={`g${g}`}
            kind="group"
            label={g ?? NULL_GROUP}
            title={`group ${g ?? NULL_GROUP}`}
            onRemove={() => onChange({ groups: without(p.groups, g) })}
          />
        ))}
      {p.processes.map((x) => (
        <Chip
          key={`p${x}`}
          kind="keep"
          label={x}
          title={`process ${x}`}
          onRemove={() => onChange({ processes: without(p.processes, x) })}
        />
      ))}
      {p.excludeProcesses.map((x) => (
        <Chip
          key={`n${x}`}
          kind="drop"
          label={x}
          title={`not ${x}`}
          onRemove={() => onChange({ excludeProcesses: without(p.excludeProcesses, x) })}
        />
      ))}
    </span>
  );
}

export function FilterBar({ params: p, groups, functions, onChange }: FilterBarProps) {
  const otherGroups = groups.filter((g) => !p.groups.includes(g));
  return (
    <div className="filter-bar" role="group" aria-label="Column filters">
      {TEXT_FIELDS.map(([key, label, aria, placeholder, width]) => (
        <label className="field" key={key}>
          <span className="field-label">{label}</span>
          <DebouncedInput
            value={p[key]}
            onCommit={(v) => onChange({ [key]: v })}
            label={aria}
            placeholder={placeholder}
            width={width}
          />
        </label>
      ))}
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
      <ProcessPicker params={p} functions={functions} onChange={onChange} />
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
      <FilterChips params={p} onChange={onChange} />
    </div>
  );
}

/** The list's order (also the Duration header's sort), beside the match count. */
export function OrderSelect({
  order,
  onChange,
}: {
  order: ExplorerParams['order'];
  onChange: FilterBarProps['onChange'];
}) {
  return (
    <label className="field">
      <span className="field-label">Order</span>
      <select
        aria-label="Order"
        value={order}
        onChange={(e) => onChange({ order: e.target.value as ExplorerParams['order'] })}
      >
        <option value="newest">Newest first</option>
        <option value="slowest">Slowest call first</option>
      </select>
    </label>
  );
}
