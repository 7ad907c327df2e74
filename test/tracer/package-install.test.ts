// The tracer as its users get it: `npm pack ./tracer` (prepack compiles dist/*.js and .d.ts),
// installed from the tarball into an empty project, imported by plain Node 24 (which refuses to
// strip types inside node_modules, so shipping .ts would fail here), type-checked by a consumer's
// tsc, and read back by the engine.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newEngine, openLive } from '../db/engine/engine-harness.ts';
import { tempDir } from '../fixtures/trace-db.ts';

const root = resolve(import.meta.dirname, '..', '..');
// npm's scripts (prepack → tsc) and the consumer's node must be the pinned Node 24, not the system's.
const env = {
  ...process.env,
  PATH: [dirname(process.execPath), join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter),
};

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r;
}

const CONSUMER_APP = `import { createTracer } from '@trace-inspector/tracer';

const tracer = createTracer({ path: process.argv[2], flushMs: 10 });
const tax = tracer.wrap(function tax(amount) {
  if (amount < 0) throw new RangeError('negative amount ' + amount);
  return Math.round(amount * 0.2 * 100) / 100;
}, { name: 'shop.pricing.tax' });
const total = tracer.wrap(async function total(amount) {
  await new Promise((r) => setTimeout(r, 1));
  return amount + tax(amount);
}, { name: 'shop.pricing.total' });

console.log(await total(50));
await total(-1).catch((e) => console.log(e.name));
console.log(JSON.stringify(tracer.close()));
`;

// Types must come through: a wrong assignment is an error (unused @ts-expect-error would fail too).
const CONSUMER_TYPES = `import { createTracer, type TracerStats } from '@trace-inspector/tracer';
const tracer = createTracer({ path: 'unused.db', memory: false });
const double = tracer.wrap((n: number) => n * 2);
const four: number = double(2);
// @ts-expect-error: close() returns TracerStats, not a string
const wrong: string = tracer.close();
const stats: TracerStats = tracer.stats();
export { four, wrong, stats };
`;

describe('the tracer package, packed and installed', () => {
  let project: string;
  let files: string[];

  beforeAll(() => {
    const out = tempDir('ti-pack-');
    const packed = JSON.parse(run('npm', ['pack', './tracer', '--json', '--pack-destination', out], root).stdout);
    files = packed[0].files.map((f: { path: string }) => f.path);
    project = tempDir('ti-consumer-');
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(out, packed[0].filename)], project);
  }, 120_000);

  it('ships compiled JavaScript, declarations and the licence, not the TypeScript sources', () => {
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/tracer.js', 'LICENSE']));
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    const installed = JSON.parse(
      readFileSync(join(project, 'node_modules', '@trace-inspector', 'tracer', 'package.json'), 'utf8'),
    );
    expect(installed.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
  });

  it('traces a plain Node app the engine then reads', async () => {
    const app = join(project, 'app.mjs');
    writeFileSync(app, CONSUMER_APP);
    const db = join(project, 'traces.db');
    const out = run(process.execPath, [app, db], project).stdout.trim().split('\n');
    expect(out.slice(0, 2)).toEqual(['60', 'RangeError']);
    expect(JSON.parse(out[2])).toMatchObject({ dropped: 0, queueDepth: 0, breaker: 'closed' });

    const engine = newEngine();
    const id = await openLive(engine, db);
    const page = await engine.invoke('traces', { db: id, range: { preset: 'all' }, order: 'oldest', limit: 100 });
    const roots = page.rows.filter((r) => r.process === 'shop.pricing.total' && r.data === 'amount');
    expect(roots.map((r) => r.dataValue)).toEqual(['50', '-1']);
    const ok = await engine.invoke('traceTree', { db: id, traceId: roots[0].traceId! });
    expect(ok.nodes.map((n) => [n.depth, n.process, n.status])).toEqual([
      [0, 'shop.pricing.total', 'OK'],
      [1, 'shop.pricing.tax', 'OK'],
    ]);
    const failed = await engine.invoke('traceTree', { db: id, traceId: roots[1].traceId! });
    const exc = failed.nodes[1].rows.find((r) => r.data === 'exception')!;
    expect(exc).toMatchObject({ dataType: 'RangeError', dataValue: 'negative amount -1', status: 'ERROR' });
    const stats = await engine.invoke('functionStats', {
      db: id,
      process: 'shop.pricing.tax',
      range: { preset: 'all' },
    });
    // The definition site is the consumer's own file, read from the compiled tracer's stack walk.
    expect(stats).toMatchObject({ calls: 2, errors: 1, sourceLine: 4 });
    expect(stats.sourceFile).toBe(realpathSync(app));
    // close() ran right after the calls: its last heartbeat is written after the final flush.
    const overview = await engine.invoke('overview', { db: id, range: { preset: '1h' } });
    expect(overview.writer).toMatchObject({ status: 'OK', inferred: false, queueDepth: 0 });
  });

  it('gives a TypeScript consumer its declarations', () => {
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TYPES);
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          strict: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(root, 'node_modules', '@types')],
        },
        files: ['consumer.ts'],
      }),
    );
    run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.'], project);
  });
});
