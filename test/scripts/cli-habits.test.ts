// Every command line behaves the same (main/cli-args.ts): --help prints the usage and exits 0; an
// unknown flag, a flag missing its value or a stray argument prints what is wrong and the usage
// and exits 2, before doing any work (no build, no demo database, no server, no benchmark).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

const COMMANDS = [
  { name: 'start', script: 'scripts/start-main.ts', usage: 'usage: npm start --' },
  { name: 'serve', script: 'main/serve/serve-main.ts', usage: 'usage: npm run serve --' },
  { name: 'demo', script: 'scripts/demo.ts', usage: 'usage: npm run demo --' },
  { name: 'export', script: 'scripts/export.ts', usage: 'usage: node scripts/export.ts' },
  { name: 'bench', script: 'scripts/bench.ts', usage: 'usage: npm run bench --' },
  { name: 'bench-ui', script: 'scripts/bench-ui.ts', usage: 'usage: node scripts/bench-ui.ts' },
  { name: 'bench-tracer', script: 'scripts/bench-tracer.ts', usage: 'usage: node scripts/bench-tracer.ts' },
  {
    name: 'bench-interop',
    script: 'scripts/bench-interop.ts',
    usage: 'usage: node --expose-gc scripts/bench-interop.ts',
  },
];

function run(script: string, args: string[]) {
  // DISPLAY unset: should start.ts get past its flags, it would fall back to serve mode and never exit.
  return spawnSync(process.execPath, [join(ROOT, script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' },
  });
}

describe.each(COMMANDS)('$name on the command line', ({ script, usage }) => {
  it('prints its usage for --help and -h, and exits 0', () => {
    for (const flag of ['--help', '-h']) {
      const r = run(script, [flag]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(usage);
    }
  });

  it('refuses an unknown flag with exit 2, saying which, and the usage', () => {
    const r = run(script, ['--colour', 'red']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unknown option '--colour'");
    expect(r.stderr).toContain(usage);
    expect(r.stdout).toBe('');
  });
});

describe('flags that take a value', () => {
  it.each([
    { name: 'start', script: 'scripts/start-main.ts', flag: '--port' },
    { name: 'demo', script: 'scripts/demo.ts', flag: '--rows' },
  ])('$name refuses $flag without one (exit 2)', ({ script, flag }) => {
    const r = run(script, [flag]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`Option '${flag} <value>' argument missing`);
  });

  it.each([
    { script: 'scripts/bench.ts', flag: '--rows', value: 'lots', says: '--rows must be a whole number of at least 1' },
    { script: 'scripts/bench.ts', flag: '--rows', value: '0', says: '--rows must be a whole number of at least 1' },
    { script: 'scripts/bench.ts', flag: '--window', value: '0.5', says: '--window must be a number of at least 1' },
    { script: 'scripts/bench.ts', flag: '--writer-runs', value: '1.5', says: '--writer-runs must be a whole number' },
    { script: 'scripts/bench-ui.ts', flag: '--tail-minutes', value: 'NaN', says: '--tail-minutes must be a number' },
    { script: 'scripts/bench-ui.ts', flag: '--phases', value: 'scroll,zoom', says: '--phases: no phase named "zoom"' },
    { script: 'scripts/bench-tracer.ts', flag: '--calls', value: '1e400', says: '--calls must be a whole number' },
    {
      script: 'scripts/bench-interop.ts',
      flag: '--formats',
      value: 'csv,xml',
      says: '--formats takes csv, jsonl, chrome, otlp',
    },
  ])('$script refuses $flag $value with exit 2 and the usage, before any work', ({ script, flag, value, says }) => {
    const r = run(script, [flag, value]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(says);
    expect(r.stderr).toContain('usage:');
    expect(r.stdout).toBe('');
  });

  it('bench refuses a stray argument (exit 2)', () => {
    const r = run('scripts/bench.ts', ['bench.db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unexpected argument 'bench.db'");
  });

  it('demo refuses a stray argument (exit 2)', () => {
    const r = run('scripts/demo.ts', ['extra.db']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Unexpected argument 'extra.db'");
  });
});
