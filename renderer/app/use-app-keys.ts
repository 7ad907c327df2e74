// The shell's single keys: 1–6 switch tabs, `/` focuses the tab's search, `?` lists the
// shortcuts, `,` opens the settings. Never while the user types, nor under an open dialog
// (shortcuts.ts lists every key of the app).
import { useEffect } from 'react';
import { NAV_TABS, type TabName } from './route.ts';
import { SEARCH_SELECTOR } from './shortcuts.ts';
import { isTypingTarget } from './typing-target.ts';

export function useAppKeys(p: {
  navigate: (tab: TabName) => void;
  open: (dialog: 'shortcuts' | 'settings') => void;
  blocked: boolean;
}): void {
  const { navigate, open, blocked } = p;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || blocked) return;
      if (e.key === '?') {
        e.preventDefault();
        open('shortcuts');
      } else if (e.key === ',') {
        e.preventDefault();
        open('settings');
      } else if (e.key === '/') {
        const box = [...document.querySelectorAll<HTMLElement>(SEARCH_SELECTOR)].find((el) => el.offsetParent);
        if (!box) return;
        e.preventDefault(); // or the `/` would be typed into the box
        box.focus();
      } else {
        const i = Number(e.key) - 1;
        if (i >= 0 && i < NAV_TABS.length) navigate(NAV_TABS[i]);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [navigate, open, blocked]);
}
