// The grid shows a snapshot: the header's range resolved to fixed bounds when it was taken, so row
// numbers stay put while a writer appends (a preset range would otherwise slide under the rows).
import type { RangeInput } from '../app/tab-props.ts';

const PRESET_MS = { '5m': 300_000, '1h': 3_600_000, '6h': 21_600_000, '24h': 86_400_000 } as const;

export interface SnapshotRange {
  from?: number;
  to: number;
}

export function snapshotRange(range: RangeInput, now: number): SnapshotRange {
  if ('preset' in range && range.preset) {
    if (range.preset === 'all') return { to: now + 1 };
    return { from: now - PRESET_MS[range.preset], to: now + 1 };
  }
  return { ...(range.from !== undefined ? { from: range.from } : {}), to: range.to ?? now + 1 };
}

/** The range whose count tells how many rows the snapshot would show now (arrivals included). */
export function growthRange(range: RangeInput, snap: SnapshotRange): { from?: number; to?: number } {
  const isPreset = 'preset' in range && !!range.preset;
  return {
    ...(snap.from !== undefined ? { from: snap.from } : {}),
    ...(!isPreset && range.to !== undefined ? { to: range.to } : {}),
  };
}

/** Whether new rows can still arrive inside the range (a custom range that ended cannot grow, except by late rows). */
export function rangeIsOpen(range: RangeInput, now: number): boolean {
  return ('preset' in range && !!range.preset) || range.to === undefined || range.to > now - 60_000;
}
