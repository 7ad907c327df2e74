// What a source root and a source path may be. The trace file is untrusted: these rules decide
// which files on this machine its source_file column can make the Code Inspector read.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse, relative, resolve, sep } from 'node:path';
import { InspectorError } from '../api/errors.ts';

export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Refuses, as written and before any filesystem call, a UNC path (\\host\share, //host/share) or
 * a Windows device path (\\?\, \\.\, \??\): opening one makes Windows connect to the named host,
 * sending the user's credentials (NTLM) to it, or reach a raw device.
 */
export function checkRecordedPath(recorded: string): void {
  const details = { recordedPath: recorded, reason: 'network-path' };
  if (recorded.includes('\u0000')) {
    throw new InspectorError(
      'permission-denied',
      'The recorded source path contains a NUL character, so it is not read.',
      details,
    );
  }
  const slashed = recorded.replace(/\\/g, '/');
  if (slashed.startsWith('//') || slashed.startsWith('/??/')) {
    throw new InspectorError(
      'permission-denied',
      `The source file ${recorded} is a network or device path; Trace Inspector only reads source files on this machine's own disks, so it does not connect to it.`,
      details,
    );
  }
}

/** The first hidden folder (or file) of `path` below `root`, e.g. ".ssh"; null when there is none. */
export function dotFolderBelow(path: string, root: string): string | null {
  const rel = relative(root, path);
  if (rel === '') return null;
  return rel.split(sep).find((seg) => seg.startsWith('.') && seg !== '..') ?? null;
}

function homeFolders(): string[] {
  const home = resolve(homedir());
  try {
    return [home, realpathSync.native(home)];
  } catch {
    return [home];
  }
}

/**
 * Why a folder may not be a source root ("the filesystem root", "your home folder", "inside the
 * hidden folder .ssh"), or null when it may. Either would expose every file under it to paths a
 * trace file chooses. `dotFolders` is false for the database's own folder: the user chose to open a
 * file there (the demo lives in .demo/), the trace file did not.
 */
export function rootRefusal(root: string, opts: { dotFolders: boolean }): string | null {
  const abs = resolve(root);
  if (parse(abs).root === abs) return `the filesystem root (${abs})`;
  if (homeFolders().includes(abs)) return `your home folder (${abs})`;
  if (opts.dotFolders) {
    const dot = abs.split(sep).find((seg) => seg.startsWith('.') && seg !== '.' && seg !== '..');
    if (dot) return `inside the hidden folder ${dot}`;
  }
  return null;
}
