// The explorer's view in the URL hash (agreed with the other tabs): `group` (the literal `(none)`
// is the NULL group), `errors=1`, `q` (process-name search), `trace` and `row` (what is selected).

export const NULL_GROUP = '(none)';

export interface ExplorerParams {
  /** undefined: every group; null: rows without a process group. */
  group: string | null | undefined;
  errorsOnly: boolean;
  search: string;
  trace: string | null;
  row: number | null;
}

export function parseExplorerParams(p: Record<string, string>): ExplorerParams {
  const rowId = Number(p.row);
  return {
    group: p.group === undefined || p.group === '' ? undefined : p.group === NULL_GROUP ? null : p.group,
    errorsOnly: p.errors === '1',
    search: (p.q ?? '').slice(0, 512),
    trace: p.trace || null,
    row: p.row !== undefined && p.row !== '' && Number.isInteger(rowId) && rowId >= 0 ? rowId : null,
  };
}

/** Only the keys given are changed; undefined or '' removes a key from the hash. */
export function formatExplorerParams(p: Partial<ExplorerParams>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  if ('group' in p) out.group = p.group === undefined ? undefined : p.group === null ? NULL_GROUP : p.group;
  if ('errorsOnly' in p) out.errors = p.errorsOnly ? '1' : undefined;
  if ('search' in p) out.q = p.search || undefined;
  if ('trace' in p) out.trace = p.trace ?? undefined;
  if ('row' in p) out.row = p.row === null || p.row === undefined ? undefined : String(p.row);
  return out;
}

/** The filter part of the engine's `traces` / `traceCount` input. */
export interface RowFilter {
  groups?: (string | null)[];
  errorsOnly?: boolean;
  search?: string;
}

export function rowFilter(p: Pick<ExplorerParams, 'group' | 'errorsOnly' | 'search'>): RowFilter {
  return {
    ...(p.group !== undefined ? { groups: [p.group] } : {}),
    ...(p.errorsOnly ? { errorsOnly: true } : {}),
    ...(p.search ? { search: p.search } : {}),
  };
}

export function hasFilters(p: ExplorerParams): boolean {
  return p.group !== undefined || p.errorsOnly || p.search !== '';
}
