// Fails the build when a file imports across a layer it must not cross (see shared STYLE.md):
// "Without enforcement exceptions to this rule quickly slip in."
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { builtinModules } from 'node:module';

const root = resolve(import.meta.dirname, '..');
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

interface ImportRef {
  file: string;
  spec: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  const abs = join(root, dir);
  let entries: string[];
  try {
    entries = readdirSync(abs);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(abs, name);
    if (statSync(path).isDirectory()) return sourceFiles(join(dir, name));
    return /\.(ts|tsx)$/.test(name) ? [join(dir, name)] : [];
  });
}

export function importsOf(file: string, text: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const re =
    /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const m of text.matchAll(re)) {
    refs.push({ file, spec: m[3] ?? m[4], typeOnly: Boolean(m[2]) });
  }
  return refs;
}

/** The text without its comments, so a comment may name what the code must not use. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The layer (top-level folder) a relative import lands in, or the package name. */
function target(ref: ImportRef): { layer: string | null; pkg: string | null; path: string | null } {
  if (ref.spec.startsWith('.')) {
    const path = relative(root, resolve(root, dirname(ref.file), ref.spec));
    return { layer: path.split(/[\\/]/)[0], pkg: null, path };
  }
  return { layer: null, pkg: ref.spec, path: null };
}

const RAW_IPC_ALLOWED = new Set([
  'main/desktop/ipc-bridge.ts',
  'main/electron-main.ts',
  'preload/preload.ts',
  'preload/bridge.ts',
]);

