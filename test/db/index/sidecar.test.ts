// The sidecar's format: an index written by another version is rebuilt, never read or altered.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openSidecar } from '../../../db/index/sidecar.ts';
import { sidecarPath } from '../../../db/index/sidecar-location.ts';
import { SIDECAR_VERSION } from '../../../db/index/sidecar-schema.ts';
import { openSource } from '../../../db/source/open-source.ts';
import { createTraceDb, tempDir } from '../../fixtures/trace-db.ts';

describe('the sidecar format', () => {
  it('rebuilds an index of the previous version (rows with a trace column) instead of reading it', () => {
    const path = createTraceDb({ rows: [{ process: 'a.f', data: 'x', data_value: '1' }] });
    const dir = tempDir();
    const old = new Database(sidecarPath(dir, 'k', 1));
    // Version 7's rows table: DDL of this version run on it would index columns it does not have.
    old.exec(`CREATE TABLE meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;
      CREATE TABLE rows(id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, s INTEGER NOT NULL, err INTEGER NOT NULL, trace INTEGER, call INTEGER, d INTEGER, dur REAL);
      INSERT INTO meta VALUES ('version', ${SIDECAR_VERSION - 1}), ('lastId', 1);`);
    old.close();
    const h = openSource(path);
    const opened = openSidecar(dir, 'k', h.db, path, h.schema);
    expect(opened.rebuiltBecause).toBe('the index format changed');
    expect(opened.generation).toBe(2);
    const columns = opened.db.prepare("SELECT name FROM pragma_table_info('rows')").pluck().all();
    expect(columns).not.toContain('trace');
    expect(opened.db.prepare("SELECT value FROM meta WHERE key = 'version'").pluck().get()).toBe(SIDECAR_VERSION);
    expect(existsSync(sidecarPath(dir, 'k', 1))).toBe(false);
    opened.db.close();
    h.db.close();
  });
});
