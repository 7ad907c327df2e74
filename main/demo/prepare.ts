// Creates the demo database and its sources: what `npm run demo` and `serve` with no file open.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_SEED, generateTraceDb, type GenerateResult } from './generate.ts';

export interface PrepareDemoOptions {
  /** Default: .demo/ at the repository root (git-ignored). */
  outDir?: string;
  /** Rows of history (default 200,000: a few seconds to write, a day of traffic to explore). */
  rows?: number;
  seed?: number;
}

export interface PreparedDemo {
  dbPath: string;
  sourceDir: string;
  generated: GenerateResult;
}

export const DEFAULT_DEMO_DIR = resolve(import.meta.dirname, '..', '..', '.demo');
export const DEFAULT_DEMO_ROWS = 200_000;

/** Replaces <outDir>/demo.db (with its -wal/-shm) by a fresh history ending now; sources go to <outDir>/src. */
export function prepareDemo(opts: PrepareDemoOptions = {}): PreparedDemo {
  const outDir = resolve(opts.outDir ?? DEFAULT_DEMO_DIR);
  mkdirSync(outDir, { recursive: true });
  const dbPath = join(outDir, 'demo.db');
  const sourceDir = join(outDir, 'src');
  const generated = generateTraceDb({
    path: dbPath,
    rows: opts.rows ?? DEFAULT_DEMO_ROWS,
    seed: opts.seed ?? DEFAULT_SEED,
    sourceDir,
  });
  return { dbPath, sourceDir, generated };
}
