// What the SQL editor adds to a monaco editor: the run key, the completion provider over the
// console's schema (sql-completion.ts) and the marker where SQLite's error points.
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import type { SqlSchemaTable } from '../../db/api/inspector-api.ts';
import type { Monaco } from '../code/monaco-load.ts';
import { suggest, type Suggestion } from './sql-completion.ts';

type Editor = MonacoApi.editor.IStandaloneCodeEditor;

export const SQL_EDITOR_OPTIONS: MonacoApi.editor.IStandaloneEditorConstructionOptions = {
  language: 'sql',
  automaticLayout: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  fontSize: 13,
  lineHeight: 19,
  renderLineHighlight: 'line',
  folding: false,
  contextmenu: false,
  tabSize: 2,
  wordBasedSuggestions: 'off',
  quickSuggestions: { other: true, strings: false, comments: false },
  fixedOverflowWidgets: true,
  ariaLabel: 'SQL statement',
};

/** Ctrl/Cmd+Enter runs; completion offers the schema `schema()` returns at that moment. Returns what to dispose. */
export function attachSql(
  monaco: Monaco,
  editor: Editor,
  schema: () => SqlSchemaTable[],
  run: () => void,
): MonacoApi.IDisposable[] {
  editor.addAction({
    id: 'run-sql',
    label: 'Run statement',
    keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter],
    run,
  });
  const K = monaco.languages.CompletionItemKind;
  const KIND: Record<Suggestion['kind'], MonacoApi.languages.CompletionItemKind> = {
    table: K.Struct,
    view: K.Interface,
    column: K.Field,
    keyword: K.Keyword,
    function: K.Function,
  };
  // Registered for the language, so each editor answers only for its own model.
  const provider = monaco.languages.registerCompletionItemProvider('sql', {
    triggerCharacters: ['.', ' '],
    provideCompletionItems(model, position) {
      if (model !== editor.getModel()) return { suggestions: [] };
      const before = model.getValueInRange({
        startLineNumber: 1,
        startColumn: 1,
        endLineNumber: position.lineNumber,
        endColumn: position.column,
      });
      const word = model.getWordUntilPosition(position);
      const range = {
        startLineNumber: position.lineNumber,
        endLineNumber: position.lineNumber,
        startColumn: word.startColumn,
        endColumn: word.endColumn,
      };
      const items = suggest(schema(), model.getValue(), before);
      return {
        suggestions: items.map((s, i) => ({
          label: s.label,
          kind: KIND[s.kind],
          detail: s.detail,
          insertText: s.label,
          range,
          sortText: String(i).padStart(4, '0'),
        })),
      };
    },
  });
  return [provider];
}

/** Underlines where SQLite's error points (nothing when `at` is null). */
export function markError(
  monaco: Monaco,
  editor: Editor,
  at: { line: number; column: number; message: string } | null,
): void {
  const model = editor.getModel();
  if (!model) return;
  const end = at
    ? (model.getWordAtPosition({ lineNumber: at.line, column: at.column })?.endColumn ?? at.column + 1)
    : 0;
  const markers = at
    ? [
        {
          severity: monaco.MarkerSeverity.Error,
          message: at.message,
          startLineNumber: at.line,
          startColumn: at.column,
          endLineNumber: at.line,
          endColumn: end,
        },
      ]
    : [];
  monaco.editor.setModelMarkers(model, 'sql', markers);
}
