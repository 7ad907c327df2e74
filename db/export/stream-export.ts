// An export as a stream: rows page by page from the engine, formatted, written to a Node
// Writable with backpressure (a page is formatted only once the previous one has drained), so
// memory stays bounded by a page whatever the size of the database.
import type { Writable } from 'node:stream';
import type { TraceRow } from '../api/types.ts';
import { CallAssembler, type Call } from './calls.ts';
import { ChromeTraceWriter } from './chrome-trace.ts';
import { csvHeader, csvLine } from './csv.ts';
import { CONTENT_TYPES, exportFileName, type ExportRequest } from './export-request.ts';
import { jsonLine } from './jsonl.ts';
import { OtlpJsonWriter } from './otlp-json.ts';
import { rowPages, type ExportEngine } from './row-pages.ts';

export interface ExportSummary {
  rows: number;
  /** Calls written (chrome and otlp formats). */
  calls: number;
  bytes: number;
}

export interface PreparedExport {
  fileName: string;
  contentType: string;
  /** Writes the whole export to `out` (not ending it) and resolves with what was written. */
  writeTo: (out: Writable, signal?: AbortSignal) => Promise<ExportSummary>;
}

interface Formatter {
  head(): string;
  rows(rows: TraceRow[]): string;
  end(): string;
  calls(): number;
}

function rowFormatter(line: (r: TraceRow) => string, head: string): Formatter {
  return { head: () => head, rows: (rows) => rows.map(line).join(''), end: () => '', calls: () => 0 };
}

function callFormatter(writer: ChromeTraceWriter | OtlpJsonWriter): Formatter {
  const assembler = new CallAssembler();
  let count = 0;
  const emit = (calls: Call[]) => {
    count += calls.length;
    return writer.add(calls);
  };
  return {
    head: () => writer.head(),
    rows: (rows) => emit(rows.flatMap((r) => assembler.add(r))),
    end: () => emit(assembler.drain()) + writer.flush() + writer.tail(),
    calls: () => count,
  };
}

function formatter(req: ExportRequest): Formatter {
  switch (req.format) {
    case 'csv':
      return rowFormatter(csvLine, csvHeader());
    case 'jsonl':
      return rowFormatter(jsonLine, '');
    case 'chrome':
      return callFormatter(new ChromeTraceWriter());
    case 'otlp':
      return callFormatter(new OtlpJsonWriter());
  }
}

async function write(out: Writable, text: string, signal?: AbortSignal): Promise<number> {
  if (text === '') return 0;
  const bytes = Buffer.byteLength(text);
  if (!out.write(text)) await drained(out, signal);
  return bytes;
}

/** Waits for the reader (a slow HTTP client, a pipe); a destination that closes or fails ends the export. */
function drained(out: Writable, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onDrain = () => {
      cleanup();
      resolve();
    };
    const onClose = () => {
      cleanup();
      reject(new Error('The destination closed before the export finished.'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onAbort = () => {
      cleanup();
      reject(signal!.reason as Error);
    };
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * Checks the request against the engine (unknown database, bad filter, unknown trace: thrown as
 * InspectorError before a byte is written, so a server can still answer with an error status)
 * and returns the export ready to stream.
 */
export async function prepareExport(
  engine: ExportEngine,
  req: ExportRequest,
  dbName?: string,
): Promise<PreparedExport> {
  const pages = rowPages(engine, req);
  const first = await pages.next(); // the first page runs every check the rest would
  return {
    fileName: exportFileName(req, dbName),
    contentType: CONTENT_TYPES[req.format],
    async writeTo(out, signal) {
      const f = formatter(req);
      const summary: ExportSummary = { rows: 0, calls: 0, bytes: 0 };
      try {
        summary.bytes += await write(out, f.head(), signal);
        let page = first;
        while (!page.done) {
          summary.rows += page.value.length;
          summary.bytes += await write(out, f.rows(page.value), signal);
          signal?.throwIfAborted();
          page = await pages.next();
        }
        summary.bytes += await write(out, f.end(), signal);
      } finally {
        await pages.return(undefined);
      }
      summary.calls = f.calls();
      return summary;
    },
  };
}

/** The whole export in one call: prepare, then write to `out`. */
export async function exportTraces(
  engine: ExportEngine,
  req: ExportRequest,
  out: Writable,
  opts: { dbName?: string; signal?: AbortSignal } = {},
): Promise<ExportSummary> {
  const prepared = await prepareExport(engine, req, opts.dbName);
  return prepared.writeTo(out, opts.signal);
}
