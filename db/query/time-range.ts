import type { TimeRange } from '../api/types.ts';

export type RangePreset = '5m' | '1h' | '6h' | '24h' | 'all';
export interface RangeInput {
  preset?: RangePreset;
  from?: number;
  to?: number;
}

/** Bounds used for "all": Date's own limits, so every stored time falls inside. */
export const MIN_TS = -8.64e15;
export const MAX_TS = 8.64e15;

const PRESET_MS: Record<Exclude<RangePreset, 'all'>, number> = {
  '5m': 300_000,
  '1h': 3_600_000,
  '6h': 21_600_000,
  '24h': 86_400_000,
};

/** Half-open [from, to) in epoch ms. Presets end now (wall clock), as in every live dashboard. */
export function resolveRange(range: RangeInput | undefined, now = Date.now()): TimeRange {
  if (!range || range.preset === 'all') return { from: range?.from ?? MIN_TS, to: range?.to ?? MAX_TS };
  if (range.preset) return { from: now - PRESET_MS[range.preset], to: now + 1 };
  return { from: range.from ?? MIN_TS, to: range.to ?? MAX_TS };
}
