// What the engine host hands a SQL child (sql-child.ts) and what it answers: one statement, one
// process, one JSON line back.
import type { ApiError } from '../api/errors.ts';
import type { ColumnMap, SqlExport, SqlPage, SqlSchemaTable } from '../api/types.ts';

export type SqlJob =
  | {
      mode: 'page';
      sourcePath: string;
      sidecarPath: string;
      schema: ColumnMap;
      sql: string;
      offset: number;
      limit: number;
    }
  | { mode: 'export'; sourcePath: string; sidecarPath: string; schema: ColumnMap; sql: string; format: 'csv' | 'jsonl' }
  | { mode: 'schema'; sourcePath: string; sidecarPath: string; schema: ColumnMap };

export type SqlChildValue = SqlPage | SqlExport | SqlSchemaTable[];
export type SqlChildAnswer = { ok: true; value: SqlChildValue } | { ok: false; error: ApiError };
