// The console's statement: what the editor holds (typed, kept as it changes) and the statements
// that replace it from outside (history, saved queries), which the editor applies.
import { useState } from 'react';
import type { Replacement } from './SqlEditor.tsx';

export function useSqlText(initial: string) {
  const [sql, setSql] = useState(initial);
  const [replace, setReplace] = useState<Replacement | null>(null);
  const pick = (text: string) => {
    setSql(text);
    setReplace((r) => ({ text, n: (r?.n ?? 0) + 1 }));
  };
  return { sql, setSql, replace, pick };
}
