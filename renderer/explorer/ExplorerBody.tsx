// The grid area of the Explorer: the rows, or what stands in for them (loading, an error, no match).
import type { ApiError } from '../../db/api/inspector-api.ts';
import { TraceGrid, type TraceGridProps } from './TraceGrid.tsx';
import type { SnapshotState } from './use-row-snapshot.ts';

export interface ExplorerBodyProps extends Omit<TraceGridProps, 'snapshot'> {
  state: SnapshotState;
  /** Offered on the empty state when filters are set. */
  onClearFilters: (() => void) | null;
  onWidenRange: () => void;
}

function LoadError({ error }: { error: ApiError }) {
  return (
    <div className="explorer-state" role="alert">
      <h3>The rows could not be loaded</h3>
      <p>{error.message}</p>
    </div>
  );
}

export function ExplorerBody({ state, onClearFilters, onWidenRange, ...grid }: ExplorerBodyProps) {
  if (state.status === 'error') return <LoadError error={state.error} />;
  if (state.status === 'loading') {
    return (
      <div className="explorer-state">
        <span className="spinner" /> Loading rows…
      </div>
    );
  }
  if (state.model.baseCount === 0) {
    return (
      <div className="explorer-state" data-testid="empty-state">
        <h3>No rows match</h3>
        <p>Nothing in this time range matches the filters.</p>
        <p className="state-actions">
          {onClearFilters && (
            <button type="button" className="btn" onClick={onClearFilters}>
              Clear filters
            </button>
          )}
          <button type="button" className="btn" onClick={onWidenRange}>
            Widen the time range to all
          </button>
        </p>
      </div>
    );
  }
  return <TraceGrid snapshot={state} {...grid} />;
}
