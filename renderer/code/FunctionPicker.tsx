// The function selector: a combobox with fuzzy autocomplete over every traced function,
// driven from the keyboard (↑/↓ move, Enter picks, Escape closes or restores the selection).
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FunctionInfo } from '../../db/api/inspector-api.ts';
import { formatCount } from '../format/figures.ts';
import { rankByFuzzy } from './fuzzy-match.ts';

export interface FunctionPickerProps {
  functions: FunctionInfo[];
  selected: string | null;
  onSelect: (process: string) => void;
}

function Highlighted({ text, positions }: { text: string; positions: number[] }) {
  const set = new Set(positions);
  const parts: React.ReactNode[] = [];
  let run = '';
  let runMatched = false;
  const flush = (key: number) => {
    if (run) parts.push(runMatched ? <mark key={key}>{run}</mark> : <span key={key}>{run}</span>);
    run = '';
  };
  for (let i = 0; i < text.length; i++) {
    const m = set.has(i);
    if (m !== runMatched) {
      flush(i);
      runMatched = m;
    }
    run += text[i];
  }
  flush(text.length);
  return <>{parts}</>;
}

export function FunctionPicker({ functions, selected, onSelect }: FunctionPickerProps) {
  const [query, setQuery] = useState(selected ?? '');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  // The selection can change from outside (back button, a link): show it.
  useEffect(() => setQuery(selected ?? ''), [selected]);
  // While the box shows the selection itself, list everything (busiest first).
  const effective = open && query !== selected ? query : '';
  const ranked = useMemo(() => rankByFuzzy(effective, functions, (f) => f.process, 200), [effective, functions]);

  const pick = (process: string) => {
    onSelect(process);
    setQuery(process);
    setOpen(false);
  };
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return setOpen(true);
      const d = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (ranked.length ? (a + d + ranked.length) % ranked.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const r = ranked[active];
      if (open && r) pick(r.item.process);
      else setOpen(true);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      setQuery(selected ?? '');
    }
  };

  return (
    <div className="fn-picker">
      <input
        ref={input}
        className="fn-input mono"
        data-shortcut-search
        role="combobox"
        aria-label="Function"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && ranked[active] ? `${listId}-${active}` : undefined}
        placeholder={functions.length ? `Search ${functions.length} traced functions…` : 'No traced functions'}
        value={query}
        spellCheck={false}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={(e) => {
          e.target.select();
          setOpen(true);
          setActive(0);
        }}
        onBlur={() => setOpen(false)}
        onKeyDown={onKey}
      />
      {open && (
        <ul className="fn-list" role="listbox" id={listId}>
          {ranked.length === 0 && <li className="fn-empty">No function matches “{query}”.</li>}
          {ranked.map((r, i) => (
            <li
              key={r.item.process}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'fn-option active' : 'fn-option'}
              // mousedown, not click: it must land before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r.item.process);
              }}
              onMouseEnter={() => setActive(i)}
              ref={i === active ? (el) => el?.scrollIntoView({ block: 'nearest' }) : undefined}
            >
              <span className="fn-name mono">
                <Highlighted text={r.item.process} positions={r.match.positions} />
              </span>
              <span className="fn-groups">{r.item.groups.map((g) => g ?? '(none)').join(', ')}</span>
              <span className="fn-rows">{formatCount(r.item.rows, { compact: true })} rows</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
