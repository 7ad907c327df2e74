// InspectorApi over the headless HTTP transport (`serve` mode). Every operation is a POST to
// /api/<name>; the method list is not repeated here: a Proxy turns any property into that call,
// and the InspectorApi type (derived from the API table) says which names exist.
import type { ApiResult, EventName, InspectorApi, InspectorEvents } from '../../db/api/inspector-api.ts';

type Listener = (payload: unknown) => void;

export interface HttpClientOptions {
  /** Server origin, e.g. http://127.0.0.1:7420 (default: the page's own origin). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Delay before reconnecting a dropped event stream. */
  retryMs?: number;
  /**
   * The server's token, for clients outside the page (scripts, benches): sent as a Bearer header.
   * The page itself leaves it unset: its session cookie rides along with same-origin requests.
   */
  token?: string;
}

export function createHttpClient(opts: HttpClientOptions = {}): InspectorApi {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch.bind(globalThis);
  const retryMs = opts.retryMs ?? 1000;
  const auth: Record<string, string> = opts.token ? { authorization: `Bearer ${opts.token}` } : {};
  const streams = new Map<string, EventStream>();

  async function call(name: string, input: unknown): Promise<ApiResult<unknown>> {
    try {
      const res = await doFetch(`${base}/api/${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(input ?? {}),
      });
      return (await res.json()) as ApiResult<unknown>;
    } catch (err) {
      return {
        ok: false,
        error: {
          kind: 'closed',
          message: `Trace Inspector's engine cannot be reached (${failure(err)}). Is \`npm run serve\` still running?`,
        },
      };
    }
  }

  function on<E extends EventName>(
    event: E,
    db: string,
    listener: (payload: InspectorEvents[E]) => void,
    o: { signal?: AbortSignal } = {},
  ): () => void {
    let stream = streams.get(db);
    if (!stream) {
      stream = new EventStream(`${base}/api/events?db=${encodeURIComponent(db)}`, doFetch, retryMs, auth);
      streams.set(db, stream);
    }
    const s = stream;
    const off = s.add(event, listener as Listener);
    const stop = () => {
      off();
      if (s.size === 0) {
        s.close();
        streams.delete(db);
      }
    };
    o.signal?.addEventListener('abort', stop, { once: true });
    return stop;
  }

  return new Proxy({ on } as unknown as InspectorApi, {
    get(target, name) {
      if (name === 'on') return on;
      if (typeof name !== 'string' || name === 'then') return undefined; // not a thenable
      return (input: unknown) => call(name, input);
    },
  });
}

/**
 * fetch's own message is only "fetch failed"; what failed (a reset socket, a refused connection,
 * a timeout) is in its cause, and is what tells one failure from another in a bench log.
 */
function failure(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = [cause?.code, cause?.message].filter(Boolean).join(': ');
  return why ? `${(err as Error).message}: ${why}` : (err as Error).message;
}

/** One Server-Sent Events stream read with fetch (so it can be aborted), reconnecting when it drops. */
class EventStream {
  private listeners = new Map<string, Set<Listener>>();
  private controller = new AbortController();

  constructor(url: string, doFetch: typeof fetch, retryMs: number, auth: Record<string, string>) {
    void this.run(url, doFetch, retryMs, auth);
  }

  get size(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }

  add(event: string, l: Listener): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(l);
    return () => set.delete(l);
  }

  close(): void {
    this.controller.abort();
  }

  private async run(url: string, doFetch: typeof fetch, retryMs: number, auth: Record<string, string>): Promise<void> {
    while (!this.controller.signal.aborted) {
      try {
        const res = await doFetch(url, {
          signal: this.controller.signal,
          credentials: 'same-origin',
          headers: { accept: 'text/event-stream', ...auth },
        });
        const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            this.dispatch(buf.slice(0, end));
            buf = buf.slice(end + 2);
          }
        }
      } catch {
        // dropped or aborted: retry below unless closed
      }
      if (!this.controller.signal.aborted) await new Promise((r) => setTimeout(r, retryMs));
    }
  }

  private dispatch(block: string): void {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (!data) return;
    const payload = JSON.parse(data) as unknown;
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
}
