// What the SQL editor offers at the cursor: after `name.` the columns of that table, view or alias;
// elsewhere the tables and views, the columns of those the statement names, and keywords. Pure, so
// it is tested without monaco (test/renderer/sql/sql-completion.test.ts).
import type { SqlSchemaTable } from '../../db/api/inspector-api.ts';

export interface Suggestion {
  label: string;
  kind: 'table' | 'view' | 'column' | 'keyword' | 'function';
  detail: string;
}

export const KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP BY',
  'ORDER BY',
  'HAVING',
  'LIMIT',
  'OFFSET',
  'JOIN',
  'LEFT JOIN',
  'ON',
  'AS',
  'AND',
  'OR',
  'NOT',
  'IN',
  'IS NULL',
  'IS NOT NULL',
  'LIKE',
  'GLOB',
  'BETWEEN',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'WITH',
  'UNION ALL',
  'DESC',
  'ASC',
  'EXPLAIN QUERY PLAN',
];
const FUNCTIONS = [
  'now_ms()',
  'count(*)',
  'avg(',
  'max(',
  'min(',
  'sum(',
  'round(',
  'substr(',
  'instr(',
  'lower(',
  'strftime(',
  'datetime(',
  'unixepoch(',
  'json_extract(',
  'coalesce(',
];

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/;

/** Table names the statement mentions after FROM / JOIN, with their aliases (`calls c`, `calls AS c`). */
export function namedTables(sql: string): Map<string, string> {
  const out = new Map<string, string>();
  // The alias is any word after the table but a keyword that can follow it (not consumed, so
  // `FROM a JOIN b` still sees b).
  const re =
    /\b(?:FROM|JOIN)\s+(?:(?:main|temp)\s*\.\s*)?([A-Za-z_]\w*)(?:\s+(?:AS\s+)?(?!(?:WHERE|ON|JOIN|LEFT|INNER|CROSS|GROUP|ORDER|LIMIT|USING|NATURAL|UNION|WINDOW|HAVING)\b)([A-Za-z_]\w*))?/gi;
  for (const m of sql.matchAll(re)) {
    const table = m[1];
    out.set(table.toLowerCase(), table);
    if (m[2]) out.set(m[2].toLowerCase(), table);
  }
  return out;
}

function find(schema: SqlSchemaTable[], name: string): SqlSchemaTable | undefined {
  const n = name.toLowerCase();
  return (
    schema.find((t) => t.schema === 'temp' && t.name.toLowerCase() === n) ??
    schema.find((t) => t.name.toLowerCase() === n)
  );
}

/** Suggestions for the text before the cursor (`before`) in the whole statement (`sql`). */
export function suggest(schema: SqlSchemaTable[], sql: string, before: string): Suggestion[] {
  const dotted = new RegExp(`(${IDENT.source})\\.(${IDENT.source})?$`).exec(before);
  const names = namedTables(sql);
  if (dotted) {
    const table = find(schema, names.get(dotted[1].toLowerCase()) ?? dotted[1]);
    return table ? table.columns.map((c) => ({ label: c, kind: 'column', detail: table.name })) : [];
  }
  const tables: Suggestion[] = schema.map((t) => ({
    label: t.name,
    kind: t.kind,
    detail: t.schema === 'temp' ? 'view (docs/sql.md)' : `${t.kind} in the file`,
  }));
  const columns: Suggestion[] = [];
  const seen = new Set<string>();
  for (const table of new Set(names.values())) {
    const t = find(schema, table);
    for (const c of t?.columns ?? []) {
      if (seen.has(c)) continue;
      seen.add(c);
      columns.push({ label: c, kind: 'column', detail: t!.name });
    }
  }
  return [
    ...columns,
    ...tables,
    ...FUNCTIONS.map((f): Suggestion => ({
      label: f,
      kind: 'function',
      detail: f === 'now_ms()' ? 'now in epoch ms' : 'SQLite function',
    })),
    ...KEYWORDS.map((k): Suggestion => ({ label: k, kind: 'keyword', detail: 'keyword' })),
  ];
}
