// Loads one panel's data and keeps it current: reloads when its inputs change, and while live on
// the database's events (throttled). The previous data stays on screen while a reload runs, so a
// refresh never blanks a panel.
import { useEffect, useRef, useState } from 'react';
import type { ApiError, ApiResult, EventName, InspectorApi } from '../../db/api/inspector-api.ts';
import { answerKey, keepAnswer, keptAnswer } from './kept-answers.ts';
import { createRefreshThrottle } from './refresh-throttle.ts';

export interface LiveQueryState<T> {
  data: T | null;
  error: ApiError | null;
  /** True until the first answer (success or error) for the current inputs. */
  loading: boolean;
  /** When the data on screen was loaded (ms epoch). */
  loadedAt: number | null;
}

export interface LiveQueryOptions {
  api: InspectorApi;
  db: string;
  live: boolean;
  /** Events that mean the answer may have changed. */
  events?: EventName[];
  /** At most one reload per this many ms while live (default: the user's refresh interval, 1.5 s). */
  throttleMs?: number;
  /** Also reload this often while live, so ages and "now" ranges move on without events. */
  pollMs?: number;
  /** Keep the last answer under this name, so the panel drawn again shows it at once (with its age). */
  keepAs?: string;
}

/**
 * The cadence of the analyses that read a function's or the file's calls (calls, history, shape,
 * error groups): new rows reload them at most every 5 s, and a 30 s poll moves "now" ranges on.
 */
export const ANALYSIS_REFRESH: Pick<LiveQueryOptions, 'events' | 'throttleMs' | 'pollMs'> = {
  events: ['rows'],
  throttleMs: 5000,
  pollMs: 30_000,
};

/** The user's refresh interval setting: the throttle of every panel that names none. */
let settingThrottleMs = 1500;
export function setLiveRefreshMs(ms: number): void {
  settingThrottleMs = ms;
}

export function useLiveQuery<T>(
  load: () => Promise<ApiResult<T>>,
  key: string,
  opts: LiveQueryOptions,
): LiveQueryState<T> {
  const { api, db, live, events = ['rows', 'stale', 'status'], throttleMs = settingThrottleMs, pollMs = 5000 } = opts;
  const keepKey = opts.keepAs === undefined ? null : answerKey(db, opts.keepAs, key);
  const [state, setState] = useState<LiveQueryState<T>>(() => fromKept<T>(keepKey) ?? EMPTY);
  const loadRef = useRef(load);
  loadRef.current = load;
  const eventKey = events.join(',');

  useEffect(() => {
    let gone = false;
    // Answers that arrive out of order (a slow load overtaken by a newer one) are dropped.
    let seq = 0;
    let shown = 0;
    const reload = async () => {
      const mine = ++seq;
      const r = await loadRef.current();
      if (gone || mine < shown) return;
      shown = mine;
      const loadedAt = Date.now();
      if (r.ok && keepKey !== null) keepAnswer(keepKey, { data: r.value, loadedAt });
      setState((prev) =>
        r.ok ? { data: r.value, error: null, loading: false, loadedAt } : { ...prev, error: r.error, loading: false },
      );
    };
    setState((prev) => {
      const k = fromKept<T>(keepKey);
      if (k) return k.data === prev.data ? prev : k;
      return { ...prev, loading: prev.data === null, error: null };
    });
    const throttle = createRefreshThrottle(reload, throttleMs);
    throttle.request();
    const ctl = new AbortController();
    let poll: ReturnType<typeof setInterval> | undefined;
    if (live) {
      for (const e of eventKey.split(',') as EventName[])
        api.on(e, db, () => throttle.request(), { signal: ctl.signal });
      poll = setInterval(() => throttle.request(), pollMs);
    }
    return () => {
      gone = true;
      throttle.cancel();
      ctl.abort();
      clearInterval(poll);
    };
  }, [api, db, key, live, eventKey, throttleMs, pollMs, keepKey]);

  return state;
}

const EMPTY: LiveQueryState<never> = { data: null, error: null, loading: true, loadedAt: null };

function fromKept<T>(keepKey: string | null): LiveQueryState<T> | null {
  const k = keepKey === null ? undefined : keptAnswer(keepKey);
  return k ? { data: k.data as T, error: null, loading: false, loadedAt: k.loadedAt } : null;
}
