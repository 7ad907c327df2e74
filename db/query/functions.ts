import type { FunctionInfo } from '../api/types.ts';
import type { QueryContext } from './query-context.ts';

/** Every traced function with its groups, row count and recorded source location, busiest first. */
export function queryFunctions(ctx: QueryContext): FunctionInfo[] {
  const byProcess = new Map<string, FunctionInfo>();
  const rows = ctx.side('SELECT process, grp, rows, source_file, source_line FROM series').raw(true).all() as [
    string,
    string | null,
    number,
    string | null,
    number | null,
  ][];
  for (const [process, grp, n, file, line] of rows) {
    const f = byProcess.get(process);
    if (f) {
      f.groups.push(grp);
      f.rows += n;
      if (f.sourceFile === null && file !== null) {
        f.sourceFile = file;
        f.sourceLine = line;
      }
    } else byProcess.set(process, { process, groups: [grp], rows: n, sourceFile: file, sourceLine: line });
  }
  return [...byProcess.values()].sort((a, b) => b.rows - a.rows || a.process.localeCompare(b.process));
}
