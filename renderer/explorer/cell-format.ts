// How the grid writes times and exceptions: dense, and the useful part first.

import { formatDenseTime } from '../format/time.ts';

/** Dense, in the zone and clock the settings choose: `11-23 13:15:17.435`. The stored text when it could not be read as a time. */
export function formatTimestamp(ts: number | null, raw: string | null): string {
  if (ts === null) return raw ?? '';
  return formatDenseTime(ts);
}

/** One line of an exception for a list: a Python traceback's last line (the exception and its message). */
export function firstLine(text: string | null, truncated = false): string {
  if (!text) return '';
  const lines = text.trim().split('\n');
  // A cut traceback has lost its last line: say what it is rather than show a random frame.
  if (lines[0].startsWith('Traceback'))
    return truncated ? 'Traceback (long: select the row to read it whole)' : lines[lines.length - 1].slice(0, 300);
  return lines[0].slice(0, 300);
}
