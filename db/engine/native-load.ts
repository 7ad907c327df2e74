// Imported first by every worker thread that uses SQLite: loads better-sqlite3's native module at
// once and raises the thread's load flag (see stop-thread.ts). A worker terminated while Node-API
// registers that module aborts the whole process (measured on Node 24 with better-sqlite3 13.2:
// "FATAL ERROR: Error::New napi_get_last_error_info"; CI once lost a test fork to it), so the host
// never terminates a thread whose flag is still down.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';

new Database(':memory:').close();
const flag = (workerData as { nativeLoaded?: Int32Array } | null)?.nativeLoaded;
if (flag) Atomics.store(flag, 0, 1);
