// The Python tracer as its users get it: `pip install` of tracer-python/ into a folder, a small
// asyncio app traced with it under a non-UTC local zone, and the engine reading back what it wrote
// (trees across awaits, errors with tracebacks, zoned timestamps, function stats, the heartbeat).
// Also runs the tracer's own unittest suite with the machine's python3.
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { newEngine, openLive } from '../db/engine/engine-harness.ts';
import { tempDir } from '../fixtures/trace-db.ts';

const pkg = resolve(import.meta.dirname, '..', '..', 'tracer-python');
const python = process.env.PYTHON ?? 'python3';

function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(python, args, { encoding: 'utf8', ...opts, env: { ...process.env, ...opts.env } });
  if (r.status !== 0) throw new Error(`python3 ${args.join(' ')} exited ${r.status}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

const APP = `import asyncio, json, sys, time
import trace_inspector as ti

ti.init(sys.argv[1], flush_interval=0.01, heartbeat_interval=0.02)


@ti.trace(name="users.repo.fetch_user")
async def fetch_user(uid):
    await asyncio.sleep(0.002)
    return {"id": uid, "name": "user %d" % uid}


@ti.trace(name="payments.gateway.charge")
def charge(amount, currency="EUR"):
    if amount > 100:
        raise ValueError("amount %s %s exceeds the limit" % (amount, currency))
    return {"charged": amount}


@ti.trace(name="orders.service.place_order")
async def place_order(user_id, amount):
    user = await fetch_user(user_id)
    await asyncio.gather(fetch_user(user_id + 1), asyncio.sleep(0.001))
    with ti.span("orders.service.audit", user=user["name"]):
        return {"user": user["name"], "receipt": charge(amount)}


async def main():
    before = time.time()
    print(json.dumps(await place_order(1, 50)))
    try:
        await place_order(7, 500)
    except ValueError as e:
        print("ValueError:", e)
    after = time.time()
    print(json.dumps({"before": before * 1000, "after": after * 1000, "stats": ti.get_tracer().close()}))


asyncio.run(main())
`;
const PLACE_ORDER_LINE = APP.split('\n').indexOf('@ti.trace(name="orders.service.place_order")') + 1;

describe('the Python tracer', () => {
  let site: string;

  beforeAll(() => {
    // Installed from a copy, so pip's in-place build never writes into the checkout.
    const src = join(tempDir('ti-pysrc-'), 'tracer-python');
    cpSync(pkg, src, { recursive: true, filter: (p) => !/__pycache__|\.egg-info|[/\\]build$/.test(p) });
    site = tempDir('ti-pysite-');
    // Offline when this python can build a wheel itself (setuptools with wheel, or setuptools 70.1+);
    // otherwise pip's usual isolated build, which fetches setuptools from the package index.
    const canBuild = spawnSync(python, [
      '-c',
      "import importlib.util as u, setuptools; assert u.find_spec('wheel') or u.find_spec('setuptools.command.bdist_wheel')",
    ]);
    const isolation = canBuild.status === 0 ? ['--no-build-isolation'] : [];
    run([
      '-m',
      'pip',
      'install',
      '--quiet',
      '--no-cache-dir',
      '--disable-pip-version-check',
      ...isolation,
      '--target',
      site,
      src,
    ]);
  }, 180_000);

  it('installs with pip, and the engine reads the trees, errors and zoned times it writes', async () => {
    const dir = tempDir('ti-pyapp-');
    const app = join(dir, 'app.py');
    writeFileSync(app, APP);
    const db = join(dir, 'traces.db');
    // A local zone far from UTC: a timestamp written without its zone would read 5.5 h off.
    const out = run([app, db], { cwd: dir, env: { PYTHONPATH: site, TZ: 'Asia/Kolkata' } })
      .trim()
      .split('\n');
    expect(out.slice(0, 2)).toEqual([
      '{"user": "user 1", "receipt": {"charged": 50}}',
      'ValueError: amount 500 EUR exceeds the limit',
    ]);
    const { before, after, stats } = JSON.parse(out[2]);
    expect(stats).toMatchObject({ dropped: 0, queue_depth: 0, breaker: 'closed', internal_errors: 0 });
    expect(stats.written).toBe(stats.queued);

    const engine = newEngine();
    const id = await openLive(engine, db);
    const info = await engine.invoke('info', { db: id });
    expect(info.schema.missingOptional).toEqual([]);
    expect(info.schema.hasWriterStatus).toBe(true);

    const page = await engine.invoke('traces', { db: id, range: { preset: 'all' }, order: 'oldest', limit: 1000 });
    expect(page.rows).toHaveLength(stats.written);
    for (const r of page.rows) {
      expect(r.timestamp).toMatch(/Z$/);
      // Both ends of the window are Python's own clock; 5 ms allows for float rounding.
      expect(r.ts).toBeGreaterThanOrEqual(before - 5);
      expect(r.ts).toBeLessThanOrEqual(after + 5);
    }
    const roots = page.rows.filter((r) => r.process === 'orders.service.place_order' && r.data === 'user_id');
    expect(roots.map((r) => r.dataValue)).toEqual(['1', '7']);
    expect(roots[0].parentSpanId).toBeNull();

    const ok = await engine.invoke('traceTree', { db: id, traceId: roots[0].traceId! });
    expect(ok.nodes.map((n) => [n.depth, n.process, n.status])).toEqual([
      [0, 'orders.service.place_order', 'OK'],
      [1, 'users.repo.fetch_user', 'OK'],
      [1, 'users.repo.fetch_user', 'OK'],
      [1, 'orders.service.audit', 'OK'],
      [2, 'payments.gateway.charge', 'OK'],
    ]);
    expect(ok.nodes[0].durationMs).toBeGreaterThanOrEqual(4);
    expect(ok.nodes[1].rows.map((r) => [r.data, r.dataType, r.dataValue])).toEqual([
      ['uid', 'int', '1'],
      ['return', 'dict', "{'id': 1, 'name': 'user 1'}"],
    ]);

    const failed = await engine.invoke('traceTree', { db: id, traceId: roots[1].traceId! });
    expect(failed.nodes.map((n) => [n.process, n.status])).toEqual([
      ['orders.service.place_order', 'ERROR'],
      ['users.repo.fetch_user', 'OK'],
      ['users.repo.fetch_user', 'OK'],
      ['orders.service.audit', 'ERROR'],
      ['payments.gateway.charge', 'ERROR'],
    ]);
    const exc = failed.nodes[4].rows.find((r) => r.data === 'exception')!;
    expect(exc).toMatchObject({ dataType: 'ValueError', dataValue: 'amount 500 EUR exceeds the limit' });
    expect(exc.exception).toContain('Traceback (most recent call last)');
    expect(exc.exception).toContain('ValueError: amount 500 EUR exceeds the limit');

    const fstats = await engine.invoke('functionStats', {
      db: id,
      process: 'orders.service.place_order',
      range: { preset: 'all' },
    });
    expect(fstats).toMatchObject({ calls: 2, errors: 1, timedCalls: 2, sourceLine: PLACE_ORDER_LINE });
    expect(fstats.sourceFile).toBe(realpathSync(app));

    const overview = await engine.invoke('overview', { db: id, range: { preset: '1h' } });
    expect(overview.writer).toMatchObject({ status: 'OK', inferred: false, queueDepth: 0 });
  });

  it("passes its own unittest suite with the machine's python3", () => {
    const out = spawnSync(python, ['-m', 'unittest', 'discover', '-s', 'tests'], {
      cwd: pkg,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    });
    expect(out.status, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  }, 60_000);

  it('declares the licence the repository has', () => {
    expect(readFileSync(join(pkg, 'pyproject.toml'), 'utf8')).toMatch(/license = \{ text = "MIT" \}/);
    expect(readFileSync(join(pkg, 'LICENSE'), 'utf8')).toBe(readFileSync(join(pkg, '..', 'LICENSE'), 'utf8'));
  });
});
