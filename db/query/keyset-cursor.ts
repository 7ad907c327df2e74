import { InspectorError } from '../api/errors.ts';

// Pages are keyset ranges over (ts, id), never OFFSET: page 1,000 costs what page 1 costs.
export interface Cursor {
  ts: number;
  id: number;
  order: 'newest' | 'oldest';
  filter: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.order === 'newest' ? 'n' : 'o', c.ts, c.id, c.filter])).toString('base64url');
}

export function decodeCursor(text: string, order: 'newest' | 'oldest', filter: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InspectorError(
      'invalid-input',
      'cursor is not one this inspector issued; start again from the first page.',
    );
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || !Number.isFinite(parsed[1]) || !Number.isInteger(parsed[2])) {
    throw new InspectorError(
      'invalid-input',
      'cursor is not one this inspector issued; start again from the first page.',
    );
  }
  const [o, ts, id, f] = parsed as [string, number, number, string];
  if ((o === 'n' ? 'newest' : 'oldest') !== order || f !== filter) {
    throw new InspectorError(
      'invalid-input',
      'cursor belongs to a different query (order or filters changed); start again from the first page.',
    );
  }
  return { ts, id, order, filter };
}
