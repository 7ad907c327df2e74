// Every keyboard shortcut of the app, in one list: the `?` dialog shows this list, so a shortcut
// added elsewhere without a line here is a shortcut nobody finds.
export interface Shortcut {
  keys: string[];
  what: string;
  /** Where it works, when not everywhere. */
  where?: string;
}

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export const SHORTCUTS: Shortcut[] = [
  { keys: ['1'], what: 'Overview' },
  { keys: ['2'], what: 'Trace Explorer' },
  { keys: ['3'], what: 'Code Inspector' },
  { keys: ['4'], what: 'Alerts' },
  { keys: ['5'], what: 'SQL console' },
  { keys: ['6'], what: 'Errors' },
  { keys: ['/'], what: "Focus the tab's search box", where: 'Trace Explorer, Code Inspector' },
  { keys: ['e'], what: 'Next error', where: 'Trace Explorer' },
  { keys: ['E'], what: 'Previous error', where: 'Trace Explorer' },
  { keys: [mod, 'Enter'], what: 'Run the statement', where: 'SQL console editor' },
  { keys: ['←', '→'], what: 'Pan (the wheel zooms, double-click zooms on a frame)', where: 'flame graphs' },
  { keys: ['0'], what: 'Reset the zoom', where: 'flame graphs' },
  { keys: ['Esc'], what: 'Close a dialog or menu' },
  { keys: [','], what: 'Settings' },
  { keys: ['?'], what: 'This list of shortcuts' },
];

/** What `/` focuses: the first visible search field of the tab (tabs mark theirs, or use type=search). */
export const SEARCH_SELECTOR = '.app-body [data-shortcut-search], .app-body input[type="search"]';
