// The explorer's windowed row model over one snapshot of a filter: row number i (newest first) is
// fetched by block, through the engine's keyset cursor when the block before is cached (scrolling
// down) and through `offset` otherwise (a dragged scrollbar), so no jump walks the rows before it.
import type { ApiError, ApiResult, TraceRow, TracesPage } from '../../db/api/inspector-api.ts';
import { BlockCache, type Block } from './block-cache.ts';

export interface PageRequest {
  limit: number;
  offset?: number;
  cursor?: string;
}
export type PageFetcher = (req: PageRequest) => Promise<ApiResult<TracesPage>>;

export class FetchError extends Error {
  readonly error: ApiError;
  constructor(error: ApiError) {
    super(error.message);
    this.error = error;
  }
}

export class RowWindow {
  readonly blockSize: number;
  private cache: BlockCache<TraceRow>;
  private inflight = new Map<number, Promise<Block<TraceRow>>>();
  private fetchPage: PageFetcher;

  constructor(fetchPage: PageFetcher, opts: { blockSize?: number; maxBlocks?: number } = {}) {
    this.fetchPage = fetchPage;
    this.blockSize = opts.blockSize ?? 100;
    this.cache = new BlockCache(opts.maxBlocks ?? 60);
  }

  /** Rows [start, end) in order; fewer at the end of the data. */
  async range(start: number, end: number): Promise<TraceRow[]> {
    if (end <= start) return [];
    const first = Math.floor(start / this.blockSize);
    const last = Math.floor((end - 1) / this.blockSize);
    const blocks: Block<TraceRow>[] = [];
    // Sequentially: block k+1 can then use block k's cursor instead of a seek.
    for (let b = first; b <= last; b++) {
      const block = await this.block(b);
      blocks.push(block);
      if (block.rows.length < this.blockSize) break;
    }
    const rows = blocks.flatMap((b) => b.rows);
    const from = start - first * this.blockSize;
    return rows.slice(from, from + (end - start));
  }

  /** A row already in memory, or undefined. */
  peek(index: number): TraceRow | undefined {
    return this.cache.peek(Math.floor(index / this.blockSize))?.rows[index % this.blockSize];
  }

  /** Index of a row id among the cached blocks (-1 when not loaded). */
  findLoaded(id: number): number {
    for (const [b, block] of this.cache.entries()) {
      const i = block.rows.findIndex((r) => r.id === id);
      if (i >= 0) return b * this.blockSize + i;
    }
    return -1;
  }

  /** Rows held in memory now (bounded by the cache). */
  get loadedRows(): number {
    return this.cache.rowCount;
  }

  private block(b: number): Promise<Block<TraceRow>> {
    const cached = this.cache.get(b);
    if (cached) return Promise.resolve(cached);
    const pending = this.inflight.get(b);
    if (pending) return pending;
    const prev = this.cache.peek(b - 1);
    // The block before was the last one (a short page without a cursor).
    if (b > 0 && prev && !prev.nextCursor) return Promise.resolve({ rows: [], nextCursor: null });
    const req: PageRequest = { limit: this.blockSize };
    if (prev?.nextCursor) {
      req.cursor = prev.nextCursor;
    } else if (b > 0) {
      req.offset = b * this.blockSize;
    }
    const p = this.fetchPage(req).then(
      (res) => {
        this.inflight.delete(b);
        if (!res.ok) throw new FetchError(res.error);
        const block = { rows: res.value.rows, nextCursor: res.value.nextCursor };
        this.cache.set(b, block);
        return block;
      },
      (err: unknown) => {
        this.inflight.delete(b);
        throw err;
      },
    );
    this.inflight.set(b, p);
    return p;
  }
}
