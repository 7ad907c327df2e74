// Process, group and variable names in alert rules match exactly, or as globs where * is any run
// of characters and ? one character. One matcher for the engine (db/alerts/conditions.ts) and the
// rule builder (renderer/alerts/name-options.ts), so the builder offers what a rule will match.
//
// A blank pattern (empty or only spaces) matches no name: a rule must say what it watches, and
// `*` is how to say "any". Patterns are taken as written otherwise (no trimming): names are exact.

/** Compiled once per rule, not per row. `*` alone also matches a missing (null) name. */
export function globMatcher(pattern: string): (name: string | null) => boolean {
  if (pattern.trim() === '') return () => false;
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return (name) => name !== null && re.test(name);
}

export function globMatches(pattern: string, name: string | null): boolean {
  return globMatcher(pattern)(name);
}
