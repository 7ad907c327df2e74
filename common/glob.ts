// Process, group and variable names in alert rules and stale thresholds match exactly, or as globs
// where * is any run of characters and ? one character. One matcher for the engine
// (db/alerts/conditions.ts, db/index/stale-thresholds.ts) and the rule builder
// (renderer/alerts/name-options.ts), so the builder offers what a rule will match.
//
// A blank pattern (empty or only spaces) matches no name: a rule must say what it watches, and
// `*` is how to say "any". Patterns are taken as written otherwise (no trimming): names are exact.

/** Compiled once per rule, not per row. `*` alone also matches a missing (null) name. */
export function globMatcher(pattern: string): (name: string | null) => boolean {
  if (pattern.trim() === '') return () => false;
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  return (name) => name !== null && wildcardMatch(pattern, name);
}

export function globMatches(pattern: string, name: string | null): boolean {
  return globMatcher(pattern)(name);
}

/**
 * Greedy matching that backs up to the last `*` only: at worst pattern × name steps. The regular
 * expression this replaces backtracked exponentially: `*a*a*a*a*a*a*a*ab` took 1.5 s against 40
 * `a`s, four more `*a` over two minutes; patterns arrive from outside through the API.
 */
function wildcardMatch(p: string, s: string): boolean {
  let pi = 0;
  let si = 0;
  let star = -1;
  let mark = 0;
  while (si < s.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === s[si]))) {
      pi++;
      si++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = si;
    } else if (star !== -1) {
      pi = star + 1;
      si = ++mark;
    } else return false;
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
