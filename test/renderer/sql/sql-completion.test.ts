// What the SQL editor suggests: columns of a table or alias after a dot, the named tables'
// columns first elsewhere, and the plan drawn as a tree.
import { describe, expect, it } from 'vitest';
import type { SqlSchemaTable } from '../../../db/api/types.ts';
import { namedTables, suggest } from '../../../renderer/sql/sql-completion.ts';
import { planLines } from '../../../renderer/sql/PlanView.tsx';
import { readSqlParams, writeSqlParams } from '../../../renderer/sql/sql-params.ts';

const schema: SqlSchemaTable[] = [
  { name: 'calls', schema: 'temp', kind: 'view', columns: ['call_id', 'start_ms', 'duration_ms'] },
  { name: 'rows', schema: 'temp', kind: 'view', columns: ['id', 'ts_ms', 'data_value'] },
  { name: 'calls', schema: 'main', kind: 'table', columns: ['mine'] },
  { name: 'data_trace', schema: 'main', kind: 'table', columns: ['process', 'data_value'] },
];

describe('SQL completion', () => {
  it('reads tables and their aliases after FROM and JOIN', () => {
    expect([...namedTables('SELECT * FROM calls c JOIN rows AS r ON r.call_id = c.call_id WHERE 1').entries()]).toEqual(
      [
        ['calls', 'calls'],
        ['c', 'calls'],
        ['rows', 'rows'],
        ['r', 'rows'],
      ],
    );
    expect([...namedTables('SELECT * FROM calls WHERE x').keys()]).toEqual(['calls']);
  });

  it("offers an alias's columns after a dot, the friendly view before a table of the same name", () => {
    const sql = 'SELECT c. FROM calls c';
    expect(suggest(schema, sql, 'SELECT c.').map((s) => s.label)).toEqual(['call_id', 'start_ms', 'duration_ms']);
    expect(suggest(schema, 'SELECT data_trace.p FROM data_trace', 'SELECT data_trace.p').map((s) => s.label)).toEqual([
      'process',
      'data_value',
    ]);
    expect(suggest(schema, 'SELECT x. FROM calls', 'SELECT x.')).toEqual([]);
  });

  it("lists the named tables' columns first, once each, then tables, functions and keywords", () => {
    const list = suggest(schema, 'SELECT  FROM rows JOIN data_trace', 'SELECT ');
    expect(list.slice(0, 4).map((s) => s.label)).toEqual(['id', 'ts_ms', 'data_value', 'process']);
    expect(list.filter((s) => s.label === 'data_value')).toHaveLength(1);
    expect(list.map((s) => s.kind)).toEqual(expect.arrayContaining(['view', 'table', 'function', 'keyword']));
  });
});

describe('query plan and URL', () => {
  it('indents each plan step under its parent', () => {
    const lines = planLines([
      { id: 2, parent: 0, detail: 'CO-ROUTINE x' },
      { id: 5, parent: 2, detail: 'SCAN t' },
      { id: 9, parent: 0, detail: 'SCAN x' },
    ]);
    expect(lines).toEqual([
      { depth: 0, detail: 'CO-ROUTINE x' },
      { depth: 1, detail: 'SCAN t' },
      { depth: 0, detail: 'SCAN x' },
    ]);
  });

  it('keeps the statement and time limit in the URL, ignoring a limit it does not offer', () => {
    const p = readSqlParams(writeSqlParams({ query: 'SELECT 1', timeoutS: 30 }) as Record<string, string>);
    expect(p).toEqual({ query: 'SELECT 1', timeoutS: 30, fromLink: true });
    expect(readSqlParams({ q: 'SELECT 2', timeout: '999' }).timeoutS).toBe(5);
    expect(readSqlParams({}).fromLink).toBe(false);
  });
});
