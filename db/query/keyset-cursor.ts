import { InspectorError } from '../api/errors.ts';

// Pages are keyset ranges over (key, id), never OFFSET: page 1,000 costs what page 1 costs. The
// key is the timestamp for newest/oldest and the call duration for slowest (null once the walk
// has reached the rows without a duration, which come last).
export type PageOrder = 'newest' | 'oldest' | 'slowest';
export interface Cursor {
  ts: number | null;
  id: number;
  order: PageOrder;
  filter: string;
}

const TAGS: Record<PageOrder, string> = { newest: 'n', oldest: 'o', slowest: 's' };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([TAGS[c.order], c.ts, c.id, c.filter])).toString('base64url');
}

export function decodeCursor(text: string, order: PageOrder, filter: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InspectorError(
      'invalid-input',
      'cursor is not one this inspector issued; start again from the first page.',
    );
  }
  const keyOk = (k: unknown) => Number.isFinite(k) || (k === null && order === 'slowest');
  if (!Array.isArray(parsed) || parsed.length !== 4 || !keyOk(parsed[1]) || !Number.isInteger(parsed[2])) {
    throw new InspectorError(
      'invalid-input',
      'cursor is not one this inspector issued; start again from the first page.',
    );
  }
  const [o, ts, id, f] = parsed as [string, number | null, number, string];
  if (o !== TAGS[order] || f !== filter) {
    throw new InspectorError(
      'invalid-input',
      'cursor belongs to a different query (order or filters changed); start again from the first page.',
    );
  }
  return { ts, id, order, filter };
}
