// The file check's budget is the child's CPU time where the system reports it: a check starved of
// CPU by a busy machine is waited for, and a file that keeps SQLite busy is still killed.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeProbeLauncher, type ProbeLauncher } from '../../../db/source/probe-launcher.ts';
import { probeSource } from '../../../db/source/probe-source.ts';
import { processCpuMs } from '../../../db/source/process-cpu.ts';
import { slowToReadDb } from '../../fixtures/hostile-db.ts';
import { createTraceDb, sampleRows } from '../../fixtures/trace-db.ts';

const PROBE = new URL('../../../db/source/probe-child.ts', import.meta.url);
const linux = process.platform === 'linux';

/** The real probe child, stopped (SIGSTOP) for `pauseMs` right after it says it is ready: as if every core were busy. */
function starvedLauncher(pauseMs: number): ProbeLauncher {
  return (script, args) => {
    const child = nodeProbeLauncher(script, args);
    let paused = false;
    child.stdout.on('data', () => {
      if (paused || child.pid === undefined) return;
      paused = true;
      process.kill(child.pid, 'SIGSTOP');
      setTimeout(() => process.kill(child.pid!, 'SIGCONT'), pauseMs);
    });
    return child;
  };
}

describe.runIf(linux)('the file check on a busy machine', () => {
  it('reads a process’s CPU time, which grows while it computes, and null for no process', async () => {
    const busy = spawn(process.execPath, ['-e', 'for (;;);']);
    try {
      await expect.poll(() => processCpuMs(busy.pid)).toBeGreaterThan(0);
      const first = processCpuMs(busy.pid)!;
      await expect.poll(() => processCpuMs(busy.pid)).toBeGreaterThan(first);
    } finally {
      busy.kill('SIGKILL');
    }
    expect(processCpuMs(process.pid)).toBeGreaterThan(0);
    expect(processCpuMs(2 ** 22 + 1)).toBeNull();
    expect(processCpuMs(undefined)).toBeNull();
  });

  it('waits for a check that gets no CPU for longer than its budget, and answers', async () => {
    const path = createTraceDb({ rows: sampleRows(20) });
    const started = performance.now();
    const inspected = await probeSource(path, { script: PROBE, launch: starvedLauncher(1200), budgetMs: 400 });
    expect(inspected.schema.table).toBe('data_trace');
    // It was stopped for 3× its budget in wall time, and still answered.
    expect(performance.now() - started).toBeGreaterThan(1200);
  });

  it('kills a check whose file keeps SQLite busy once it has used its budget of CPU', async () => {
    let cpuAtKill: number | null = null;
    let cpuAtReady: number | null = null;
    const measured: ProbeLauncher = (script, args) => {
      const child = nodeProbeLauncher(script, args);
      child.stdout.once('data', () => (cpuAtReady = processCpuMs(child.pid)));
      return {
        pid: child.pid,
        stdout: child.stdout,
        stderr: child.stderr,
        ended: child.ended,
        kill: () => ((cpuAtKill ??= processCpuMs(child.pid)), child.kill()),
      };
    };
    await expect(probeSource(slowToReadDb(), { script: PROBE, launch: measured, budgetMs: 500 })).rejects.toMatchObject(
      { kind: 'timeout' },
    );
    // Killed once it had used its 500 ms (read every 100 ms, in 10 ms ticks), whatever the load.
    const used = cpuAtKill! - cpuAtReady!;
    expect(used).toBeGreaterThanOrEqual(500);
    expect(used).toBeLessThan(800);
  });
});
