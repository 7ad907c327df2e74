// Reading a traced function's source: only text files under the trace database's folder or a
// source root the user gave, with symlinks resolved first; everything else is refused by kind.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InspectorError } from '../../../db/api/errors.ts';
import { mapRecordedPath, MAX_SOURCE_BYTES, readSource } from '../../../db/query/source.ts';
import { createTraceDb, tempDir } from '../../fixtures/trace-db.ts';
import { newEngine, openLive } from '../engine/engine-harness.ts';

const PY = 'import os\n\n\ndef place_order(order_id):\n    return {"ok": True}\n';

/** A database folder with a source inside it, and a folder elsewhere with a secret. */
function layout() {
  const dbDir = tempDir('ti-src-db-');
  const dbPath = join(dbDir, 'traces.db');
  writeFileSync(dbPath, '');
  mkdirSync(join(dbDir, 'app', 'orders'), { recursive: true });
  writeFileSync(join(dbDir, 'app', 'orders', 'service.py'), PY);
  const outside = tempDir('ti-src-outside-');
  writeFileSync(join(outside, 'secret.txt'), 'token=hunter2\n');
  return { dbDir, dbPath, outside };
}

async function kindOf(p: Promise<unknown>): Promise<{ kind: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InspectorError);
    const e = err as InspectorError;
    expect(e.message.length).toBeGreaterThan(10);
    return { kind: e.kind, details: e.details };
  }
  throw new Error('expected a refusal');
}

describe('mapRecordedPath', () => {
  it('maps the longest matching prefix on whole path segments, from either separator', () => {
    const roots = [
      { from: '/srv/app', to: '/home/me/app' },
      { from: '/srv/app/vendor', to: '/opt/vendor' },
      { from: 'C:\\build\\svc', to: '/home/me/svc' },
    ];
    expect(mapRecordedPath('/srv/app/orders/service.py', roots, '/db')).toBe('/home/me/app/orders/service.py');
    expect(mapRecordedPath('/srv/app/vendor/lib.py', roots, '/db')).toBe('/opt/vendor/lib.py');
    expect(mapRecordedPath('/srv/application/x.py', roots, '/db')).toBe('/srv/application/x.py');
    expect(mapRecordedPath('C:\\build\\svc\\pkg\\mod.py', roots, '/db')).toBe('/home/me/svc/pkg/mod.py');
    expect(mapRecordedPath('pkg/mod.py', [], '/db')).toBe('/db/pkg/mod.py');
  });
});

