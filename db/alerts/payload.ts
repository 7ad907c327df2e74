// What a webhook receives. `json` is the project's documented schema (docs/alerts.md), shaped as
// Standard Webhooks recommends ({ type, timestamp, data }); `slack` is an incoming-webhook message.
import type { Alert, WebhookFormat } from '../api/alert-types.ts';

export interface PayloadContext {
  /** The trace database the alert belongs to. */
  database: { path: string; name: string } | null;
}

export const PAYLOAD_VERSION = 1;

export function eventOf(alert: Alert): string {
  return `alert.${alert.state}`;
}

const ICON: Record<Alert['severity'], string> = { info: 'ℹ️', warning: '⚠️', critical: '🔴' };

export function alertPayload(format: WebhookFormat, alert: Alert, ctx: PayloadContext, at: number): string {
  if (format === 'slack') {
    const state =
      alert.state === 'firing'
        ? 'FIRING'
        : alert.state === 'acknowledged'
          ? `acknowledged by ${alert.acknowledgedBy ?? 'someone'}`
          : 'resolved';
    const icon = alert.state === 'resolved' ? '✅' : ICON[alert.severity];
    const where = ctx.database ? ` (${ctx.database.name})` : '';
    return JSON.stringify({
      text: `${icon} [${alert.severity}] ${alert.ruleName} — ${alert.subject}: ${alert.message} — ${state}${where}`,
    });
  }
  return JSON.stringify({
    type: eventOf(alert),
    timestamp: new Date(at).toISOString(),
    data: { version: PAYLOAD_VERSION, alert, database: ctx.database },
  });
}

export function testPayload(format: WebhookFormat, webhookName: string, at: number): string {
  if (format === 'slack')
    return JSON.stringify({ text: `✅ Trace Inspector test notification for "${webhookName}": this webhook works.` });
  return JSON.stringify({
    type: 'test',
    timestamp: new Date(at).toISOString(),
    data: { version: PAYLOAD_VERSION, message: `Test notification for "${webhookName}".` },
  });
}
