// The embedded default: with no file given, `npm start` and `npm run serve` open a freshly
// written demo database while a writer process keeps appending to it.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

export interface RunningDemo {
  path: string;
  rows: number;
  stop: () => void;
}

export async function startDemo(): Promise<RunningDemo> {
  const root = resolve(import.meta.dirname, '..', '..');
  const { prepareDemo } = await import('./prepare.ts');
  const demo = prepareDemo({ outDir: join(root, '.demo') });
  // The demo writer is its own process, as the user's app would be: its commits never share the
  // inspector's event loop, and the inspector reads the file exactly as it reads theirs.
  const writer = spawn(
    process.execPath,
    [join(import.meta.dirname, 'live-writer.ts'), '--db', demo.dbPath, '--source-dir', demo.sourceDir],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return { path: demo.dbPath, rows: demo.generated.rows, stop: () => writer.kill('SIGTERM') };
}

export function demoSentence(demo: RunningDemo): string {
  return `No file given: opening the demo database ${demo.path} (${demo.rows.toLocaleString('en')} rows), with a live writer appending to it.`;
}
