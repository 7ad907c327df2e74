// "Saved ▾": the Explorer's filters kept by name per database (the savedFilters / saveFilter
// operations store them beside the index, so every window and a restart see them).
import { useEffect, useState } from 'react';
import type { InspectorApi, SavedFilter } from '../../db/api/inspector-api.ts';

export interface SavedFiltersProps {
  api: InspectorApi;
  db: string;
  /** The current filter keys of the hash (what "Save" stores). */
  current: Record<string, string>;
  onApply: (params: Record<string, string>) => void;
  say: (text: string) => void;
}

export function SavedFilters({ api, db, current, onApply, say }: SavedFiltersProps) {
  const [list, setList] = useState<SavedFilter[]>([]);
  const [name, setName] = useState('');
  useEffect(() => {
    void api.savedFilters({ db }).then((r) => r.ok && setList(r.value));
  }, [api, db]);
  const save = async (n: string, params: Record<string, string> | null) => {
    const r = await api.saveFilter({ db, name: n, params });
    if (!r.ok) return say(r.error.message);
    setList(r.value);
    if (params) say(`Saved “${n}”.`);
  };
  const empty = Object.keys(current).length === 0;
  return (
    <details className="export-menu saved-menu">
      <summary className="btn" title="Filters saved by name for this database">
        Saved ▾
      </summary>
      <div className="export-items" role="menu">
        <div className="export-section">Saved filters</div>
        {list.length === 0 && <span className="export-none">None yet</span>}
        {list.map((f) => (
          <span key={f.name} className="saved-item">
            <button
              type="button"
              role="menuitem"
              className="link-button"
              onClick={() => onApply(f.params)}
              title={Object.entries(f.params)
                .map(([k, v]) => `${k}=${v}`)
                .join('  ')}
            >
              {f.name}
            </button>
            <button
              type="button"
              className="btn small"
              aria-label={`Delete saved filter ${f.name}`}
              onClick={() => void save(f.name, null)}
            >
              ×
            </button>
          </span>
        ))}
        <div className="export-section">Save the current filters</div>
        <form
          className="saved-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void save(name.trim(), current).then(() => setName(''));
          }}
        >
          <input
            className="search-input"
            style={{ width: 150 }}
            aria-label="Saved filter name"
            placeholder={empty ? 'no filters set' : 'name…'}
            maxLength={100}
            value={name}
            disabled={empty}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="btn" disabled={empty || !name.trim()}>
            Save
          </button>
        </form>
      </div>
    </details>
  );
}
