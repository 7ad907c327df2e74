import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Engine tests spawn worker threads and child writer processes; keep files in parallel but
    // give slow integration tests room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // expect.poll waits on a condition; its timeout only bounds a failure. vitest's default (1 s)
    // made a 2-core machine's load fail tests whose condition arrives a moment later (a trace
    // expanded in the Explorer under a load average of 10): 15 s, like the other waits here.
    expect: { poll: { timeout: 15_000 } },
  },
});
