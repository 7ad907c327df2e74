// glibc gives every thread that allocates its own malloc arena (up to 8 per core), and keeps what
// a thread freed in that arena: the engine's threads (indexer, query workers, alerts, V8's) each
// held freed SQLite and V8 memory apart. MALLOC_ARENA_MAX=2 shares two arenas among them; glibc
// reads it once, when the process starts, so serve sets it by starting itself again (execve: the
// same pid, nothing loaded yet). Measured at 10M rows, the same operations on the built index:
// live 169 → 154 MB resident, after two rounds of every heavy operation 221–227 → 203–208 MB.
//
// MALLOC_MMAP_THRESHOLD_ fixes the size from which an allocation is its own mapping, given back
// to the system when freed. By default glibc raises that threshold to the size of each large
// block freed (up to 32 MB), so after the first build's big buffers (its reads of the user's file,
// SQLite's sorts and temporary tables) every later one came from the arenas and stayed resident
// there. A 1M first build in one process (engine, bundled threads, two arenas), two interleaved
// pairs: live after the build 252 / 253 → 221 / 227 MB, after rounds of heavy operations 255 / 263
// → 233 / 244 MB, peak 254 / 265 → 246 / 252 MB, the build no slower (issue 14).

/** The values serve runs with; one the environment already sets is left as it is. */
export const SERVE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' } as const;

/**
 * Replaces this process with itself under SERVE_MALLOC_ENV (Linux, where glibc reads it; a no-op
 * elsewhere or when all of it is already set). Call it first, before any thread or module is
 * started: it does not return when it restarts the process (~30 ms).
 */
export function restartUnderMallocSettings(): void {
  if (process.platform !== 'linux' || typeof process.execve !== 'function') return;
  const missing = Object.entries(SERVE_MALLOC_ENV).filter(([name]) => process.env[name] === undefined);
  if (missing.length === 0) return;
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
      ...process.env,
      ...Object.fromEntries(missing),
    });
  } catch {
    // Could not start again (a sandbox refusing execve): serve runs as it is, with more memory.
  }
}
