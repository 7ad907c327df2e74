// The open Server-Sent Events streams of the HTTP server, with bounds: a cap on how many may be
// open at once, and a client that stops reading is dropped instead of having its events buffered
// in this process without limit (a stalled tab, or a local process holding streams open on purpose).
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface EventStreamLimits {
  /** Streams open at once; the next one is refused with 429. */
  maxStreams: number;
  /**
   * Unsent bytes of earlier events beyond which the client is taken to have stopped reading and is
   * dropped. A stream holds at most this plus one event (a few MB), so 16 streams stay under ~100 MB.
   */
  maxBufferedBytes: number;
  /** How long a full buffer may wait for 'drain' before the stream is dropped. */
  drainTimeoutMs: number;
}

// 4 MiB: two of the largest rows events; a browser on loopback reads far faster than the engine emits.
export const DEFAULT_STREAM_LIMITS: EventStreamLimits = {
  maxStreams: 16,
  maxBufferedBytes: 4 << 20,
  drainTimeoutMs: 30_000,
};

export interface DroppedStream {
  reason: 'buffer-full' | 'no-drain';
  bufferedBytes: number;
}

const KEEPALIVE_MS = 15_000;

export class EventStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly limits: EventStreamLimits;
  private readonly onDropped?: (d: DroppedStream) => void;

  constructor(limits: Partial<EventStreamLimits> = {}, onDropped?: (d: DroppedStream) => void) {
    this.limits = { ...DEFAULT_STREAM_LIMITS, ...limits };
    this.onDropped = onDropped;
  }

  get size(): number {
    return this.open.size;
  }

  get full(): boolean {
    return this.open.size >= this.limits.maxStreams;
  }

  /**
   * Starts a stream on `res`. `subscribe` gets the function that sends one event and returns its
   * unsubscribe function, called when the stream ends for any reason.
   */
  start(
    req: IncomingMessage,
    res: ServerResponse,
    subscribe: (send: (event: string, payload: unknown) => void) => () => void,
  ): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.open.add(res);
    let drainTimer: NodeJS.Timeout | null = null;
    let ended = false;
    let unsubscribe = () => {};
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(keepalive);
      if (drainTimer) clearTimeout(drainTimer);
      unsubscribe();
      this.open.delete(res);
    };
    const drop = (reason: DroppedStream['reason']) => {
      const bufferedBytes = res.writableLength;
      end();
      res.destroy();
      this.onDropped?.({ reason, bufferedBytes });
    };
    const write = (text: string) => {
      if (ended) return;
      // Only the backlog of earlier events says the client stopped reading: one large event
      // (a rows event of 200 wide rows is ~2 MB) passes the socket's high-water mark on a healthy one too.
      if (res.writableLength > this.limits.maxBufferedBytes) return drop('buffer-full');
      if (res.write(text) || drainTimer) return;
      drainTimer = setTimeout(() => drop('no-drain'), this.limits.drainTimeoutMs);
      res.once('drain', () => {
        if (drainTimer) clearTimeout(drainTimer);
        drainTimer = null;
      });
    };
    const keepalive = setInterval(() => write(': keepalive\n\n'), KEEPALIVE_MS);
    unsubscribe = subscribe((event, payload) => write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`));
    if (ended) unsubscribe(); // dropped by an event sent during subscribe
    write(': connected\n\n');
    req.on('close', end);
    res.on('close', end);
    res.on('error', end);
  }

  closeAll(): void {
    for (const res of this.open) res.end();
  }
}
