// What the SQL console lets run, checked twice: on the text before SQLite sees it (a PRAGMA acts
// while it is being prepared: preparing `PRAGMA query_only=0` already turns query_only off), and
// on the prepared statement (sqlite3_stmt_readonly and "returns rows", which SQLite decides, not
// a parser of ours). The connection is read-only and lives in a process of its own for one
// statement (sql-child.ts), so even a statement that slipped through could change nothing that
// outlives it. better-sqlite3 exposes no authorizer (sqlite3_set_authorizer), hence these layers.
import { InspectorError } from '../api/errors.ts';

/** Longer text is refused before it reaches SQLite: a console statement is a few lines. */
export const MAX_SQL_CHARS = 20_000;

const READING = new Set(['SELECT', 'WITH', 'VALUES', 'EXPLAIN', 'PRAGMA']);
/** Every other statement SQLite knows: refused by name. */
const VERBS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'REPLACE',
  'CREATE',
  'DROP',
  'ALTER',
  'ATTACH',
  'DETACH',
  'VACUUM',
  'REINDEX',
  'ANALYZE',
  'BEGIN',
  'COMMIT',
  'END',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
]);

/** Pragmas that only report; the ones that take a table or index name may have it in parentheses. */
const READ_PRAGMAS = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
  'database_list',
  'collation_list',
  'function_list',
  'module_list',
  'pragma_list',
  'compile_options',
  'user_version',
  'application_id',
  'schema_version',
  'data_version',
  'page_count',
  'page_size',
  'freelist_count',
  'encoding',
  'auto_vacuum',
  'foreign_keys',
]);
const PRAGMAS_WITH_ARG = new Set([
  'table_info',
  'table_xinfo',
  'table_list',
  'index_list',
  'index_info',
  'index_xinfo',
  'foreign_key_list',
]);

/** Functions that reach outside the database; SQLite refuses them too, this says why in a sentence. */
const OUTSIDE_FUNCTIONS = /\b(load_extension|fts3_tokenizer|readfile|writefile|edit|sqlite_dbpage|zipfile)\s*\(/i;

function refused(message: string): InspectorError {
  return new InspectorError('sql-refused', message);
}

/** The text with comments blanked (same length, so positions still match), string literals and quoted names kept. */
export function blankComments(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      out += sql.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The words of the statement, outside literals, upper-cased: enough to read its leading keywords. */
function leadingWords(text: string, n: number): string[] {
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? []).slice(0, n).map((w) => w.toUpperCase());
}

/** Refuses, with a sentence, any statement whose text is not a reading one. */
export function checkStatementText(sql: string): void {
  if (sql.length > MAX_SQL_CHARS)
    throw refused(
      `The statement is ${sql.length.toLocaleString('en-US')} characters long; the console takes at most ${MAX_SQL_CHARS.toLocaleString('en-US')}.`,
    );
  const text = blankComments(sql);
  if (!text.trim()) throw refused('There is no statement to run: type a SELECT.');
  let words = leadingWords(text, 8);
  if (words[0] === 'EXPLAIN') words = words[1] === 'QUERY' && words[2] === 'PLAN' ? words.slice(3) : words.slice(1);
  const first = words[0];
  if (!READING.has(first) && !VERBS.has(first)) {
    // Not a statement SQLite knows either: a typo gets SQLite's own wording, not a refusal.
    const at = text.search(/\S/);
    throw new InspectorError(
      'sql-error',
      `near "${sql.slice(at).match(/^\S+?(?=\s|$|\()/)?.[0] ?? first}": syntax error (line ${positionAt(sql, at).line}, column ${positionAt(sql, at).column})`,
      { ...positionAt(sql, at) },
    );
  }
  if (!READING.has(first) || first === 'EXPLAIN') {
    const what = /^[A-Z_]+$/.test(first) ? `${first} statements are` : 'This statement is';
    const hint =
      first === 'ATTACH' || first === 'DETACH' ? ' The file and its index are attached already (see docs/sql.md).' : '';
    throw refused(
      `${what} refused: the console runs only reading statements (SELECT, WITH, VALUES, EXPLAIN and read-only PRAGMAs).${hint}`,
    );
  }
  if (first === 'PRAGMA') checkPragma(text);
  const outside = OUTSIDE_FUNCTIONS.exec(text);
  if (outside)
    throw refused(`${outside[1]}() is refused: the console reads this database only, never other files or extensions.`);
}

function checkPragma(text: string): void {
  const m = /\bPRAGMA\s+(?:([A-Za-z_]\w*)\s*\.\s*)?([A-Za-z_]\w*)\s*(.*)$/is.exec(text);
  const name = m?.[2]?.toLowerCase() ?? '';
  const rest = (m?.[3] ?? '').replace(/;\s*$/, '').trim();
  if (!READ_PRAGMAS.has(name))
    throw refused(
      `PRAGMA ${name || '(none)'} is refused: the console runs only pragmas that report (${[...READ_PRAGMAS].slice(0, 6).join(', ')}, …).`,
    );
  if (rest.startsWith('=') || (rest && !(PRAGMAS_WITH_ARG.has(name) && /^\([^()]*\)$/.test(rest)))) {
    throw refused(`PRAGMA ${name} may only be read here, not set.`);
  }
}

/** What SQLite says of the prepared statement: it must return rows and write nothing. */
export function checkPrepared(stmt: { reader: boolean; readonly: boolean }): void {
  if (!stmt.readonly) throw refused('This statement would write; the console runs only reading statements.');
  if (!stmt.reader)
    throw refused(
      'This statement returns no rows; the console runs only reading statements (SELECT, WITH, VALUES, EXPLAIN and read-only PRAGMAs).',
    );
}

export interface SqlPosition {
  offset: number;
  line: number;
  column: number;
}

function positionAt(sql: string, offset: number): SqlPosition {
  const before = sql.slice(0, offset);
  const line = before.split('\n').length;
  return { offset, line, column: offset - before.lastIndexOf('\n') };
}

/**
 * Where in the text SQLite's error points. better-sqlite3 does not expose
 * sqlite3_error_offset(), so the token SQLite names (`near "X"`, `no such column: X`) is looked
 * up in the text, outside comments; the end of the text for `incomplete input`.
 */
export function errorPosition(sql: string, message: string): SqlPosition | null {
  const text = blankComments(sql);
  if (/incomplete input|unterminated/i.test(message)) return positionAt(sql, text.trimEnd().length);
  const near = /near "((?:[^"]|"")*)"/.exec(message)?.[1]?.replace(/""/g, '"');
  const named =
    /no such (?:column|table|function|collation sequence|index|module): ([^\s,]+)/.exec(message)?.[1] ??
    /ambiguous column name: ([^\s,]+)/.exec(message)?.[1];
  const token = near ?? named?.split('.').pop();
  if (!token) return null;
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(/^\w/.test(token) ? `(?<![\\w$])${escaped}(?![\\w$])` : escaped, 'i').exec(text);
  return m ? positionAt(sql, m.index) : null;
}
