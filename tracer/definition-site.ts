// Where a wrapped function lives and what its parameters are called, worked out once when it is
// wrapped (never per call): the inspector shows the source there and names each argument row.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Any function at all: only its name, text or stack position is used, never its signature. */
export type AnyFunction = (...args: never[]) => unknown;

export interface SourceSite {
  file: string | null;
  line: number | null;
}

/**
 * The file and line of the code that called `wrap` (skipping `skip` and everything above it),
 * moved down to the function's own line when it starts a few lines later. V8 exposes a function's
 * definition site only through the inspector protocol, far too heavy here. The stack is read as
 * text on purpose: that text honours source maps (--enable-source-maps, test runners), so a
 * compiled app still points at its own .ts line.
 */
export function callerSite(skip: AnyFunction, fnName = ''): SourceSite {
  const holder: { stack?: string } = {};
  try {
    Error.captureStackTrace(holder, skip);
    for (const line of String(holder.stack ?? '')
      .split('\n')
      .slice(1)) {
      const loc = /\(([^()]*)\)\s*$/.exec(line)?.[1] ?? line.trim().replace(/^at\s+/, '');
      const m = /^(.+):(\d+):\d+$/.exec(loc);
      if (!m || m[1].startsWith('node:') || m[1] === 'native') continue;
      const file = m[1].startsWith('file://') ? fileURLToPath(m[1]) : m[1];
      const at = Number(m[2]);
      return { file, line: fnName ? (definitionLine(file, at, fnName) ?? at) : at };
    }
  } catch {
    // An unusual stack format: no location rather than no tracing.
  }
  return { file: null, line: null };
}

const LOOKAHEAD_LINES = 5;
const MAX_SOURCE_BYTES = 4 << 20;
const sources = new Map<string, string[] | null>();

/** The line at or just below `from` that declares `name`, when the file can be read. */
function definitionLine(file: string, from: number, name: string): number | null {
  let lines = sources.get(file);
  if (lines === undefined) {
    try {
      lines = statSync(file).size <= MAX_SOURCE_BYTES ? readFileSync(file, 'utf8').split('\n') : null;
    } catch {
      lines = null;
    }
    sources.set(file, lines);
  }
  if (!lines) return null;
  const escaped = name.replace(/[$]/g, '\\$');
  // `function name(` wins over `const name = wrap(` a line above it: formatters put the wrapped
  // function on the line after the assignment, and the declaration is where its body starts.
  const fnDecl = new RegExp(`\\bfunction\\s*\\*?\\s*${escaped}\\b`);
  const anyDecl = new RegExp(`(?:^|[\\s.])${escaped}\\s*(?:[(=:]|\\bfunction\\b)`);
  const last = Math.min(from + LOOKAHEAD_LINES - 1, lines.length);
  for (const decl of [fnDecl, anyDecl]) for (let l = from; l <= last; l++) if (decl.test(lines[l - 1])) return l;
  return null;
}

export interface ParamNames {
  /** One name per declared parameter; destructured ones are `arg<i>`. */
  names: string[];
  /** The rest parameter's name (`...items`), whose elements become `items[0]`, `items[1]`, … */
  rest: string | null;
}

/** Parameter names from the function's source text (types are already stripped at run time). */
export function paramNames(fn: AnyFunction): ParamNames {
  let src: string;
  try {
    src = Function.prototype.toString.call(fn);
  } catch {
    return { names: [], rest: null };
  }
  const list = paramList(src);
  if (list === null) return { names: [], rest: null };
  const names: string[] = [];
  let rest: string | null = null;
  for (const [i, raw] of splitTopLevel(list).entries()) {
    let p = raw.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trim();
    if (p === '') continue;
    const isRest = p.startsWith('...');
    if (isRest) p = p.slice(3).trim();
    const ident = /^[A-Za-z_$][\w$]*/.exec(p)?.[0];
    const name = ident && !/^[{[]/.test(p) ? ident : `arg${i}`;
    if (isRest) rest = name;
    else names.push(name);
  }
  return { names, rest };
}

/** The text between a function's parameter parentheses, or a bare arrow's single parameter. */
function paramList(src: string): string | null {
  const arrow = /^\s*(?:async\s+)?([A-Za-z_$][\w$]*)\s*=>/.exec(src);
  if (arrow) return arrow[1];
  const open = src.indexOf('(');
  if (open < 0) return null;
  for (const { i, c, depth } of outsideStrings(src, open))
    if (depth === 0 && (c === ')' || c === ']' || c === '}')) return src.slice(open + 1, i);
  return null;
}

function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (const { i, c, depth } of outsideStrings(list)) {
    if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/** Each character of `src` from `from` that is outside a string literal, with the bracket depth after it. */
function* outsideStrings(src: string, from = 0): Generator<{ i: number; c: string; depth: number }> {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    yield { i, c, depth };
  }
}