describe('readSource', () => {
  it("reads a source under the database's folder, by absolute or relative recorded path", async () => {
    const { dbDir, dbPath } = layout();
    const abs = await readSource({
      process: 'orders.place_order',
      recordedPath: join(dbDir, 'app', 'orders', 'service.py'),
      line: 4,
      dbPath,
      roots: [],
    });
    expect(abs).toMatchObject({ text: PY, language: 'python', line: 4, size: PY.length });
    const rel = await readSource({
      process: 'orders.place_order',
      recordedPath: 'app/orders/service.py',
      line: 4,
      dbPath,
      roots: [],
    });
    expect(rel.text).toBe(PY);
    expect(rel.recordedPath).toBe('app/orders/service.py');
  });

  it('reads a source traced on another machine through a source root', async () => {
    const { dbPath } = layout();
    const local = tempDir('ti-src-root-');
    mkdirSync(join(local, 'web'));
    writeFileSync(join(local, 'web', 'handler.ts'), 'export const x: number = 1;\n');
    const r = await readSource({
      process: 'web.handler',
      recordedPath: '/build/agent/web/handler.ts',
      line: 1,
      dbPath,
      roots: [{ from: '/build/agent', to: local }],
    });
    expect(r).toMatchObject({
      language: 'typescript',
      recordedPath: '/build/agent/web/handler.ts',
      path: join(local, 'web', 'handler.ts'),
    });
  });

  it('refuses ../../etc/passwd and absolute paths outside the allowed folders', async () => {
    const { dbDir, dbPath, outside } = layout();
    const up = relative(dbDir, '/etc/passwd');
    expect(up.startsWith('..')).toBe(true);
    expect(
      (await kindOf(readSource({ process: 'p', recordedPath: '../../etc/passwd', line: 1, dbPath, roots: [] }))).kind,
    ).toMatch(/^(permission-denied|not-found)$/);
    expect((await kindOf(readSource({ process: 'p', recordedPath: up, line: 1, dbPath, roots: [] }))).kind).toBe(
      'permission-denied',
    );
    expect(
      (await kindOf(readSource({ process: 'p', recordedPath: '/etc/passwd', line: 1, dbPath, roots: [] }))).kind,
    ).toBe('permission-denied');
    const denied = await kindOf(
      readSource({ process: 'p', recordedPath: join(outside, 'secret.txt'), line: 1, dbPath, roots: [] }),
    );
    expect(denied).toMatchObject({
      kind: 'permission-denied',
      details: { recordedPath: join(outside, 'secret.txt'), reason: 'outside-roots' },
    });
  });

  it('refuses a mapped path that climbs out of its source root with ..', async () => {
    const { dbPath, outside } = layout();
    const local = tempDir('ti-src-root-');
    const climb = `/srv/app/${relative(local, join(outside, 'secret.txt'))}`;
    expect(climb).toContain('..');
    expect(
      (
        await kindOf(
          readSource({ process: 'p', recordedPath: climb, line: 1, dbPath, roots: [{ from: '/srv/app', to: local }] }),
        )
      ).kind,
    ).toBe('permission-denied');
  });

  it('refuses a symlink inside the allowed folder that points outside it', async () => {
    const { dbDir, dbPath, outside } = layout();
    symlinkSync(join(outside, 'secret.txt'), join(dbDir, 'app', 'innocent.py'));
    symlinkSync(outside, join(dbDir, 'app', 'linked-dir'));
    expect(
      (
        await kindOf(
          readSource({ process: 'p', recordedPath: join(dbDir, 'app', 'innocent.py'), line: 1, dbPath, roots: [] }),
        )
      ).kind,
    ).toBe('permission-denied');
    expect(
      (
        await kindOf(
          readSource({ process: 'p', recordedPath: 'app/linked-dir/secret.txt', line: 1, dbPath, roots: [] }),
        )
      ).kind,
    ).toBe('permission-denied');
    // A symlink that stays inside is fine.
    symlinkSync(join(dbDir, 'app', 'orders', 'service.py'), join(dbDir, 'app', 'alias.py'));
    expect((await readSource({ process: 'p', recordedPath: 'app/alias.py', line: 1, dbPath, roots: [] })).text).toBe(
      PY,
    );
  });

  it('says not-found, with the recorded path, for a file not on this machine', async () => {
    const { dbPath } = layout();
    const e = await kindOf(
      readSource({ process: 'p', recordedPath: '/srv/app/orders/service.py', line: 42, dbPath, roots: [] }),
    );
    expect(e).toMatchObject({
      kind: 'not-found',
      details: { recordedPath: '/srv/app/orders/service.py', reason: 'missing' },
    });
  });

  it('refuses folders, binary files and files over 2 MB', async () => {
    const { dbDir, dbPath } = layout();
    expect(
      (await kindOf(readSource({ process: 'p', recordedPath: 'app/orders', line: 1, dbPath, roots: [] }))).kind,
    ).toBe('not-a-file');
    writeFileSync(join(dbDir, 'app', 'blob.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
    expect(
      (await kindOf(readSource({ process: 'p', recordedPath: 'app/blob.py', line: 1, dbPath, roots: [] }))).kind,
    ).toBe('not-a-file');
    writeFileSync(join(dbDir, 'app', 'huge.py'), Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x61));
    expect(
      (await kindOf(readSource({ process: 'p', recordedPath: 'app/huge.py', line: 1, dbPath, roots: [] }))).kind,
    ).toBe('too-large');
  });
});

describe('readSource: what a hostile trace file cannot make the inspector read', () => {
  /** A fake home with a private key in it: tests never read the real home folder. */
  function fakeHome() {
    const home = tempDir('ti-home-');
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'id_ed25519'), '-----BEGIN OPENSSH PRIVATE KEY-----\n');
    const saved = process.env.HOME;
    process.env.HOME = home;
    return { home, restore: () => (process.env.HOME = saved) };
  }
  const read = (recordedPath: string, dbPath: string, roots: { from: string; to: string }[] = []) =>
    kindOf(readSource({ process: 'p', recordedPath, line: 1, dbPath, roots }));

  it('refuses UNC and device paths as written, in either separator', async () => {
    const { dbPath } = layout();
    for (const p of [
      '\\\\attacker\\share\\x.py',
      '//attacker/share/x.py',
      '\\\\?\\C:\\secret.py',
      '\\\\.\\PhysicalDrive0',
      '\\??\\C:\\x.py',
    ]) {
      expect(await read(p, dbPath), p).toMatchObject({
        kind: 'permission-denied',
        details: { reason: 'network-path' },
      });
    }
    // A mapping cannot launder one either: the check runs before any mapping.
    expect(
      await read('\\\\attacker\\share\\x.py', dbPath, [{ from: '\\\\attacker\\share', to: tempDir() }]),
    ).toMatchObject({ details: { reason: 'network-path' } });
  });

  it('refuses ~/.ssh/id_ed25519 recorded directly, from a database in the home folder or beside it', async () => {
    const { home, restore } = fakeHome();
    try {
      const key = join(home, '.ssh', 'id_ed25519');
      const inHome = join(home, 'traces.db');
      writeFileSync(inHome, '');
      expect(await read(key, inHome)).toMatchObject({
        kind: 'permission-denied',
        details: { reason: 'sensitive-folder' },
      });
      expect(await read('.ssh/id_ed25519', inHome)).toMatchObject({
        kind: 'permission-denied',
        details: { reason: 'sensitive-folder' },
      });
      mkdirSync(join(home, 'proj'));
      writeFileSync(join(home, 'proj', 'traces.db'), '');
      expect(await read(key, join(home, 'proj', 'traces.db'))).toMatchObject({
        kind: 'permission-denied',
        details: { reason: 'outside-roots' },
      });
      expect(await read('../.ssh/id_ed25519', join(home, 'proj', 'traces.db'))).toMatchObject({
        kind: 'permission-denied',
      });
      // A root mapped onto the home folder (a hand-edited settings file) is refused too.
      expect(
        await read('/srv/.ssh/id_ed25519', join(home, 'proj', 'traces.db'), [{ from: '/srv', to: home }]),
      ).toMatchObject({ kind: 'permission-denied', details: { reason: 'sensitive-folder' } });
      expect(await read('/srv/proj/x.py', join(home, 'proj', 'traces.db'), [{ from: '/srv', to: home }])).toMatchObject(
        { kind: 'permission-denied', details: { reason: 'sensitive-folder' } },
      );
    } finally {
      restore();
    }
  });

  it('refuses a root of / and hidden folders anywhere below a root', async () => {
    const { dbDir, dbPath } = layout();
    mkdirSync(join(dbDir, 'app', '.aws'));
    writeFileSync(join(dbDir, 'app', '.aws', 'credentials'), 'aws_secret_access_key=x\n');
    writeFileSync(join(dbDir, 'app', '.env'), 'TOKEN=x\n');
    expect(await read('app/.aws/credentials', dbPath)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'sensitive-folder' },
    });
    expect(await read('app/.env', dbPath)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'sensitive-folder' },
    });
    expect(await read('/srv/etc/hostname', dbPath, [{ from: '/srv', to: '/' }])).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'sensitive-folder' },
    });
  });

  it('refuses a symlink inside the root that leads to a hidden folder inside it, or outside it', async () => {
    const { dbDir, dbPath, outside } = layout();
    mkdirSync(join(dbDir, '.gnupg'));
    writeFileSync(join(dbDir, '.gnupg', 'secring.gpg'), 'secret\n');
    symlinkSync(join(dbDir, '.gnupg', 'secring.gpg'), join(dbDir, 'app', 'ring.py'));
    symlinkSync(join(dbDir, '.gnupg'), join(dbDir, 'app', 'keys'));
    symlinkSync(join(outside, 'secret.txt'), join(dbDir, 'app', 'away.py'));
    expect(await read('app/ring.py', dbPath)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'sensitive-folder' },
    });
    expect(await read('app/keys/secring.gpg', dbPath)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'sensitive-folder' },
    });
    expect(await read('app/away.py', dbPath)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'outside-roots' },
    });
  });

  it("reads a path matching mapping A only under A's folder, never through mapping B's", async () => {
    const { dbPath } = layout();
    const a = tempDir('ti-src-a-');
    const b = tempDir('ti-src-b-');
    writeFileSync(join(a, 'a.py'), 'a = 1\n');
    writeFileSync(join(b, 'b.py'), 'b = 1\n');
    const roots = [
      { from: '/srv/a', to: a },
      { from: '/srv/b', to: b },
    ];
    expect((await readSource({ process: 'p', recordedPath: '/srv/a/a.py', line: 1, dbPath, roots })).text).toBe(
      'a = 1\n',
    );
    // B's file through A's prefix, by climbing out of A, or by its local path (no mapping matches).
    expect(await read(`/srv/a/${relative(a, join(b, 'b.py'))}`, dbPath, roots)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'outside-roots' },
    });
    expect(await read(join(b, 'b.py'), dbPath, roots)).toMatchObject({
      kind: 'permission-denied',
      details: { reason: 'outside-roots' },
    });
  });
});

