// The plain-Node way of starting the file check (serve mode, tests) must not lean on
// ELECTRON_RUN_AS_NODE: the packaged desktop app ships with its RunAsNode fuse off, where that
// variable is ignored and process.execPath would start a second copy of the app.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeProbeLauncher } from '../../../db/source/probe-launcher.ts';
import { probeSource } from '../../../db/source/probe-source.ts';
import { createTraceDb, sampleRows, tempDir } from '../../fixtures/trace-db.ts';

const PROBE = new URL('../../../db/source/probe-child.ts', import.meta.url);

function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return new Promise((done) => stream.on('end', () => done(text)));
}

describe('the Node probe launcher', () => {
  afterEach(() => {
    delete (process.versions as Record<string, string | undefined>).electron;
  });

  it('runs the script with this Node and its arguments, without ELECTRON_RUN_AS_NODE', async () => {
    expect(process.env.ELECTRON_RUN_AS_NODE).toBeUndefined();
    const script = join(tempDir('ti-launcher-'), 'report.mjs');
    writeFileSync(
      script,
      'process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), execPath: process.execPath, runAsNode: process.env.ELECTRON_RUN_AS_NODE ?? null }))',
    );
    const child = nodeProbeLauncher(pathToFileURL(script), ['/some/file.db', '16500']);
    const [out, ended] = await Promise.all([readAll(child.stdout), child.ended]);
    expect(ended).toBeNull();
    expect(JSON.parse(out)).toEqual({ argv: ['/some/file.db', '16500'], execPath: process.execPath, runAsNode: null });
  });

  it('vets a trace file through the real probe child', async () => {
    const inspected = await probeSource(createTraceDb({ rows: sampleRows(10) }), {
      script: PROBE,
      launch: nodeProbeLauncher,
    });
    expect(inspected.schema.table).toBe('data_trace');
  });

  it('refuses to start under Electron, where process.execPath is the app and not a Node', async () => {
    Object.defineProperty(process.versions, 'electron', { value: '39.0.0', configurable: true });
    expect(() => nodeProbeLauncher(PROBE, [])).toThrow(/utility process/);
    // The default launcher of probeSource is this one: the open fails by kind, it does not start the app again.
    await expect(probeSource(createTraceDb({ rows: sampleRows(10) }), { script: PROBE })).rejects.toMatchObject({
      kind: 'internal',
      message: expect.stringMatching(/utility process/),
    });
  });
});
