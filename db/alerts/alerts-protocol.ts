// Messages between the engine host and the alerts thread.
import type { Alert, StaleRule, StaleThreshold } from '../api/alert-types.ts';
import type { ApiError } from '../api/errors.ts';
import type { AttachedTarget } from './alerts-service.ts';
import type { DeliveryOptions } from './delivery.ts';
import type { CipherLine } from './secret-cipher.ts';

export interface AlertsWorkerData {
  dataDir: string;
  /** Where webhook secrets live (see defaultConfigDir). */
  configDir: string;
  /** The host's cipher (the OS keychain), called synchronously from the thread. */
  cipher?: CipherLine;
  retentionMs?: number;
  /** The module whose `operations` export is the API table (default: db/api/operations.ts). */
  operationsModule?: string;
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
  /** The database's stale thresholds changed: every variable is looked at again. */
  | { type: 'thresholds'; db: string }
  /** The host's answer to 'set-stale-rules' number `id`. */
  | { type: 'stale-rules-set'; id: number; ok: true; rules: StaleRule[] }
  | { type: 'stale-rules-set'; id: number; ok: false; error: ApiError }
  /** Runs the API table's operation `op` (where: 'alerts') on input the host has validated. */
  | { type: 'call'; id: number; op: string; input: unknown }
  | { type: 'close' };

export type AlertsEvent =
  | { type: 'ready' }
  | { type: 'alert'; db: string; alert: Alert }
  | { type: 'warn'; message: string }
  /** Asks the host, owner of the stale thresholds, to set these entries (see Engine.setStaleRules). */
  | { type: 'set-stale-rules'; id: number; db: string; rules: StaleRuleChange[]; onlyIfUnset: boolean }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: ApiError }
  | { type: 'closed' };

export type StaleRuleChange = { process: string; data: string; threshold: StaleThreshold | null };
