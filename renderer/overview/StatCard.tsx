// One card of the Overview's 2×2 grid: a label, the current figure, a trend and a sparkline.
import type { ReactNode } from 'react';
import type { Rate } from '../../db/api/inspector-api.ts';

export interface StatCardProps {
  title: string;
  value: ReactNode;
  /** Raw value for tests and tooltips. */
  rawValue?: number | string | null;
  sub?: ReactNode;
  trend?: ReactNode;
  chart?: ReactNode;
  tone?: 'ok' | 'warn' | 'error' | 'neutral';
  testId: string;
  note?: string | null;
}

export function StatCard({ title, value, rawValue, sub, trend, chart, tone = 'neutral', testId, note }: StatCardProps) {
  return (
    <section className={`stat-card tone-${tone}`} data-testid={testId}>
      <div className="stat-head">
        <h3>{title}</h3>
        {trend}
      </div>
      <div className="stat-value" data-value={rawValue ?? ''}>
        {value}
      </div>
      {sub && <div className="stat-sub">{sub}</div>}
      {note ? <div className="stat-note">{note}</div> : <div className="stat-chart">{chart}</div>}
    </section>
  );
}

/** ▲ / ▼ / ▬ against the minute before; `goodWhenUp` colours it (more errors is bad, more traffic is neutral). */
export function Trend({
  rate,
  format,
  goodWhenUp,
}: {
  rate: Rate;
  format: (n: number) => string;
  goodWhenUp?: boolean;
}) {
  const arrow = rate.trend === 'up' ? '▲' : rate.trend === 'down' ? '▼' : '▬';
  const tone =
    rate.trend === 'flat' || goodWhenUp === undefined
      ? 'neutral'
      : (rate.trend === 'up') === goodWhenUp
        ? 'ok'
        : 'error';
  return (
    <span className={`trend trend-${tone}`} title={`Previous minute: ${format(rate.previous)}`} data-trend={rate.trend}>
      {arrow} {format(rate.previous)} prev. min
    </span>
  );
}
