// Which theme the page shows: the one the setting forces (data-theme on <html>, set by
// use-user-settings.ts), else the system's. Canvas charts and Monaco cannot read the CSS cascade
// by themselves, so they ask here, and repaint on onThemeChange, which hears the setting and the
// system alike: listening to the system alone left them light in a forced dark theme.

const SYSTEM_DARK = '(prefers-color-scheme: dark)';

export function isDarkTheme(): boolean {
  const forced = document.documentElement.dataset.theme;
  return forced === 'dark' || (forced !== 'light' && matchMedia(SYSTEM_DARK).matches);
}

/** Calls `repaint` when the shown theme may have changed; returns the unsubscribe function. */
export function onThemeChange(repaint: () => void): () => void {
  const media = matchMedia(SYSTEM_DARK);
  media.addEventListener('change', repaint);
  const observer = new MutationObserver(repaint);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    media.removeEventListener('change', repaint);
    observer.disconnect();
  };
}
