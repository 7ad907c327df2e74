// The Overview's charts as uPlot column arrays (x in seconds, as uPlot's time scale expects),
// derived from one `overview` answer. Pure, so tests check the arithmetic.
import type { AlignedData } from 'uplot';
import type { Overview } from '../../db/api/inspector-api.ts';

const toSec = (t: number[]) => t.map((ms) => ms / 1000);

/** Error rate in % per bucket; buckets without rows are gaps, not 0 %. */
export function errorRateSeries(o: Overview): AlignedData {
  return [toSec(o.series.t), o.series.rows.map((r, i) => (r > 0 ? (100 * o.series.errors[i]) / r : null))];
}

/** New traces per second per bucket. */
export function throughputSeries(o: Overview): AlignedData {
  const secs = o.bucketMs / 1000;
  return [toSec(o.series.t), o.series.traces.map((n) => n / secs)];
}

/** Queue depth at each heartbeat bucket (its peak). */
export function queueSeries(o: Overview): AlignedData {
  return [toSec(o.queue.t), o.queue.depth];
}

/** The queue depth to show as "current": the writer's last heartbeat, else the last sample. */
export function currentQueueDepth(o: Overview): number | null {
  return o.writer.queueDepth ?? (o.queue.depth.length ? o.queue.depth[o.queue.depth.length - 1] : null);
}

export interface GroupBar {
  /** The name the Trace Explorer filters on: the literal `(none)` for rows without a group. */
  name: string;
  rows: number;
  errors: number;
}

export const NO_GROUP = '(none)';

/** Groups busiest first, the NULL group named `(none)`. */
export function groupBars(o: Overview): GroupBar[] {
  return o.groups
    .map((g) => ({ name: g.group ?? NO_GROUP, rows: g.rows, errors: g.errors }))
    .sort((a, b) => b.rows - a.rows || a.name.localeCompare(b.name));
}

export function groupSeries(bars: GroupBar[]): AlignedData {
  return [bars.map((_, i) => i), bars.map((b) => b.rows), bars.map((b) => b.errors)];
}
