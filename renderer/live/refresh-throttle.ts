// Live events arrive many times a second under a busy writer; a panel reloads at most once per
// interval, never with two loads in flight, and always once more after the last event (trailing),
// so what is on screen catches up with the file without a query per event.

export interface Clock {
  now: () => number;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RefreshThrottle {
  /** Ask for a reload; coalesced with every other request until it runs. */
  request: () => void;
  /** Forget pending requests (the panel unmounted or its query changed). */
  cancel: () => void;
}

export function createRefreshThrottle(
  run: () => Promise<unknown>,
  intervalMs: number,
  clock: Clock = realClock,
): RefreshThrottle {
  let lastStart = -Infinity;
  let timer: unknown = null;
  let running = false;
  let again = false;
  let cancelled = false;

  const fire = async () => {
    timer = null;
    if (cancelled) return;
    running = true;
    lastStart = clock.now();
    try {
      await run();
    } catch {
      // the load reports its own errors; the throttle only schedules
    } finally {
      running = false;
      if (again && !cancelled) {
        again = false;
        request();
      }
    }
  };

  function request(): void {
    cancelled = false;
    if (running) {
      again = true;
      return;
    }
    if (timer !== null) return;
    timer = clock.setTimeout(() => void fire(), Math.max(0, lastStart + intervalMs - clock.now()));
  }

  return {
    request,
    cancel() {
      cancelled = true;
      again = false;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
