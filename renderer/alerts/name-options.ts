// Names the rule builder offers (free text stays allowed, globs included): processes and groups
// from `functions`, variables from `staleness { all: true }` narrowed to the chosen process pattern.
import { globMatches } from './glob.ts';

export interface NameOptions {
  processes: string[];
  groups: string[];
  /** Known (process, variable) pairs. */
  pairs: { process: string; data: string }[];
}

export const NO_NAMES: NameOptions = { processes: [], groups: [], pairs: [] };

export function variablesFor(names: NameOptions, processGlob: string): string[] {
  const set = new Set<string>();
  for (const p of names.pairs) if (globMatches(processGlob, p.process)) set.add(p.data);
  return [...set].sort();
}
