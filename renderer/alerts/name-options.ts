// Names the rule builder offers (free text stays allowed, globs included): processes and groups
// from `functions`, variables from `staleness { all: true }` narrowed to the chosen process pattern.
import { globMatcher } from '../../common/glob.ts';

export interface NameOptions {
  processes: string[];
  groups: string[];
  /** Known (process, variable) pairs. */
  pairs: { process: string; data: string }[];
}

export const NO_NAMES: NameOptions = { processes: [], groups: [], pairs: [] };

export function variablesFor(names: NameOptions, processGlob: string): string[] {
  // The rule is saved trimmed; while the process field is still empty, every variable is offered
  // (a saved rule cannot be blank: the form refuses it, and a blank glob matches nothing).
  const pattern = processGlob.trim();
  const matches = pattern === '' ? () => true : globMatcher(pattern);
  const set = new Set<string>();
  for (const p of names.pairs) if (matches(p.process)) set.add(p.data);
  return [...set].sort();
}
