// Whether the built app (dist/) is older than its sources, so `npm start` rebuilds only when needed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIRS = ['renderer', 'db', 'main', 'preload'];
const SOURCE_FILE = /\.(ts|tsx|css|html)$/;

function newestMtime(dir: string): number {
  let newest = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of entries) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (SOURCE_FILE.test(name)) newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

export function buildOutputs(root: string): string[] {
  return [
    join(root, 'dist', 'renderer', 'index.html'),
    join(root, 'dist', 'main', 'electron-main.mjs'),
    join(root, 'dist', 'main', 'query-worker.mjs'),
    join(root, 'dist', 'main', 'index-worker.mjs'),
    join(root, 'dist', 'main', 'bulk-reader-thread.mjs'),
    join(root, 'dist', 'main', 'alerts-worker.mjs'),
    join(root, 'dist', 'main', 'probe-child.mjs'),
    join(root, 'dist', 'main', 'sql-child.mjs'),
    join(root, 'dist', 'preload', 'preload.cjs'),
  ];
}

export function needsBuild(root: string): boolean {
  const outputs = buildOutputs(root);
  if (!outputs.every((p) => existsSync(p))) return true;
  const oldestOutput = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const newestSource = Math.max(
    ...SOURCE_DIRS.map((d) => newestMtime(join(root, d))),
    statSync(join(root, 'package.json')).mtimeMs,
  );
  return newestSource > oldestOutput;
}
