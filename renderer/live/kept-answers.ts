// The last answer of each panel that asks to keep it, so a panel drawn again (a tab switched back
// to) shows what it showed at once, with its age, while its reload runs. Small and bounded: the
// least recently used answers go first.
export interface KeptAnswer {
  data: unknown;
  loadedAt: number;
}

const LIMIT = 48;
const kept = new Map<string, KeptAnswer>();

export function keptAnswer(key: string): KeptAnswer | undefined {
  const a = kept.get(key);
  if (a) {
    kept.delete(key);
    kept.set(key, a);
  }
  return a;
}

export function keepAnswer(key: string, answer: KeptAnswer): void {
  kept.delete(key);
  kept.set(key, answer);
  while (kept.size > LIMIT) kept.delete(kept.keys().next().value as string);
}

/**
 * Kept answers are for the file they came from: a database id names another file after a restart of
 * the engine, so every answer goes when the file on screen changes.
 */
export function keepAnswersFor(file: string): void {
  if (file !== keptFile) kept.clear();
  keptFile = file;
}
let keptFile = '';

/** Forgets every kept answer: one of them may be what a tab failed to draw, and would fail again. */
export function forgetKeptAnswers(): void {
  kept.clear();
}

export const answerKey = (db: string, name: string, key: string): string => `${db}\u0000${name}\u0000${key}`;
