// Reads the source file a traced function recorded (source_file), for the Code Inspector.
// The recorded path is the tracer's, from its own machine; a source-root mapping the user gave
// (recorded prefix → local folder) translates it. Security: a file is read only when its real
// path (symlinks resolved) lies under the trace database's own folder or under a folder the user
// gave as a mapping, so a hostile trace file cannot make the inspector read ~/.ssh or /etc.
import { open, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import { InspectorError } from '../api/errors.ts';
import type { SourceFile, SourceRoot } from '../api/types.ts';

/** Bigger than any hand-written module; a generated bundle is not worth showing. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Bytes scanned for NUL to tell a binary file from text (as git and grep do). */
const SNIFF_BYTES = 8000;

const LANGUAGES: Record<string, string> = {
  '.py': 'python', '.pyw': 'python', '.pyi': 'python',
  '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript',
  '.ts': 'typescript', '.mts': 'typescript', '.cts': 'typescript', '.tsx': 'typescript',
};

export function languageOf(path: string): string {
  return LANGUAGES[extname(path).toLowerCase()] ?? 'plaintext';
}

/** Both separators, no trailing one: recorded paths may come from Windows. */
function normalizePrefix(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

/**
 * Where a recorded path lives on this machine: the longest matching mapping's folder plus the
 * rest of the path (matched on whole path segments), else the path itself, relative paths being
 * taken from the database's folder.
 */
export function mapRecordedPath(recorded: string, roots: SourceRoot[], dbDir: string): string {
  const rec = recorded.replace(/\\/g, '/');
  let best: { from: string; to: string } | null = null;
  for (const r of roots) {
    const from = normalizePrefix(r.from);
    if (rec === from || rec.startsWith(from.endsWith('/') ? from : `${from}/`)) {
      if (!best || from.length > best.from.length) best = { from, to: r.to };
    }
  }
  if (best) {
    const rest = rec.slice(best.from.length).replace(/^\/+/, '');
    return rest ? resolve(best.to, ...rest.split('/')) : resolve(best.to);
  }
  return isAbsolute(recorded) ? resolve(recorded) : resolve(dbDir, ...rec.split('/'));
}

function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
}

/** The folders a source may be read from: the database's own, and every mapping's target. */
export async function allowedRoots(dbPath: string, roots: SourceRoot[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of [dirname(resolve(dbPath)), ...roots.map((r) => r.to)]) {
    const real = await realOrNull(p);
    if (real && !out.includes(real)) out.push(real);
  }
  return out;
}

export interface ReadSourceInput {
  process: string;
  recordedPath: string;
  line: number | null;
  dbPath: string;
  roots: SourceRoot[];
}

export async function readSource(input: ReadSourceInput): Promise<SourceFile> {
  const { recordedPath } = input;
  const details = { recordedPath };
  const dbDir = dirname(resolve(input.dbPath));
  const mapped = mapRecordedPath(recordedPath, input.roots, dbDir);
  const real = await realOrNull(mapped);
  if (real === null) {
    throw new InspectorError('not-found', `The source file ${recordedPath} is not on this machine${mapped !== recordedPath ? ` (looked for ${mapped})` : ''}. Set a source root to map it to a local folder.`, { ...details, localPath: mapped, reason: 'missing' });
  }
  const allowed = await allowedRoots(input.dbPath, input.roots);
  if (!allowed.some((root) => isUnder(real, root))) {
    throw new InspectorError('permission-denied', `The source file ${recordedPath} is outside the trace database's folder and every source root you set, so it is not read. Set a source root to allow its folder.`, { ...details, localPath: real, reason: 'outside-roots' });
  }
  // Checked before opening too: opening a FIFO or a device for reading could block forever.
  if (!(await stat(real)).isFile()) throw new InspectorError('not-a-file', `${recordedPath} is not a file.`, { ...details, localPath: real, reason: 'not-a-file' });
  const fh = await open(real, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw new InspectorError('not-a-file', `${recordedPath} is not a file.`, { ...details, localPath: real, reason: 'not-a-file' });
    if (st.size > MAX_SOURCE_BYTES) {
      throw new InspectorError('too-large', `${recordedPath} is ${(st.size / 1048576).toFixed(1)} MB; sources over ${MAX_SOURCE_BYTES / 1048576} MB are not shown.`, { ...details, localPath: real, reason: 'too-large' });
    }
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const { bytesRead } = await fh.read(buf, off, st.size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    const bytes = buf.subarray(0, off);
    let text: string;
    try {
      if (bytes.subarray(0, SNIFF_BYTES).includes(0)) throw new Error('NUL byte');
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new InspectorError('not-a-file', `${recordedPath} is not a text file (binary or not UTF-8).`, { ...details, localPath: real, reason: 'binary' });
    }
    return { process: input.process, path: real, recordedPath, line: input.line, text, language: languageOf(real), size: off };
  } finally {
    await fh.close();
  }
}
