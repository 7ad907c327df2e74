// The text checks of the SQL console, alone: comments cannot hide a statement's first word or a
// pragma's assignment, literals are not mistaken for code, and errors point at their token.
import { describe, expect, it } from 'vitest';
import type { InspectorError } from '../../../db/api/errors.ts';
import { blankComments, checkStatementText, errorPosition } from '../../../db/sql/sql-guard.ts';

const kindOf = (sql: string) => {
  try {
    checkStatementText(sql);
    return 'ok';
  } catch (err) {
    return (err as InspectorError).kind;
  }
};

describe('sql-guard', () => {
  it('blanks comments but keeps their length and the literals', () => {
    const sql = "SELECT '--not a comment' /* gone */ -- gone too\nFROM t";
    const out = blankComments(sql);
    expect(out).toHaveLength(sql.length);
    expect(out).toContain("'--not a comment'");
    expect(out).not.toMatch(/gone/);
  });

  it.each([
    ['SELECT 1', 'ok'],
    ['  -- comment\n  with x as (select 1) select * from x', 'ok'],
    ['/* a */ EXPLAIN QUERY PLAN SELECT 1', 'ok'],
    ['VALUES (1), (2)', 'ok'],
    ['PRAGMA table_info(data_trace)', 'ok'],
    ['PRAGMA main.table_info("data_trace");', 'ok'],
    ["SELECT 'load_extension' AS name", 'ok'],
    ['/* SELECT */ DELETE FROM t', 'sql-refused'],
    ['PRAGMA user_version = 5', 'sql-refused'],
    ['PRAGMA user_version(5)', 'sql-refused'],
    ['PRAGMA cache_size', 'sql-refused'],
    ['EXPLAIN EXPLAIN SELECT 1', 'sql-refused'],
    ["SELECT load_extension ('x')", 'sql-refused'],
    ["SELECT writefile('/tmp/x', 1)", 'sql-refused'],
    ['', 'sql-refused'],
    ['SELEC 1', 'sql-error'],
  ])('%j → %s', (sql, kind) => {
    expect(kindOf(sql)).toBe(kind);
  });

  it('points at the token SQLite names, not at the same word inside a comment', () => {
    const sql = '-- nope here\nSELECT nope FROM t';
    expect(errorPosition(sql, 'no such column: nope')).toEqual({ offset: sql.indexOf('nope', 5), line: 2, column: 8 });
    expect(errorPosition('SELECT (1', 'incomplete input')).toMatchObject({ line: 1, column: 10 });
    expect(errorPosition('SELECT 1', 'something else entirely')).toBeNull();
  });
});
