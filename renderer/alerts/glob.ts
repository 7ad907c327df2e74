// Process and variable names in rules match exactly or as globs (* any run, ? one character), as
// the engine matches them; the rule builder uses this to offer the variables a process pattern has.
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

export function globMatches(glob: string, name: string): boolean {
  const g = glob.trim();
  return g === '' || globToRegExp(g).test(name);
}
