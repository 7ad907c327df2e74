// Export of a console result: the engine runs the statement again for the whole result (up to its
// cap) as CSV or JSON Lines, and the page saves it as a download.
import { useCallback, useState } from 'react';
import type { ApiError, InspectorApi } from '../../db/api/inspector-api.ts';

export type ExportFormat = 'csv' | 'jsonl';

function download(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useSqlExport(api: InspectorApi, db: string) {
  const [exporting, setExporting] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const exportAs = useCallback(
    async (sql: string, format: ExportFormat, timeoutMs: number) => {
      setExporting(format);
      setError(null);
      const r = await api.sqlExport({ db, sql, format, timeoutMs });
      setExporting(null);
      if (!r.ok) return setError(r.error);
      download(r.value.text, r.value.filename, format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    },
    [api, db],
  );
  return { exporting, error, exportAs };
}
