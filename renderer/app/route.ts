// The view lives in the URL hash (`#/explorer?range=1h&group=orders&errors=1`), so a reload or a
// shared link shows the same thing. Pure functions: the App reads and writes location.hash.
import type { RangeInput } from './tab-props.ts';

export const TABS = ['overview', 'explorer', 'code', 'alerts', 'sql', 'errors', 'compare', 'timeline'] as const;
/** The tabs in the header and on the number keys; the others are reached by links (compare, timeline). */
export const NAV_TABS = TABS.filter((t) => t !== 'compare' && t !== 'timeline');
export type TabName = (typeof TABS)[number];

export interface Route {
  tab: TabName;
  /** The tab's own parameters plus the global `range` and `live`. */
  params: Record<string, string>;
}

export function parseHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const name = q < 0 ? text : text.slice(0, q);
  const params: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(text.slice(q + 1))) params[k] = v;
  return { tab: (TABS as readonly string[]).includes(name) ? (name as TabName) : 'overview', params };
}

export function formatHash(route: Route): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(route.params)) if (v !== '') q.set(k, v);
  const s = q.toString();
  return `#/${route.tab}${s ? `?${s}` : ''}`;
}

const PRESETS = ['5m', '1h', '6h', '24h', 'all'] as const;
export const DEFAULT_RANGE = '1h';

/** `range=1h` or `range=<from ms>-<to ms>` (a custom window); anything else falls back to 1 h. */
export function parseRange(value: string | undefined, fallback: string = DEFAULT_RANGE): RangeInput {
  if (value && (PRESETS as readonly string[]).includes(value)) return { preset: value as (typeof PRESETS)[number] };
  const m = /^(\d+)-(\d+)$/.exec(value ?? '');
  if (m && Number(m[1]) < Number(m[2])) return { from: Number(m[1]), to: Number(m[2]) };
  return {
    preset: ((PRESETS as readonly string[]).includes(fallback) ? fallback : DEFAULT_RANGE) as (typeof PRESETS)[number],
  };
}

export function formatRange(range: RangeInput): string {
  return 'preset' in range && range.preset ? range.preset : `${range.from}-${range.to}`;
}
