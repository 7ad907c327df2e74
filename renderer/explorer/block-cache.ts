// A bounded LRU of fixed-size blocks of rows. A 10M-row database is never held in memory: only
// the blocks around what the grid shows (60 blocks of 100 rows: a few MB at most).

export interface Block<T> {
  rows: T[];
  /** The engine's cursor for the block after this one (null at the end). */
  nextCursor: string | null;
}

export class BlockCache<T> {
  private blocks = new Map<number, Block<T>>();
  readonly maxBlocks: number;

  constructor(maxBlocks: number) {
    this.maxBlocks = maxBlocks;
  }

  get(index: number): Block<T> | undefined {
    const b = this.blocks.get(index);
    if (b) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      this.blocks.delete(index);
      this.blocks.set(index, b);
    }
    return b;
  }

  /** Without touching recency (for a lookahead that must not keep a block alive). */
  peek(index: number): Block<T> | undefined {
    return this.blocks.get(index);
  }

  set(index: number, block: Block<T>): void {
    this.blocks.delete(index);
    this.blocks.set(index, block);
    while (this.blocks.size > this.maxBlocks) {
      const oldest = this.blocks.keys().next().value as number;
      this.blocks.delete(oldest);
    }
  }

  /** Every cached block with its index, least recently used first. */
  entries(): IterableIterator<[number, Block<T>]> {
    return this.blocks.entries();
  }

  clear(): void {
    this.blocks.clear();
  }

  get size(): number {
    return this.blocks.size;
  }

  /** Rows held in memory now. */
  get rowCount(): number {
    let n = 0;
    for (const b of this.blocks.values()) n += b.rows.length;
    return n;
  }
}
