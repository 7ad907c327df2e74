// serve mode runs the engine's threads from the bundles `npm run build` makes (the same files the
// desktop app runs) when they are up to date with the sources. Measured on Node 24: a worker
// started from .ts sources costs ~26 MB of resident memory (type stripping runs in every thread),
// a bundled one ~14 MB; with four threads that is ~45 MB of the 300 MB budget at 1M rows.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EngineOptions } from '../../db/engine/engine.ts';
import { needsBuild } from '../build-freshness.ts';

export function bundledWorkers(root: string): EngineOptions['workers'] {
  if (needsBuild(root)) return undefined; // sources changed since the last build: run them directly
  const at = (name: string) => pathToFileURL(join(root, 'dist', 'main', `${name}.mjs`));
  return {
    query: at('query-worker'),
    index: at('index-worker'),
    alerts: at('alerts-worker'),
    probe: at('probe-child'),
    sql: at('sql-child'),
  };
}
