// Bundles the Electron side with esbuild: the main process and the engine's worker threads as ES
// modules (.mjs: unambiguous even where no package.json is beside them, as in app.asar.unpacked),
// and the preload as CommonJS (a sandboxed preload cannot be an ES module). better-sqlite3 stays
// external: its native prebuild is loaded from node_modules (unpacked from the asar when packaged).
// The files it writes are listed once, in main/build-freshness.ts (what `npm start` checks).
import { build, type BuildOptions } from 'esbuild';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..');

// Bundled CommonJS dependencies may call require(); ESM output has none, so give it one.
const ESM_REQUIRE =
  "import { createRequire as __tiCreateRequire } from 'node:module'; const require = __tiCreateRequire(import.meta.url);";

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  sourcemap: false,
  logLevel: 'warning',
  legalComments: 'none',
};

export async function buildDesktop(): Promise<void> {
  await Promise.all([
    build({
      ...common,
      format: 'esm',
      entryPoints: {
        'electron-main': join(ROOT, 'main', 'electron-main.ts'),
        'query-worker': join(ROOT, 'db', 'engine', 'query-worker.ts'),
        'index-worker': join(ROOT, 'db', 'engine', 'index-worker.ts'),
        // Started by the index worker for the first build's reads (db/index/bulk-reader.ts finds it beside itself).
        'bulk-reader-thread': join(ROOT, 'db', 'index', 'bulk-reader-thread.ts'),
        'alerts-worker': join(ROOT, 'db', 'alerts', 'alerts-worker.ts'),
        'probe-child': join(ROOT, 'db', 'source', 'probe-child.ts'),
        'sql-child': join(ROOT, 'db', 'sql', 'sql-child.ts'),
      },
      outdir: join(ROOT, 'dist', 'main'),
      outExtension: { '.js': '.mjs' },
      external: ['electron', 'better-sqlite3'],
      banner: { js: ESM_REQUIRE },
    }),
    build({
      ...common,
      format: 'cjs',
      entryPoints: [join(ROOT, 'preload', 'preload.ts')],
      outfile: join(ROOT, 'dist', 'preload', 'preload.cjs'),
      external: ['electron'],
    }),
  ]);
}

if (import.meta.main) await buildDesktop();
