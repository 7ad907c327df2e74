import { describe, expect, it } from 'vitest';
import { createRefreshThrottle, type Clock } from '../../../renderer/live/refresh-throttle.ts';

/** A manual clock: timers fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const clock: Clock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      timers = timers.filter((t) => t.id !== id);
    },
  };
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
    now = end;
    await new Promise((r) => setImmediate(r));
  };
  return { clock, advance };
}

describe('refresh throttle', () => {
  it('runs the first request at once and coalesces a burst into one trailing reload', async () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = createRefreshThrottle(async () => void runs++, 1000, clock);
    t.request();
    await advance(0);
    expect(runs).toBe(1);
    for (let i = 0; i < 50; i++) {
      t.request();
      await advance(10);
    }
    // 500 ms into the interval: still one run; the trailing one comes at 1000 ms.
    expect(runs).toBe(1);
    await advance(500);
    expect(runs).toBe(2);
    await advance(5000);
    expect(runs).toBe(2);
  });

  it('never runs at a higher rate than one per interval under a continuous stream of events', async () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = createRefreshThrottle(async () => void runs++, 1500, clock);
    for (let i = 0; i < 600; i++) {
      t.request();
      await advance(25); // 40 events/s for 15 s
    }
    expect(runs).toBeGreaterThanOrEqual(10);
    expect(runs).toBeLessThanOrEqual(11);
  });

  it('never has two loads in flight: a request during a slow load runs once after it', async () => {
    const { clock, advance } = fakeClock();
    let inFlight = 0;
    let maxInFlight = 0;
    let runs = 0;
    let finish: (() => void) | null = null;
    const t = createRefreshThrottle(
      () => {
        runs++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<void>((r) => (finish = () => (inFlight--, r())));
      },
      100,
      clock,
    );
    t.request();
    await advance(0);
    t.request();
    t.request();
    await advance(1000);
    expect(runs).toBe(1);
    finish!();
    await advance(0);
    await advance(100);
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it('runs nothing after cancel', async () => {
    const { clock, advance } = fakeClock();
    let runs = 0;
    const t = createRefreshThrottle(async () => void runs++, 1000, clock);
    t.request();
    await advance(0);
    t.request();
    t.cancel();
    await advance(5000);
    expect(runs).toBe(1);
  });
});