export function violations(file: string, text: string): string[] {
  const layer = file.split(/[\\/]/)[0];
  const inApiContract = /^db[\\/]api[\\/]/.test(file);
  const out: string[] = [];
  for (const ref of importsOf(file, text)) {
    const t = target(ref);
    const bad = (why: string) => out.push(`${file}: imports '${ref.spec}' — ${why}`);
    // common/ is pure code every layer may import: no Node, no DOM, no SQLite, no other layer.
    if (layer === 'common') {
      if (t.layer && t.layer !== 'common') bad(`common/ imports nothing from ${t.layer}/`);
      if (t.pkg) bad('common/ is pure: it imports no Node builtin and no package');
    }
    if (layer === 'db') {
      if (t.pkg === 'electron') bad('db/ is plain Node and never imports electron');
      if (t.layer && ['main', 'renderer', 'preload'].includes(t.layer)) bad(`db/ never imports ${t.layer}/`);
      // db/api is the shared contract the renderer may see as types: it stays free of Node.
      if (inApiContract && t.pkg && nodeBuiltins.has(t.pkg) && !ref.typeOnly)
        bad('db/api/ is the shared contract and imports no Node module');
    }
    // scripts/ holds developer CLIs that are not shipped; what the product runs lives in main/ or db/.
    if (layer === 'main' && t.layer === 'scripts')
      bad('main/ never imports scripts/ (move what the product runs into main/ or db/)');
    if (layer === 'renderer') {
      if (
        t.pkg &&
        (nodeBuiltins.has(t.pkg) || t.pkg === 'electron' || t.pkg === 'better-sqlite3' || t.pkg === 'chokidar')
      ) {
        bad('renderer/ imports no Node or Electron module');
      }
      if (t.layer === 'db' && !(ref.typeOnly && /^db[\\/]api[\\/]/.test(t.path ?? ''))) {
        bad('renderer/ reaches the engine only through the API interface (import type from db/api/)');
      }
      if (t.layer === 'main' || t.layer === 'preload') bad(`renderer/ never imports ${t.layer}/`);
    }
    if (
      layer === 'preload' &&
      t.layer &&
      t.layer !== 'preload' &&
      t.layer !== 'common' &&
      !(t.layer === 'db' && /^db[\\/]api[\\/]/.test(t.path ?? ''))
    ) {
      bad('preload/ only bridges the API contract (db/api/) and common/');
    }
    // A sandboxed preload can load nothing but electron's renderer modules (it is bundled).
    if (layer === 'preload' && t.pkg && t.pkg !== 'electron') bad('preload/ runs sandboxed: it imports only electron');
  }
  // Issue 16: every grid is an AgGridReact (ag-grid-react, the design card's package). The vanilla
  // entry points draw a grid outside React, which is how the Explorer once drifted off the card.
  if (layer === 'renderer' && /\b(createGrid|GridCoreCreator|new\s+Grid)\b/.test(withoutComments(text)))
    out.push(`${file}: draws an ag-grid with the vanilla API — use AgGridReact from ag-grid-react`);
  // Globals of one runtime only (Node, the DOM) would make common/ code fail in the other.
  if (layer === 'common' && /\b(window|document|process|Buffer|require|globalThis)\s*[.([]/.test(text))
    out.push(`${file}: uses a Node or DOM global — common/ runs in every layer`);
  // GitHub Desktop's rule: raw IPC appears only where the typed bridge is built.
  const rawIpc = /\bipc(Main|Renderer)\b/.test(text.replace(/import type[^;]*;/g, ''));
  if (rawIpc && !RAW_IPC_ALLOWED.has(file.replace(/\\/g, '/')))
    out.push(`${file}: uses ipcMain/ipcRenderer directly — go through main/desktop/ipc-bridge.ts and preload/`);
  return out;
}

describe('layering', () => {
  it('keeps common/ pure, db/ free of electron and UI layers, renderer/ free of Node, and main/ off scripts/', () => {
    const files = ['common', 'db', 'main', 'preload', 'renderer'].flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((f) => violations(f, readFileSync(join(root, f), 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches the imports it is meant to forbid', () => {
    expect(violations('db/engine/x.ts', `import { app } from 'electron';`)).toHaveLength(1);
    expect(violations('db/api/x.ts', `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    expect(violations('renderer/App.tsx', `import { open } from '../db/source/open-source.ts';`)).toHaveLength(1);
    expect(violations('renderer/App.tsx', `import type { InspectorApi } from '../db/api/inspector-api.ts';`)).toEqual(
      [],
    );
    expect(violations('renderer/App.tsx', `import { readFile } from 'node:fs/promises';`)).toHaveLength(1);
    expect(violations('renderer/App.tsx', `const m = import('../main/serve/serve-cli.ts');`)).toHaveLength(1);
    expect(violations('preload/x.ts', `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    expect(
      violations('main/serve/serve-cli.ts', `const { prepareDemo } = await import('../../scripts/demo/prepare.ts');`),
    ).toHaveLength(1);
    expect(violations('scripts/start.ts', `import { serve } from '../main/serve/serve-cli.ts';`)).toEqual([]);
    expect(violations('main/desktop/windows.ts', `import { ipcMain } from 'electron';`)).toHaveLength(1);
    expect(violations('common/x.ts', `import { readFileSync } from 'node:fs';`)).toHaveLength(1);
    expect(violations('common/x.ts', `import Database from 'better-sqlite3';`)).toHaveLength(1);
    expect(violations('common/x.ts', `import type { TraceRow } from '../db/api/types.ts';`)).toHaveLength(1);
    for (const layer of ['main', 'renderer', 'preload', 'scripts'])
      expect(violations('common/x.ts', `import { a } from '../${layer}/a.ts';`)).toHaveLength(1);
    expect(violations('common/x.ts', `export const w = () => window.innerWidth;`)).toHaveLength(1);
    expect(violations('common/x.ts', `import { RULE_LIMITS } from './rule-limits.ts';`)).toEqual([]);
    for (const file of ['db/api/x.ts', 'main/desktop/x.ts', 'renderer/alerts/x.tsx', 'preload/x/y.ts'])
      expect(violations(file, `import { globMatcher } from '../../common/glob.ts';`)).toEqual([]);
    expect(violations('renderer/x/Grid.tsx', `import { createGrid } from 'ag-grid-community';`)).toHaveLength(1);
    expect(
      violations('renderer/x/Grid.tsx', `import * as ag from 'ag-grid-community';\nconst api = ag.createGrid(el, {});`),
    ).toHaveLength(1);
    expect(
      violations('renderer/x/Grid.tsx', `// not createGrid: AgGridReact\nimport { AgGridReact } from 'ag-grid-react';`),
    ).toEqual([]);
    expect(
      violations('main/desktop/ipc-bridge.ts', `import type { IpcMain } from 'electron';\nipcMain.handle('x', f);`),
    ).toEqual([]);
  });
});
