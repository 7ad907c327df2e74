// Fuzzy matching for the function selector, in the spirit of VS Code's quick open: the query's
// characters must appear in order; matches at the start of a name segment (after `.`, `_`, `/`,
// or a lower→upper case change) and runs of consecutive characters score higher, and a hit in the
// function's own name (the last dotted segment) beats one in its module path.

export interface FuzzyMatch {
  score: number;
  /** Indexes of the matched characters in the candidate, for highlighting. */
  positions: number[];
}

const SEPARATORS = new Set(['.', '_', '/', '\\', ':', '-', ' ']);

function isBoundary(text: string, i: number): boolean {
  if (i === 0) return true;
  const prev = text[i - 1];
  if (SEPARATORS.has(prev)) return true;
  return prev === prev.toLowerCase() && text[i] !== text[i].toLowerCase();
}

/**
 * Best-scoring way to match `query` in `text` (null when it does not match). Dynamic programming
 * over (query char, text position) so an early weak match does not hide a later strong one
 * ("order" in `orders.service.place_order` prefers the boundary hits).
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = query.replace(/\s+/g, '').toLowerCase();
  if (!q) return { score: 0, positions: [] };
  const t = text.toLowerCase();
  const n = q.length;
  const m = t.length;
  if (n > m) return null;
  const lastSegment = Math.max(text.lastIndexOf('.'), text.lastIndexOf('/')) + 1;
  // score[i][j]: best score matching q[0..i] with q[i] at t[j]; -Infinity when impossible.
  const score: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Float64Array(m).fill(-Infinity);
    const back = new Int32Array(m).fill(-1);
    let bestPrev = -Infinity;
    let bestPrevAt = -1;
    for (let j = 0; j < m; j++) {
      // Best predecessor at any k < j - 1 (gap), tracked as j advances.
      if (i > 0 && j >= 2 && score[i - 1][j - 2] > bestPrev) {
        bestPrev = score[i - 1][j - 2];
        bestPrevAt = j - 2;
      }
      if (t[j] !== q[i]) continue;
      let charScore = 1;
      if (isBoundary(text, j)) charScore += 8;
      if (j >= lastSegment) charScore += 2;
      if (text[j] === query.replace(/\s+/g, '')[i]) charScore += 0.5; // exact case
      if (i === 0) {
        row[j] = charScore - j * 0.05;
        continue;
      }
      const consecutive = j >= 1 ? score[i - 1][j - 1] : -Infinity;
      const viaRun = consecutive + charScore + 10;
      const viaGap = bestPrev + charScore - 1;
      if (viaRun >= viaGap && consecutive > -Infinity) {
        row[j] = viaRun;
        back[j] = j - 1;
      } else if (bestPrev > -Infinity) {
        row[j] = viaGap;
        back[j] = bestPrevAt;
      }
    }
    score.push(row);
    from.push(back);
  }
  let end = -1;
  let best = -Infinity;
  for (let j = 0; j < m; j++)
    if (score[n - 1][j] > best) {
      best = score[n - 1][j];
      end = j;
    }
  if (end < 0) return null;
  const positions = new Array<number>(n);
  for (let i = n - 1, j = end; i >= 0; i--) {
    positions[i] = j;
    j = from[i][j];
  }
  // Shorter candidates first among equals: `place_order` before `place_order_with_retry`.
  return { score: best - m * 0.01, positions };
}

export interface Ranked<T> {
  item: T;
  match: FuzzyMatch;
}

/** Candidates that match, best first (ties keep the input order, e.g. busiest first); all of them for an empty query. */
export function rankByFuzzy<T>(
  query: string,
  items: readonly T[],
  textOf: (item: T) => string,
  limit = 50,
): Ranked<T>[] {
  const out: (Ranked<T> & { i: number })[] = [];
  items.forEach((item, i) => {
    const match = fuzzyMatch(query, textOf(item));
    if (match) out.push({ item, match, i });
  });
  if (query.trim()) out.sort((a, b) => b.match.score - a.match.score || a.i - b.i);
  return out.slice(0, limit).map(({ item, match }) => ({ item, match }));
}
