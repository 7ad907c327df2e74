// Monaco on demand, shared by the Code Inspector's source view and the SQL console: one dynamic
// import (the other tabs never pay for it) and the app's panel colours as its theme.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import { isDarkTheme } from '../app/theme-mode.ts';

export type Monaco = typeof MonacoApi;

let loading: Promise<Monaco> | null = null;
export function loadMonaco(): Promise<Monaco> {
  loading ??= import('./monaco-setup.ts').then((m) => m.monaco);
  return loading;
}

/** Monaco's own light/dark theme on the app's panel colours (theme.css), so the editor sits in its panel. */
export function applyTheme(monaco: Monaco, el: Element): void {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  const hex = (c: string) => (/^#[0-9a-f]{6}$/i.test(c) ? c : undefined);
  // The forced theme too, not only the system's (the panel colours above already follow it).
  const dark = isDarkTheme();
  const colors: Record<string, string> = {};
  const set = (key: string, value: string | undefined) => value && (colors[key] = value);
  set('editor.background', hex(v('--bg-raised')));
  set('editorGutter.background', hex(v('--bg-raised')));
  set('editorLineNumber.foreground', hex(v('--fg-muted')));
  set('editorLineNumber.activeForeground', hex(v('--fg')));
  monaco.editor.defineTheme('trace-inspector', { base: dark ? 'vs-dark' : 'vs', inherit: true, rules: [], colors });
  monaco.editor.setTheme('trace-inspector');
}
