// Errors are values with a kind (tests assert the kind) and a sentence the user reads (the UI
// shows it). They cross worker and process boundaries as plain objects.

export type ErrorKind =
  | 'invalid-input'
  | 'unknown-operation'
  | 'unknown-database'
  | 'not-found'
  | 'not-a-file'
  | 'permission-denied'
  | 'empty-file'
  | 'not-sqlite'
  | 'encrypted'
  | 'corrupt'
  | 'missing-table'
  | 'missing-columns'
  | 'unsupported-table'
  /** A view or virtual table where the contract wants a plain table: reading it runs what the file defines. */
  | 'unsafe-schema'
  | 'locked'
  | 'vanished'
  | 'timeout'
  /** A console statement that is not a reading one (db/sql/sql-guard.ts). */
  | 'sql-refused'
  /** SQLite could not run a console statement: its message, with the position when known. */
  | 'sql-error'
  /** The caller stopped the work (the SQL console's Cancel). */
  | 'cancelled'
  | 'too-large'
  | 'closed'
  | 'internal';

export interface ApiError {
  kind: ErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class InspectorError extends Error {
  readonly kind: ErrorKind;
  readonly details?: Record<string, unknown>;
  constructor(kind: ErrorKind, message: string, details?: Record<string, unknown>) {
    super(message);
    this.kind = kind;
    this.details = details;
  }
  toValue(): ApiError {
    return this.details
      ? { kind: this.kind, message: this.message, details: this.details }
      : { kind: this.kind, message: this.message };
  }
}

export function isApiError(v: unknown): v is ApiError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ApiError).kind === 'string' &&
    typeof (v as ApiError).message === 'string'
  );
}

/** Turns anything thrown into an ApiError; unknown failures become 'internal' with their message. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof InspectorError) return err.toValue();
  if (isApiError(err))
    return { kind: err.kind, message: err.message, ...(err.details ? { details: err.details } : {}) };
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message: `Unexpected error: ${message}` };
}
