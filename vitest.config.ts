import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Engine tests spawn worker threads and child writer processes; keep files in parallel but
    // give slow integration tests room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // V8 in Node 24.21 aborts now and then ("Check failed: jit_page.has_value()") when it tiers up a
    // WebAssembly-to-JS wrapper and frees the old one (Runtime_TierUpWasmToJSWrapper ->
    // ThreadIsolation::UnregisterWasmAllocation): undici's WebAssembly parser behind fetch in the
    // tests' own processes. It killed a test fork in CI (SIGTRAP, webhooks.test.ts); wrappers that
    // never tier up avoid that path. V8 flags are per process, so the forks' worker threads get it.
    execArgv: ['--wasm-wrapper-tiering-budget=2147483647'],
    // expect.poll waits on a condition; its timeout only bounds a failure. vitest's default (1 s)
    // made a 2-core machine's load fail tests whose condition arrives a moment later (a trace
    // expanded in the Explorer under a load average of 10): 15 s, like the other waits here.
    expect: { poll: { timeout: 15_000 } },
  },
});
