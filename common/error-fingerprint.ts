// An exception's type, message and fingerprint, read from its traceback text: the last line of a
// Python traceback ("ValueError: bad sku 42"), the first of a JavaScript stack ("TypeError: x is
// undefined\n    at …"). The fingerprint masks what varies between occurrences of one cause
// (numbers, hex ids, UUIDs, quoted strings), as Sentry's grouping does, so "order 1042 not found"
// and "order 77 not found" are one group.

export interface ExceptionSummary {
  type: string;
  message: string;
  fingerprint: string;
}

const MAX_LINE = 500;

function causeLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trimEnd());
  if (/^Traceback \(most recent call last\)/.test(lines[0] ?? '')) {
    // The first unindented line after the last frame: frames and their source lines are indented,
    // and a message may run on over more lines ("For more information check: …").
    let i = lines.length - 1;
    while (i > 0 && !/^\s+File "/.test(lines[i])) i--;
    for (let k = i + 1; k < lines.length; k++) if (lines[k] && !/^\s/.test(lines[k])) return lines[k];
    for (let k = lines.length - 1; k >= 0; k--) if (lines[k] && !/^\s/.test(lines[k])) return lines[k];
  }
  return lines.find((l) => l.trim() !== '')?.trim() ?? '';
}

export function maskVariableParts(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b0x[0-9a-f]+\b/gi, '<id>')
    .replace(/\b(?=[0-9a-z]*\d)(?=[0-9a-z]*[a-z])[0-9a-z_]{8,}\b/gi, '<id>')
    .replace(/(['"])(?:(?!\1).){0,200}\1/g, '<str>')
    .replace(/\d+(?:\.\d+)?/g, '<n>');
}

export function summarizeException(text: string | null): ExceptionSummary {
  if (text === null || text.trim() === '') return { type: '(no exception text)', message: '', fingerprint: '' };
  const line = causeLine(text).slice(0, MAX_LINE);
  const m = /^([A-Za-z_$][\w$.]*(?:Error|Exception|Exit|Interrupt|Warning|Timeout|Fault)?)\s*:\s*(.*)$/.exec(line);
  const type = m && !/\s/.test(m[1]) ? m[1] : line.split(/\s/)[0] || '(unknown)';
  const message = m ? m[2] : line;
  return { type, message, fingerprint: `${type}: ${maskVariableParts(message)}` };
}
