import type { RowStatus } from '../api/types.ts';

const ERROR_WORDS = new Set(['error', 'failed', 'failure', 'exception', 'err', 'fail']);

/**
 * OK / ERROR in any case, plus the synonyms tracers use. A row with an exception but no status
 * word counts as an error: that is what a reader of the trace would conclude.
 */
export function normalizeStatus(status: unknown, exception: unknown): RowStatus {
  if (typeof status === 'string') {
    const word = status.trim().toLowerCase();
    if (ERROR_WORDS.has(word)) return 'ERROR';
    if (word !== '') return 'OK';
  }
  return exception !== null && exception !== undefined && exception !== '' ? 'ERROR' : 'OK';
}
