// Stops the tracer from hammering a database it cannot write (locked by another process, disk
// full, read-only). After `threshold` failed flushes in a row it opens: no write is attempted
// until the cool-down passes; then one attempt (half-open) closes it or opens it again for twice
// as long, up to maxCooldownMs.

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  threshold?: number;
  cooldownMs?: number;
  maxCooldownMs?: number;
}

export class CircuitBreaker {
  private readonly threshold: number;
  private readonly baseCooldown: number;
  private readonly maxCooldown: number;
  private failures = 0;
  private cooldown: number;
  private openedAt = 0;
  state: BreakerState = 'closed';
  /** Times the breaker has opened since the tracer started. */
  opens = 0;

  constructor(opts: BreakerOptions = {}) {
    this.threshold = opts.threshold ?? 3;
    this.baseCooldown = opts.cooldownMs ?? 1000;
    this.maxCooldown = opts.maxCooldownMs ?? 30_000;
    this.cooldown = this.baseCooldown;
  }

  /** Consecutive failed attempts (0 once a write succeeds). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /** Whether a write may be attempted now; moves an open breaker whose cool-down is over to half-open. */
  allow(now: number): boolean {
    if (this.state !== 'open') return true;
    if (now - this.openedAt < this.cooldown) return false;
    this.state = 'half-open';
    return true;
  }

  success(): void {
    this.failures = 0;
    this.cooldown = this.baseCooldown;
    this.state = 'closed';
  }

  failure(now: number): void {
    this.failures++;
    if (this.state === 'half-open') {
      this.cooldown = Math.min(this.cooldown * 2, this.maxCooldown);
      this.open(now);
    } else if (this.state === 'closed' && this.failures >= this.threshold) this.open(now);
  }

  private open(now: number): void {
    this.state = 'open';
    this.openedAt = now;
    this.opens++;
  }
}
