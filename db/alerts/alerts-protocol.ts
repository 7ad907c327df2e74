// Messages between the engine host and the alerts thread.
import type { Alert } from '../api/alert-types.ts';
import type { ApiError } from '../api/errors.ts';
import type { AlertsService, AttachedTarget } from './alerts-service.ts';
import type { DeliveryOptions } from './delivery.ts';
import type { CipherLine } from './secret-cipher.ts';

/** The service methods the API table may call (everything else stays inside the thread). */
export const ALERTS_METHODS = [
  'rules', 'saveRule', 'deleteRule', 'snoozeRule', 'exportRules', 'importRules',
  'alerts', 'history', 'acknowledge', 'resolveByUser',
  'webhooks', 'saveWebhook', 'deleteWebhook', 'testWebhook', 'deliveries',
] as const;
export type AlertsMethod = (typeof ALERTS_METHODS)[number];

/** The methods as the host sees them: the same signatures, answered asynchronously. */
export type AlertsApi = { [M in AlertsMethod]: (...args: Parameters<AlertsService[M]>) => Promise<Awaited<ReturnType<AlertsService[M]>>> };

export interface AlertsWorkerData {
  dataDir: string;
  /** Where webhook secrets live (see defaultConfigDir). */
  configDir: string;
  /** The host's cipher (the OS keychain), called synchronously from the thread. */
  cipher?: CipherLine;
  retentionMs?: number;
  delivery?: Partial<Omit<DeliveryOptions, 'fetch' | 'random' | 'now'>>;
  giveUpAfterMs?: number;
  tickMs?: number;
}

export type AlertsCommand =
  | { type: 'attach'; target: AttachedTarget; building: boolean }
  /** The index started or finished (re)building: rules are evaluated only on a finished index. */
  | { type: 'building'; db: string; building: boolean }
  | { type: 'detach'; db: string }
  | { type: 'rows'; db: string }
  | { type: 'call'; id: number; method: AlertsMethod; args: unknown[] }
  | { type: 'close' };

export type AlertsEvent =
  | { type: 'ready' }
  | { type: 'alert'; db: string; alert: Alert }
  | { type: 'warn'; message: string }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ApiError }
  | { type: 'closed' };
