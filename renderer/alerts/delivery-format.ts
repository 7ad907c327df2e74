// How the delivery log reads: each attempt as "HTTP 204 · 12 ms" or "connection refused · 3 ms".
import type { Delivery, DeliveryAttempt } from '../../db/api/alert-types.ts';

export function attemptOutcome(a: DeliveryAttempt): string {
  if (a.statusCode !== null) return `HTTP ${a.statusCode}`;
  if (a.durationMs === null) return 'sending…';
  return a.error ?? 'failed';
}

export function attemptOk(a: DeliveryAttempt): boolean {
  return a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export const STATUS_LABELS: Record<Delivery['status'], string> = {
  pending: 'pending',
  delivered: 'delivered',
  'gave-up': 'gave up',
};

/** "alert.firing" → "firing"; "test" stays "test". */
export function eventLabel(event: string): string {
  return event.startsWith('alert.') ? event.slice('alert.'.length) : event;
}

export function anyPending(list: Delivery[] | null): boolean {
  return !!list && list.some((d) => d.status === 'pending');
}
