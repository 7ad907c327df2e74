// Reads the source file a traced function recorded (source_file), for the Code Inspector.
// The recorded path is the tracer's, from its own machine; a source-root mapping the user gave
// (recorded prefix → local folder) translates it. The trace file is untrusted, so a path is read
// only when (the rules are in source-rules.ts) it is no network or device path as written, and its
// real path (symlinks resolved) lies under the one root that applies to it: the mapping whose
// prefix it matched, else the trace database's own folder. No root may be `/` or the home folder,
// and no dot-folder (.ssh, .aws, .config…) below it is read.
import { open, realpath, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { InspectorError } from '../api/errors.ts';
import type { SourceFile, SourceRoot } from '../api/types.ts';
import { checkRecordedPath, dotFolderBelow, isUnder, rootRefusal } from './source-rules.ts';
/** Bigger than any hand-written module; a generated bundle is not worth showing. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;
/** Bytes scanned for NUL to tell a binary file from text (as git and grep do). */
const SNIFF_BYTES = 8000;

const LANGUAGES: Record<string, string> = {
  '.py': 'python',
  '.pyw': 'python',
  '.pyi': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
};

export function languageOf(path: string): string {
  return LANGUAGES[extname(path).toLowerCase()] ?? 'plaintext';
}

/** Both separators, no trailing one: recorded paths may come from Windows. */
function normalizePrefix(p: string): string {
  const s = p.replace(/\\/g, '/');
  return s.length > 1 ? s.replace(/\/+$/, '') : s;
}

/** Where a recorded path lives on this machine, and the one folder it must stay under. */
export interface MappedPath {
  local: string;
  /** The matched mapping's folder, or the database's folder when no mapping matched. */
  root: string;
  /** The mapping that matched, if any. */
  mapping: SourceRoot | null;
}

/**
 * The longest matching mapping's folder plus the rest of the path (matched on whole path
 * segments), else the path itself, relative paths being taken from the database's folder.
 */
export function mapRecordedPath(recorded: string, roots: SourceRoot[], dbDir: string): string {
  return mapRecorded(recorded, roots, dbDir).local;
}

export function mapRecorded(recorded: string, roots: SourceRoot[], dbDir: string): MappedPath {
  const rec = recorded.replace(/\\/g, '/');
  let best: SourceRoot | null = null;
  for (const r of roots) {
    const from = normalizePrefix(r.from);
    if (rec === from || rec.startsWith(from.endsWith('/') ? from : `${from}/`)) {
      if (!best || from.length > normalizePrefix(best.from).length) best = r;
    }
  }
  if (best) {
    const rest = rec.slice(normalizePrefix(best.from).length).replace(/^\/+/, '');
    return {
      local: rest ? resolve(best.to, ...rest.split('/')) : resolve(best.to),
      root: resolve(best.to),
      mapping: best,
    };
  }
  return {
    local: isAbsolute(recorded) ? resolve(recorded) : resolve(dbDir, ...rec.split('/')),
    root: dbDir,
    mapping: null,
  };
}

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch {
    return null;
  }
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
  // As written, before anything touches the filesystem: a UNC path would make the OS connect to
  // (and send credentials to) the host the trace file names.
  checkRecordedPath(recordedPath);
  const dbDir = dirname(resolve(input.dbPath));
  const { local: mapped, root, mapping } = mapRecorded(recordedPath, input.roots, dbDir);
  const whichRoot = mapping ? `the source root you set for ${mapping.from}` : "the trace database's folder";
  // A hidden folder is refused from the path as written too, before its existence is even looked up.
  const lexicalDot = isUnder(mapped, root) ? dotFolderBelow(mapped, root) : null;
  if (lexicalDot) throw sensitive(recordedPath, lexicalDot, mapped);
  const realRoot = await realOrNull(root);
  // A user's mapping is checked when set, but the settings file may have been edited since.
  const refusedRoot = realRoot === null ? null : rootRefusal(realRoot, { dotFolders: mapping !== null });
  if (refusedRoot) {
    throw new InspectorError(
      'permission-denied',
      `The source file ${recordedPath} is not read: ${whichRoot} is ${refusedRoot}, which is never used as a source root. Set a source root to a project folder.`,
      { ...details, localPath: mapped, reason: 'sensitive-folder' },
    );
  }
  const real = await realOrNull(mapped);
  if (real === null || realRoot === null) {
    throw new InspectorError(
      'not-found',
      `The source file ${recordedPath} is not on this machine${mapped !== recordedPath ? ` (looked for ${mapped})` : ''}. Set a source root to map it to a local folder.`,
      { ...details, localPath: mapped, reason: 'missing' },
    );
  }
  // Resolved (symlinks followed) and checked again: a link inside the root may point anywhere.
  if (!isUnder(real, realRoot)) {
    throw new InspectorError(
      'permission-denied',
      `The source file ${recordedPath} leads outside ${whichRoot} (to ${real}), so it is not read. Set a source root to allow its folder.`,
      { ...details, localPath: real, reason: 'outside-roots' },
    );
  }
  const realDot = dotFolderBelow(real, realRoot);
  if (realDot) throw sensitive(recordedPath, realDot, real);
  // Checked before opening too: opening a FIFO or a device for reading could block forever.
  if (!(await stat(real)).isFile())
    throw new InspectorError('not-a-file', `${recordedPath} is not a file.`, {
      ...details,
      localPath: real,
      reason: 'not-a-file',
    });
  const fh = await open(real, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile())
      throw new InspectorError('not-a-file', `${recordedPath} is not a file.`, {
        ...details,
        localPath: real,
        reason: 'not-a-file',
      });
    if (st.size > MAX_SOURCE_BYTES) {
      throw new InspectorError(
        'too-large',
        `${recordedPath} is ${(st.size / 1048576).toFixed(1)} MB; sources over ${MAX_SOURCE_BYTES / 1048576} MB are not shown.`,
        { ...details, localPath: real, reason: 'too-large' },
      );
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
      throw new InspectorError('not-a-file', `${recordedPath} is not a text file (binary or not UTF-8).`, {
        ...details,
        localPath: real,
        reason: 'binary',
      });
    }
    return {
      process: input.process,
      path: real,
      recordedPath,
      line: input.line,
      text,
      language: languageOf(real),
      size: off,
    };
  } finally {
    await fh.close();
  }
}

function sensitive(recordedPath: string, dot: string, localPath: string): InspectorError {
  return new InspectorError(
    'permission-denied',
    `The source file ${recordedPath} is inside the hidden folder ${dot}; hidden folders (.ssh, .aws, .config…) hold keys and settings, never traced code, so they are not read.`,
    { recordedPath, localPath, reason: 'sensitive-folder' },
  );
}
