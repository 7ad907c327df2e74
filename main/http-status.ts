// The HTTP status of an API error, for every HTTP answer the app gives (operations, export
// downloads): the body is always the same { ok, error } value the IPC transport carries.
import type { ErrorKind } from '../db/api/errors.ts';

const STATUS: Partial<Record<ErrorKind, number>> = {
  'invalid-input': 400,
  'unknown-operation': 404,
  'unknown-database': 404,
  'not-found': 404,
  timeout: 504,
  'permission-denied': 403,
  locked: 423,
  closed: 503,
  internal: 500,
  // A refused or failing console statement is the request's fault (400); a cancelled one was ended on purpose (499 is nginx's "client closed request").
  'sql-refused': 400,
  'sql-error': 400,
  cancelled: 499,
};

export function httpStatus(kind: ErrorKind): number {
  return STATUS[kind] ?? 422;
}
