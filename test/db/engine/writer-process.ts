// A tracer in another process: a tiny better-sqlite3 writer driven over stdin, so tests can
// commit, hold a transaction open, checkpoint or be killed exactly when they choose.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { tempDir } from '../../fixtures/trace-db.ts';

const REPO = resolve(import.meta.dirname, '../../..');

const SCRIPT = String.raw`
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
const require = createRequire(process.env.TI_REPO + '/package.json');
const Database = require('better-sqlite3');
const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = ' + Number(process.env.TI_BUSY_TIMEOUT ?? 2000));
const insert = db.prepare('INSERT INTO data_trace (process, process_group, data, data_type, data_value, timestamp, status) VALUES (?, ?, ?, ?, ?, ?, ?)');
const reply = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const row = (r, i) => [r.process ?? 'writer.fn', r.group ?? 'writer', r.data ?? 'i', 'int', String(r.value ?? i), r.timestamp ?? new Date().toISOString(), r.status ?? 'OK'];

// Commits small transactions back to back until told to stop, counting SQLITE_BUSY: the
// "never blocks the writer" measurement.
let loop = null;
function startLoop(everyMs) {
  loop = { commits: 0, busy: 0, other: [], maxCommitMs: 0, running: true };
  const tick = () => {
    if (!loop.running) return;
    const t = performance.now();
    try {
      db.transaction(() => { insert.run(...row({ process: 'loop.fn', value: loop.commits }, 0)); })();
      loop.commits++;
      loop.maxCommitMs = Math.max(loop.maxCommitMs, performance.now() - t);
    } catch (e) {
      if (String(e.code).startsWith('SQLITE_BUSY')) loop.busy++;
      else loop.other.push(String(e.code) + ': ' + e.message);
    }
    setTimeout(tick, everyMs);
  };
  tick();
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const cmd = JSON.parse(line);
  try {
    if (cmd.op === 'append') {
      const ids = [];
      db.transaction(() => { cmd.rows.forEach((r, i) => ids.push(Number(insert.run(...row(r, i)).lastInsertRowid))); })();
      reply({ ok: true, ids, committedAt: Date.now() });
    } else if (cmd.op === 'begin') {
      // Keep almost nothing in the page cache, so the open transaction spills into the -wal file.
      db.pragma('cache_size = 5');
      db.exec('BEGIN');
      for (let i = 0; i < cmd.rows; i++) insert.run(...row({ process: 'uncommitted.fn', data: 'blob', value: 'u'.repeat(200) + i }, i));
      reply({ ok: true });
    } else if (cmd.op === 'exec') {
      db.exec(cmd.sql);
      reply({ ok: true });
    } else if (cmd.op === 'checkpoint') {
      reply({ ok: true, result: db.pragma('wal_checkpoint(' + cmd.mode + ')')[0] });
    } else if (cmd.op === 'loop') {
      startLoop(cmd.everyMs);
      reply({ ok: true });
    } else if (cmd.op === 'stop') {
      loop.running = false;
      reply({ ok: true, ...loop, running: undefined });
    } else if (cmd.op === 'close') {
      db.close();
      reply({ ok: true });
      process.exit(0);
    }
  } catch (e) {
    reply({ ok: false, code: e.code, error: e.message });
  }
});
reply({ ok: true, ready: true, node: process.version });
`;

let scriptPath: string | null = null;

export interface WriterReply {
  ok: boolean;
  error?: string;
  code?: string;
  [k: string]: unknown;
}

export interface Writer {
  child: ChildProcess;
  send(cmd: Record<string, unknown>): Promise<WriterReply>;
  /** Like send, but fails the test when the writer reports an error. */
  must(cmd: Record<string, unknown>): Promise<WriterReply>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

const live = new Set<ChildProcess>();
afterEach(async () => {
  await Promise.all(
    [...live].map(
      (c) =>
        new Promise<void>((r) => {
          c.once('exit', () => r());
          c.kill('SIGKILL');
        }),
    ),
  );
});
process.on('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** Starts a writer process on `path` (which must already hold a data_trace table) and waits until it is ready. */
export async function startWriter(path: string, env: Record<string, string> = {}): Promise<Writer> {
  if (!scriptPath) {
    scriptPath = join(tempDir('ti-writer-'), 'writer.mjs');
    writeFileSync(scriptPath, SCRIPT);
  }
  const child = spawn(process.execPath, [scriptPath, path], {
    env: { ...process.env, TI_REPO: REPO, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  const exited = new Promise<void>((r) =>
    child.once('exit', () => {
      live.delete(child);
      r();
    }),
  );
  const waiting: ((r: WriterReply) => void)[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.on('data', (d) => {
    buffered += d;
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      waiting.shift()?.(JSON.parse(line) as WriterReply);
    }
  });
  const next = () =>
    new Promise<WriterReply>((resolveReply, rejectReply) => {
      waiting.push(resolveReply);
      void exited.then(() => rejectReply(new Error(`writer exited before replying; stderr: ${stderr}`)));
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`writer did not start: ${JSON.stringify(ready)} ${stderr}`);
  const send = (cmd: Record<string, unknown>) => {
    const reply = next();
    child.stdin.write(`${JSON.stringify(cmd)}\n`);
    return reply;
  };
  return {
    child,
    send,
    async must(cmd) {
      const reply = await send(cmd);
      if (!reply.ok)
        throw new Error(`writer failed ${JSON.stringify(cmd).slice(0, 200)}: ${reply.code} ${reply.error}`);
      return reply;
    },
    async kill(signal) {
      child.kill(signal);
      await exited;
    },
  };
}
