// A one-line notice in the Explorer's toolbar ("No more errors below."), cleared after a while.
import { useCallback, useEffect, useState } from 'react';

export function useNotice(clearAfterMs = 6000): { notice: string | null; say: (text: string | null) => void } {
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(null), clearAfterMs);
    return () => clearTimeout(t);
  }, [notice, clearAfterMs]);
  const say = useCallback((text: string | null) => setNotice(text), []);
  return { notice, say };
}
