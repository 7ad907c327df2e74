// The desktop app's file check, started the way the packaged app must start it (its RunAsNode
// fuse is off): through utilityProcess.fork, here a fake one that runs the real probe child in a
// real Node process, as a utility process would.
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { killProbes, probeSource } from '../../../db/source/probe-source.ts';
import {
  PROBE_SERVICE_NAME,
  utilityProbeLauncher,
  type UtilityFork,
} from '../../../main/desktop/utility-probe-launcher.ts';
import { slowToReadDb } from '../../fixtures/hostile-db.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';
import { until } from '../../db/engine/engine-harness.ts';
import { FakeUtilityProcess, type ForkCall } from './fake-electron.ts';

const PROBE = new URL('../../../db/source/probe-child.ts', import.meta.url);
const ENDLESS = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c WHERE x < 0';

function fakeFork() {
  const forks: ForkCall[] = [];
  const fork: UtilityFork = (modulePath, args, options) => {
    const child = new FakeUtilityProcess(modulePath, args, options);
    forks.push({ modulePath, args, options: { ...options }, child });
    return child;
  };
  return { forks, launch: utilityProbeLauncher(fork) };
}

/** The real process behind the fake utility process is gone, and how it ended. */
async function ended(call: ForkCall): Promise<NodeJS.Signals | number | null> {
  const p = call.child.process;
  await until(() => p.exitCode !== null || p.signalCode !== null, Boolean, 'the checking process to end', 5000);
  return p.signalCode ?? p.exitCode;
}

describe('the utilityProcess probe launcher', () => {
  it('vets a good trace file in a utility process with piped output', async () => {
    const { forks, launch } = fakeFork();
    const path = createTraceDb({ rows: sampleRows(20) });
    const inspected = await probeSource(path, { script: PROBE, launch });
    expect(inspected.schema.table).toBe('data_trace');
    expect(inspected.identity).toEqual({ dev: statSync(path).dev, ino: statSync(path).ino });
    expect(forks).toHaveLength(1);
    expect(forks[0]).toMatchObject({
      modulePath: join(import.meta.dirname, '..', '..', '..', 'db', 'source', 'probe-child.ts'),
      options: { stdio: 'pipe', serviceName: PROBE_SERVICE_NAME },
    });
    // The path and the child's own time limit; nothing in the environment asks the binary to act as Node.
    expect(forks[0].args[0]).toBe(path);
    expect(Number(forks[0].args[1])).toBeGreaterThan(1000);
    expect(forks[0].options.env).toBeUndefined();
    expect(await ended(forks[0])).toBe(0);
  });

  it('refuses data_trace as a view over an endless query (unsafe-schema)', async () => {
    const { launch } = fakeFork();
    const path = join(tempDir('ti-hostile-'), 'view.db');
    const db = new Database(path);
    db.exec(
      `CREATE VIEW data_trace AS SELECT x AS process, x AS data, x AS data_type, x AS data_value, x AS timestamp, x AS status, x AS exception FROM (${ENDLESS})`,
    );
    db.close();
    await expect(probeSource(path, { script: PROBE, launch })).rejects.toMatchObject({ kind: 'unsafe-schema' });
  });

  it('kills the utility process of a file that keeps SQLite busy past the budget (timeout), by SIGKILL', async () => {
    const { forks, launch } = fakeFork();
    const started = performance.now();
    await expect(probeSource(slowToReadDb(), { script: PROBE, launch, budgetMs: 800 })).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(performance.now() - started).toBeLessThan(5000);
    // Killed at once: Electron's own kill() is a SIGTERM that a process busy inside SQLite may not act on.
    expect(await ended(forks[0])).toBe('SIGKILL');
  });

  it('kills a running check at shutdown (killProbes), which then fails as closed', async () => {
    const { forks, launch } = fakeFork();
    const probing = probeSource(slowToReadDb(), { script: PROBE, launch, budgetMs: 60_000 });
    // The app quits while the check runs.
    await until(() => forks[0]?.child.process.pid, Boolean, 'the checking process to start');
    const quitAt = performance.now();
    killProbes();
    await expect(probing).rejects.toMatchObject({ kind: 'closed' });
    expect(performance.now() - quitAt).toBeLessThan(2000);
    expect(await ended(forks[0])).toBe('SIGKILL');
  });
});
