// `e` / `E` jump to the next / previous error, except while the user types in a field.
import { useEffect } from 'react';
import { isTypingTarget } from '../app/typing-target.ts';

export function useErrorKeys(onNextError: (direction: 'down' | 'up') => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === 'e' || e.key === 'E') {
        e.preventDefault();
        onNextError(e.key === 'E' ? 'up' : 'down');
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [onNextError]);
}
