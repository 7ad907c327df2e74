// A query worker: runs the API table's pool operations on read-only connections it keeps per
// database. Never writes anything.
import './native-load.ts'; // first: see native-load.ts
import { existsSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { InspectorError, toApiError } from '../api/errors.ts';
import { operationOf } from '../api/operations.ts';
import { loadOperations } from './load-operations.ts';
import { fromSqliteError } from '../source/open-source.ts';
import { QueryContext, type DatabaseTarget } from '../query/query-context.ts';
import type { PoolNotice, PoolReady, PoolRequest, PoolResponse, QueryWorkerData } from './messages.ts';
import { releaseDeadBuffers } from './release-buffers.ts';

const table = await loadOperations((workerData as QueryWorkerData | null)?.operationsModule);
const contexts = new Map<string, QueryContext>();

function contextFor(target: DatabaseTarget): QueryContext {
  // Checked on every query (a stat, microseconds): a deleted file answers the same on every
  // worker, whether or not it still holds a connection to the unlinked file.
  if (!existsSync(target.sourcePath)) {
    throw new InspectorError(
      'vanished',
      `${target.sourcePath} was deleted or moved. Trace Inspector keeps watching and picks it up again when it comes back.`,
    );
  }
  const open = contexts.get(target.db);
  // A schema changed in place (data_trace turned into a view…) is vetted again before any
  // statement is re-prepared against it: one header read per query.
  if (open && open.target.generation === target.generation && !open.schemaChanged()) {
    open.target = target; // same files; settings carried by the target (timestamps) may have changed
    return open;
  }
  open?.close();
  contexts.delete(target.db);
  const ctx = new QueryContext(target);
  contexts.set(target.db, ctx);
  return ctx;
}

function handle(req: PoolRequest): unknown {
  const op = operationOf(table, req.op);
  if (!op) throw new InspectorError('unknown-operation', `No operation named ${req.op}.`);
  if (op.where !== 'pool') throw new InspectorError('internal', `${req.op} does not run in a query worker.`);
  try {
    return op.run(contextFor(req.target), req.input);
  } catch (err) {
    if (err instanceof InspectorError) throw err;
    if (String((err as { code?: string }).code ?? '').startsWith('SQLITE_')) {
      // A reopened file may fix a broken connection: drop it so the next query starts fresh.
      contexts.get(req.target.db)?.close();
      contexts.delete(req.target.db);
      throw fromSqliteError(err, req.target.sourcePath);
    }
    throw err;
  }
}

parentPort!.on('message', (msg: PoolRequest | PoolNotice) => {
  if (msg.kind === 'close') {
    // Ends the thread from inside, between statements: terminate() from outside can land while
    // better-sqlite3 is in native code, and V8 then aborts the whole process (seen once in CI
    // as SIGTRAP). Closing the port leaves the event loop empty and the thread exits.
    for (const ctx of contexts.values()) ctx.close();
    contexts.clear();
    parentPort!.close();
    return;
  }
  if (msg.kind === 'forget') {
    contexts.get(msg.db)?.close();
    contexts.delete(msg.db);
    return;
  }
  let res: PoolResponse;
  try {
    res = { id: msg.id, ok: true, value: handle(msg) };
  } catch (err) {
    res = { id: msg.id, ok: false, error: toApiError(err) };
  }
  parentPort!.postMessage(res);
  releaseDeadBuffers();
});

parentPort!.postMessage({ ready: true } satisfies PoolReady);
