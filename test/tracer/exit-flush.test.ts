// A short script that never calls close() still gets its rows written: the exit hook flushes.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/trace-db.ts';

describe('tracer exit hook', () => {
  it('writes what is queued when the app exits without closing the tracer', () => {
    const dir = tempDir();
    const script = join(dir, 'script.ts');
    const tracer = pathToFileURL(resolve(import.meta.dirname, '..', '..', 'tracer', 'index.ts')).href;
    writeFileSync(
      script,
      `import { createTracer } from ${JSON.stringify(tracer)};
const t = createTracer({ path: process.argv[2] });
const greet = t.wrap(function greet(name: string) { return 'hi ' + name; }, { name: 'app.greet' });
greet('there');
`,
    );
    const db = join(dir, 'exit.db');
    const run = spawnSync(process.execPath, [script, db], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT data, data_value, source_line FROM data_trace ORDER BY id').all()).toEqual([
      { data: 'name', data_value: 'there', source_line: 3 },
      { data: 'return', data_value: 'hi there', source_line: 3 },
    ]);
    check.close();
  });
});
