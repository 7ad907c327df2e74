// electron-builder.yml, validated as far as these machines allow: the schema check electron-builder
// runs first, then a real unpacked Linux package built against a stand-in Electron (its binary
// cannot be downloaded here), whose asar and unpacked files are inspected, and whose unpacked
// engine workers answer a query on a real database.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../db/engine/engine.ts';
import { createTraceDb, sampleRows, tempDir } from '../fixtures/trace-db.ts';
import { waitUntilLive } from '../fixtures/engine.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const require = createRequire(join(ROOT, 'package.json'));
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** The V1 fuse wire's order (@electron/fuses FuseV1Options). */
const FUSE_NAMES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
];

describe('packaging (electron-builder.yml)', () => {
  const out = tempDir('ti-package-');
  const app = join(out, 'linux-unpacked', 'resources');
  let files: string[] = [];

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'main', 'electron-main.mjs')))
      throw new Error('dist/ is missing: run `npm run build` first (npm test does).');
    // A stand-in for Electron's unpacked distribution: electron-builder copies it and renames the
    // executable; nothing runs it.
    const electronDist = join(out, 'electron-dist');
    mkdirSync(join(electronDist, 'resources'), { recursive: true });
    // Electron's binary carries a fuse wire after a sentinel (@electron/fuses): the stand-in gets
    // one with every fuse on, so the package shows which ones electron-builder flipped.
    writeFileSync(
      join(electronDist, 'electron'),
      Buffer.concat([
        readFileSync(process.execPath),
        Buffer.from(FUSE_SENTINEL),
        Buffer.from([1, FUSE_NAMES.length]),
        Buffer.alloc(FUSE_NAMES.length, 0x31),
      ]),
      { mode: 0o755 },
    );
    writeFileSync(join(electronDist, 'version'), '45.4.1');
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
        '--linux',
        'dir',
        '--config',
        'electron-builder.yml',
        `-c.electronDist=${electronDist}`,
        '-c.electronVersion=45.4.1',
        `-c.directories.output=${out}`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_BUILDER_CACHE: join(out, 'cache') },
      },
    );
    if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
    const asar = require('@electron/asar') as { listPackage(path: string, opts: object): string[] };
    files = asar.listPackage(join(app, 'app.asar'), {}).map((f) => f.replace(/\\/g, '/'));
  }, 180_000);

  it('passes electron-builder’s own schema validation', async () => {
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, { isEnabled: false, add() {} })).resolves.toBeUndefined();
    // The check is real: a misplaced option fails it.
    await expect(
      validateConfiguration({ ...config, linux: { ...config.linux, dmgTitle: 'x' } }, { isEnabled: false, add() {} }),
    ).rejects.toThrow(/Invalid configuration object/);
    expect(config).toMatchObject({
      appId: 'dev.traceinspector.app',
      npmRebuild: false,
      fileAssociations: [{ ext: ['db', 'sqlite', 'sqlite3'] }],
    });
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
  });

  it('turns off the fuses that let the signed app run as a plain Node, and loads only its checked asar', async () => {
    const yaml = require('js-yaml') as { load(text: string): { electronFuses?: Record<string, boolean> } };
    const fuses = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).electronFuses;
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    // And the packaged binary really has them flipped (the stand-in started with all of them on).
    const { getCurrentFuseWire } = require('@electron/fuses') as {
      getCurrentFuseWire: (path: string) => Promise<Record<string, number>>;
    };
    const wire = await getCurrentFuseWire(join(out, 'linux-unpacked', 'trace-inspector'));
    const state = Object.fromEntries(
      FUSE_NAMES.map((n, i) => [n, wire[i] === 0x31 ? 'on' : wire[i] === 0x30 ? 'off' : 'unset']),
    );
    expect(state).toMatchObject({
      RunAsNode: 'off',
      EnableNodeOptionsEnvironmentVariable: 'off',
      EnableNodeCliInspectArguments: 'off',
      EnableEmbeddedAsarIntegrityValidation: 'on',
      OnlyLoadAppFromAsar: 'on',
    });
  });

  it('packs the main process, preload and renderer, and leaves sources and maps out', () => {
    for (const f of [
      '/package.json',
      '/dist/main/electron-main.mjs',
      '/dist/preload/preload.cjs',
      '/dist/renderer/index.html',
    ])
      expect(files).toContain(f);
    expect(files.some((f) => f.startsWith('/dist/renderer/assets/'))).toBe(true);
    expect(
      files.filter(
        (f) => /^\/(db|main|renderer|preload|test|scripts)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'),
      ),
    ).toEqual([]);
    expect(
      files.filter(
        (f) => f.startsWith('/node_modules/better-sqlite3/deps') || f.startsWith('/node_modules/better-sqlite3/src'),
      ),
    ).toEqual([]);
    expect(files.filter((f) => /^\/node_modules\/(electron|vite|vitest|react|typescript)\//.test(f))).toEqual([]);
  });

  it('unpacks the native module and the worker scripts, which run the engine from there', async () => {
    const unpacked = join(app, 'app.asar.unpacked');
    expect(existsSync(join(unpacked, 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'))).toBe(true);
    // The first build's reader thread, which the index worker starts from beside itself (bulk-reader.ts).
    expect(existsSync(join(unpacked, 'dist', 'main', 'bulk-reader-thread.mjs'))).toBe(true);
    const dir = tempDir();
    const path = createTraceDb({ dir, rows: sampleRows(40) });
    const engine = new Engine({
      dataDir: join(dir, 'data'),
      workers: {
        query: pathToFileURL(join(unpacked, 'dist', 'main', 'query-worker.mjs')),
        index: pathToFileURL(join(unpacked, 'dist', 'main', 'index-worker.mjs')),
        alerts: pathToFileURL(join(unpacked, 'dist', 'main', 'alerts-worker.mjs')),
      },
    });
    try {
      const { db } = await engine.invoke('open', { path });
      await waitUntilLive(engine, db);
      expect((await engine.invoke('traces', { db, range: { preset: 'all' }, limit: 100 })).rows).toHaveLength(40);
      expect((await engine.invoke('alertRules', { db })).map((r) => r.name)).toEqual(['Stale variable']); // the alerts thread runs too
    } finally {
      await engine.shutdown();
    }
  });
});