describe('source and setSourceRoot operations', () => {
  it("serves a function's source once its recorded prefix is mapped, and remembers the mapping per database", async () => {
    const dir = tempDir('ti-src-op-');
    const local = tempDir('ti-src-local-');
    mkdirSync(join(local, 'orders'));
    writeFileSync(join(local, 'orders', 'service.py'), PY);
    const path = createTraceDb({
      dir,
      rows: [
        {
          process: 'orders.place_order',
          timestamp: Date.now() - 1000,
          duration_ms: 5,
          source_file: '/srv/app/orders/service.py',
          source_line: 4,
        },
        { process: 'no.source', timestamp: Date.now() - 1000 },
        {
          process: 'evil.fn',
          timestamp: Date.now() - 1000,
          source_file: '../../../../../../etc/passwd',
          source_line: 1,
        },
      ],
    });
    const dataDir = join(tempDir('ti-src-data-'), 'data');
    const engine = newEngine({ dataDir });
    const db = await openLive(engine, path);

    // A source that cannot be shown is an answer (the UI explains it); an unknown function is an error.
    const missing = await engine.invoke('source', { db, process: 'orders.place_order' });
    expect(missing).toMatchObject({
      available: false,
      kind: 'not-found',
      reason: 'missing',
      recordedPath: '/srv/app/orders/service.py',
      line: 4,
    });
    expect(await engine.invoke('source', { db, process: 'no.source' })).toMatchObject({
      available: false,
      kind: 'not-found',
      reason: 'not-recorded',
      recordedPath: null,
    });
    expect(await engine.invoke('source', { db, process: 'evil.fn' })).toMatchObject({
      available: false,
      kind: 'permission-denied',
      reason: 'outside-roots',
    });
    expect(await engine.call('source', { db, process: 'nope' })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });

    expect(await engine.call('setSourceRoot', { db, from: '/srv/app', to: join(local, 'missing') })).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(await engine.call('setSourceRoot', { db, from: '/srv/app', to: 'relative/dir' })).toMatchObject({
      ok: false,
      error: { kind: 'invalid-input' },
    });
    expect(await engine.call('setSourceRoot', { db, from: '/srv/app', to: '/' })).toMatchObject({
      ok: false,
      error: { kind: 'permission-denied' },
    });
    mkdirSync(join(local, '.config'));
    expect(await engine.call('setSourceRoot', { db, from: '/srv/app', to: join(local, '.config') })).toMatchObject({
      ok: false,
      error: { kind: 'permission-denied' },
    });
    const home = tempDir('ti-home-');
    const savedHome = process.env.HOME;
    process.env.HOME = home;
    try {
      expect(await engine.call('setSourceRoot', { db, from: '/srv/app', to: home })).toMatchObject({
        ok: false,
        error: { kind: 'permission-denied' },
      });
    } finally {
      process.env.HOME = savedHome;
    }
    expect(await engine.invoke('setSourceRoot', { db, from: '/srv/app', to: local })).toEqual([
      { from: '/srv/app', to: local },
    ]);
    const src = await engine.invoke('source', { db, process: 'orders.place_order' });
    expect(src).toMatchObject({
      available: true,
      text: PY,
      line: 4,
      language: 'python',
      recordedPath: '/srv/app/orders/service.py',
    });

    // Setting a staleness rule keeps the mapping; a restarted engine on the same data folder has it.
    await engine.invoke('setStaleThreshold', { db, process: '*', data: 'x', threshold: 3 });
    await engine.shutdown();
    const restarted = newEngine({ dataDir });
    const db2 = await openLive(restarted, path);
    expect(await restarted.invoke('source', { db: db2, process: 'orders.place_order' })).toMatchObject({
      available: true,
      text: PY,
    });
    expect(await restarted.invoke('setSourceRoot', { db: db2, from: '/srv/app', to: null })).toEqual([]);
    expect(await restarted.invoke('source', { db: db2, process: 'orders.place_order' })).toMatchObject({
      available: false,
      kind: 'not-found',
    });
  });
});
