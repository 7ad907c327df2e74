// Calls, errors, latency percentiles and memory of one function over the header's range.
import type { FunctionStats } from '../../db/api/inspector-api.ts';
import { formatBytes, formatCount, formatMs, formatRatio } from '../format/figures.ts';

export function StatsTable({ stats }: { stats: FunctionStats }) {
  const rows: [string, string, string, number | null][] = [
    ['calls', 'Calls', formatCount(stats.calls), stats.calls],
    ['errors', 'Errors', `${formatCount(stats.errors)} (${formatRatio(stats.errorRate)})`, stats.errorRate],
    ['avg', 'Avg duration', formatMs(stats.avgMs), stats.avgMs],
    ['p50', 'p50', formatMs(stats.p50Ms), stats.p50Ms],
    ['p95', 'p95', formatMs(stats.p95Ms), stats.p95Ms],
    ['p99', 'p99', formatMs(stats.p99Ms), stats.p99Ms],
    ['max', 'Max', formatMs(stats.maxMs), stats.maxMs],
    ['mem-avg', 'Memory Δ avg', formatBytes(stats.memAvg, { signed: true }), stats.memAvg],
    ['mem-max', 'Memory Δ max', formatBytes(stats.memMax, { signed: true }), stats.memMax],
  ];
  return (
    <table className="stats-table">
      <tbody>
        {rows.map(([key, label, text, raw]) => (
          <tr key={key} data-stat={key}>
            <th scope="row">{label}</th>
            <td className={`mono stat-${key}`} data-value={raw ?? ''}>
              {text}
            </td>
          </tr>
        ))}
      </tbody>
      <caption>
        {formatCount(stats.timedCalls)} of {formatCount(stats.calls)} calls recorded a duration; percentiles are exact
        (nearest rank).
      </caption>
    </table>
  );
}
