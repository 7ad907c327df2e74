// Delivers the outbox: POST with a 5 s timeout, signed when the webhook has a secret, retried
// with exponential backoff and jitter until a deadline. The message id (webhook-id) and body are
// fixed when the message is written, so a retry after a crash or restart is the same message and
// receivers can drop duplicates. A message is marked delivered only after a 2xx answer.
import type { DeliveryAttempt } from '../api/alert-types.ts';
import type { AlertStore, OutboxMessage } from './alert-store.ts';
import { post, type PostAnswer, type PostRequest } from './http-post.ts';
import { redactUrl } from './secret-mask.ts';
import { sign } from './webhook-signing.ts';

export interface DeliveryOptions {
  timeoutMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  concurrency: number;
  random: () => number;
  post: (url: string, r: PostRequest) => Promise<PostAnswer>;
  now: () => number;
}

export const DELIVERY_DEFAULTS: DeliveryOptions = {
  timeoutMs: 5000,
  baseDelayMs: 2000,
  maxDelayMs: 5 * 60_000,
  concurrency: 4,
  random: Math.random,
  post,
  now: Date.now,
};

/** Retry n (1-based) waits base·2^(n−1), capped, with "equal jitter": between half and all of it. */
export function backoffMs(attempt: number, o: Pick<DeliveryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const full = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + o.random() * (full / 2));
}

/** Headers a webhook's own settings may not replace. */
const RESERVED = new Set([
  'content-type',
  'content-length',
  'host',
  'webhook-id',
  'webhook-timestamp',
  'webhook-signature',
  'user-agent',
]);

export function isReservedHeader(name: string): boolean {
  return RESERVED.has(name.toLowerCase());
}

/** What of a receiver's answer is kept (an excerpt of a failure goes to the delivery log). */
export const BODY_KEPT_BYTES = 4096;
/** Past this much of an answer the connection is cut: a receiver cannot make us buffer without bound. */
export const BODY_DRAINED_BYTES = 64 * 1024;

/**
 * fetch refuses a URL with credentials in it: they become a Basic Authorization header (unless
 * the webhook sets its own), as curl and browsers' XHR did with such URLs.
 */
function withoutCredentials(url: string, headers: Record<string, string>): string {
  const u = new URL(url);
  if (!u.username && !u.password) return url;
  const hasOwn = Object.keys(headers).some((k) => k.toLowerCase() === 'authorization');
  if (!hasOwn)
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  u.username = '';
  u.password = '';
  return u.toString();
}

/** A failure's answer in the log: its first line or so, never more than 200 characters. */
function excerpt(body: string): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one ? `: ${one.length > 200 ? `${one.slice(0, 200)}…` : one}` : '';
}

/** A network failure in words, without the URL or headers (they may hold secrets). */
function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'timeout') return `no answer within ${timeoutMs / 1000} s`;
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  return e?.code ?? e?.message ?? 'request failed';
}

/** The webhook's own headers, then ours (which they may not replace), signed when it has a secret. */
function messageHeaders(
  msg: OutboxMessage,
  extra: Record<string, string>,
  secret: string | null | undefined,
  ts: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(extra)) if (!isReservedHeader(k)) headers[k] = v;
  Object.assign(headers, {
    'content-type': 'application/json',
    'user-agent': 'TraceInspector-Webhooks/1',
    'webhook-id': msg.id,
    'webhook-timestamp': String(ts),
  });
  if (secret) headers['webhook-signature'] = sign(secret, msg.id, ts, msg.body);
  return headers;
}

export class DeliveryLoop {
  private readonly store: AlertStore;
  private readonly o: DeliveryOptions;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly changed: (id: string) => void;

  constructor(store: AlertStore, options: Partial<DeliveryOptions>, changed: (id: string) => void = () => {}) {
    this.store = store;
    this.o = { ...DELIVERY_DEFAULTS, ...options };
    this.changed = changed;
  }

  /** Looks at the outbox now (after new messages) and then whenever the next one is due. */
  kick(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.o.now();
    for (const msg of this.store.due(now, this.o.concurrency * 4)) {
      if (this.inFlight.size >= this.o.concurrency) break;
      if (this.inFlight.has(msg.id)) continue;
      this.inFlight.set(
        msg.id,
        this.send(msg).finally(() => {
          this.inFlight.delete(msg.id);
          this.kick();
        }),
      );
    }
    const next = this.store.nextDueAt();
    if (next !== null && this.inFlight.size < this.o.concurrency) {
      this.timer = setTimeout(() => this.kick(), Math.max(10, Math.min(next - now, 60_000)));
      this.timer.unref();
    }
  }

  /** Stops sending; requests under way finish (at most the timeout) and are recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async send(msg: OutboxMessage): Promise<void> {
    const started = this.o.now();
    let hook: ReturnType<AlertStore['deliveryTarget']>;
    try {
      hook = this.store.deliveryTarget(msg.webhookId);
    } catch (err) {
      // The secrets are sealed by a keychain this process cannot use: wait, as for a failed attempt.
      const retryAt = this.o.now() + backoffMs(msg.attempts + 1, this.o);
      this.store.recordAttempt(
        msg.id,
        { at: started, statusCode: null, error: (err as Error).message, durationMs: 0 },
        retryAt > msg.deadlineAt ? { status: 'gave-up' } : { status: 'pending', at: retryAt },
      );
      this.changed(msg.id);
      return;
    }
    const gone = !hook
      ? 'webhook deleted'
      : !hook.enabled
        ? 'webhook disabled'
        : !hook.secrets
          ? "the webhook's URL and secrets are missing from the config folder: edit the webhook and enter them again"
          : null;
    if (gone || !hook?.secrets) {
      this.store.recordAttempt(
        msg.id,
        { at: started, statusCode: null, error: gone, durationMs: 0 },
        { status: 'gave-up' },
      );
      this.changed(msg.id);
      return;
    }
    const { url, headers: extra, secret } = hook.secrets;
    const attemptId = this.store.startAttempt(msg.id, started);
    const headers = messageHeaders(msg, extra, secret, Math.floor(started / 1000));
    const target = withoutCredentials(url, headers);
    let attempt: DeliveryAttempt;
    try {
      const res = await this.o.post(target, {
        body: msg.body,
        headers,
        timeoutMs: this.o.timeoutMs,
        drainBytes: BODY_DRAINED_BYTES,
        keepBytes: BODY_KEPT_BYTES,
      });
      const ok = res.status >= 200 && res.status < 300;
      attempt = {
        at: started,
        statusCode: res.status,
        error: ok ? null : redactUrl(`HTTP ${res.status}${excerpt(res.body)}`, url),
        durationMs: this.o.now() - started,
      };
    } catch (err) {
      // Errors may quote the URL (a parse failure does): the log gets its masked form.
      attempt = {
        at: started,
        statusCode: null,
        error: redactUrl(describeError(err, this.o.timeoutMs), url),
        durationMs: this.o.now() - started,
      };
    }
    const ok = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
    const retryAt = this.o.now() + backoffMs(msg.attempts + 1, this.o);
    this.store.recordAttempt(
      msg.id,
      attempt,
      ok
        ? { status: 'delivered' }
        : retryAt > msg.deadlineAt
          ? { status: 'gave-up' }
          : { status: 'pending', at: retryAt },
      attemptId,
    );
    this.changed(msg.id);
  }
}
