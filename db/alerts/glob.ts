// Process, group and variable names in rules: exact, or globs where * is any run of characters
// and ? one character. Compiled once per rule, not per row.
export function globMatcher(pattern: string): (name: string | null) => boolean {
  if (pattern === '*') return () => true;
  if (!/[*?]/.test(pattern)) return (name) => name === pattern;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's');
  return (name) => name !== null && re.test(name);
}
