// Writes the Python modules the demo's functions "live in", so source_file/source_line point at
// real lines on disk and every traceback frame quotes the line it names.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createCatalog, type Catalog, type FunctionSpec } from './catalog.ts';

export interface SourceLocation {
  /** Absolute path of the generated .py file. */
  file: string;
  /** Line of the `def`. */
  line: number;
}

/** A body line: where a traceback frame of this function points. */
export interface Site {
  line: number;
  text: string;
}

export interface FunctionSource extends SourceLocation {
  /** Where the body calls each child, by child process name. */
  callSites: Map<string, Site>;
  /** Where each of its ErrorSpecs is raised, in the order of spec.errors. */
  raiseSites: Site[];
}

const modulePath = (process: string) => process.slice(0, process.lastIndexOf('.'));
const shortName = (process: string) => process.slice(process.lastIndexOf('.') + 1);

/** Renders every module of the catalog; the map says where each function and its lines are. */
export function renderSources(
  dir: string,
  catalog: Catalog = createCatalog(),
): { files: Map<string, string>; functions: Map<string, FunctionSource> } {
  const root = resolve(dir);
  const byModule = new Map<string, FunctionSpec[]>();
  for (const spec of catalog.functions.values()) {
    const mod = modulePath(spec.process);
    byModule.set(mod, [...(byModule.get(mod) ?? []), spec]);
  }
  const files = new Map<string, string>();
  const functions = new Map<string, FunctionSource>();
  for (const [mod, specs] of byModule) {
    const parts = mod.split('.');
    const file = join(root, ...parts) + '.py';
    files.set(file, renderModule(mod, file, specs, functions));
    // Packages on the way down, so the tree reads like an importable project.
    for (let i = 1; i < parts.length; i++) {
      const init = join(root, ...parts.slice(0, i), '__init__.py');
      if (!files.has(init)) files.set(init, '');
    }
  }
  return { files, functions };
}

/** Writes the modules under dir (only the files whose text changed) and returns where each function is. */
export function writeSourceFiles(dir: string, catalog: Catalog = createCatalog()): Map<string, FunctionSource> {
  const { files, functions } = renderSources(dir, catalog);
  for (const [file, text] of files) {
    let current: string | null = null;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // not written yet
    }
    if (current === text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return functions;
}

function renderModule(mod: string, file: string, specs: FunctionSpec[], out: Map<string, FunctionSource>): string {
  const lines: string[] = [
    `"""${mod}: ${specs.map((s) => shortName(s.process)).join(', ')}.`,
    '',
    'Written by the Trace Inspector demo (main/demo/source-files.ts) so the inspector has code to',
    'show next to each traced call. It is never run.',
    '"""',
    'from __future__ import annotations',
    '',
    'import logging',
    ...importLines(specs.flatMap((s) => s.imports ?? [])),
    '',
    'from tracer import traced',
    '',
    'log = logging.getLogger(__name__)',
  ];
  const ownErrors = new Map<string, string>();
  for (const s of specs) for (const e of s.errors) if (e.module === 'own') ownErrors.set(e.type, e.doc ?? '');
  for (const [type, doc] of ownErrors) lines.push('', '', `class ${type}(Exception):`, `    """${doc}"""`);

  let openClass: string | null = null;
  for (const spec of specs) {
    const indent = spec.className ? '    ' : '';
    if (spec.className && spec.className !== openClass) {
      lines.push(
        '',
        '',
        `class ${spec.className}:`,
        `    """Holds the state of ${shortName(spec.process)} between calls."""`,
        '',
        '    def __init__(self, session):',
        '        self.session = session',
        '        self.last_sync = None',
      );
    }
    openClass = spec.className ?? null;
    lines.push(...(spec.className ? [''] : ['', '']));
    const params = spec.args.filter((a) => !a.name.includes('.')).map((a) => a.name);
    if (spec.className) params.unshift('self');
    lines.push(`${indent}@traced`, `${indent}def ${shortName(spec.process)}(${params.join(', ')}):`);
    const defLine = lines.length;
    lines.push(`${indent}    """${spec.doc}"""`);
    const bodyStart = lines.length + 1;
    lines.push(...spec.body.map((l) => `${indent}    ${l}`));
    out.set(spec.process, { file, line: defLine, ...sites(spec, mod, bodyStart) });
  }
  return `${lines.join('\n')}\n`;
}

/** `from x import a` lines merged per module, plain imports first, each group sorted. */
function importLines(raw: string[]): string[] {
  const plain = new Set<string>();
  const from = new Map<string, Set<string>>();
  for (const line of raw) {
    const m = /^from (\S+) import (.+)$/.exec(line);
    if (!m) {
      plain.add(line);
      continue;
    }
    const names = from.get(m[1]) ?? new Set<string>();
    for (const n of m[2].split(',')) names.add(n.trim());
    from.set(m[1], names);
  }
  return [
    ...[...plain].sort(),
    ...[...from.keys()].sort().map((m) => `from ${m} import ${[...from.get(m)!].sort().join(', ')}`),
  ];
}

/** Finds the lines tracebacks point at; a catalog whose body does not match fails loudly here. */
function sites(spec: FunctionSpec, mod: string, bodyStart: number): Pick<FunctionSource, 'callSites' | 'raiseSites'> {
  const find = (test: (line: string) => boolean, what: string): Site => {
    const i = spec.body.findIndex(test);
    if (i < 0) throw new Error(`demo catalog: the body of ${spec.process} has no line for ${what}`);
    return { line: bodyStart + i, text: spec.body[i].trim() };
  };
  const callSites = new Map<string, Site>();
  for (const child of spec.children) {
    const sameModule = modulePath(child.fn) === mod;
    const name = shortName(child.fn);
    const needle = child.call ?? (sameModule ? `${name}(` : `${shortName(modulePath(child.fn))}.${name}(`);
    const bare = new RegExp(`(^|[^\\w.])${name}\\(`);
    callSites.set(
      child.fn,
      find((l) => (sameModule && !child.call ? bare.test(l) : l.includes(needle)), `the call ${needle}`),
    );
  }
  const raiseSites = spec.errors.map((e) => find((l) => l.includes(e.at), `'${e.at}' (${e.type})`));
  return { callSites, raiseSites };
}
