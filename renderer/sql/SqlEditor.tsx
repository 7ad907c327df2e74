// The statement in a monaco editor in SQL mode: completion of the views' and the file's tables and
// columns (sql-completion.ts), Ctrl/Cmd+Enter runs. Monaco loads on demand (monaco-load.ts).
import { useEffect, useRef, useState } from 'react';
import type { SqlSchemaTable } from '../../db/api/inspector-api.ts';
import { applyTheme, DARK, loadMonaco, type Monaco } from '../code/monaco-load.ts';
import { suggest } from './sql-completion.ts';

type Editor = import('monaco-editor/editor/editor.api').editor.IStandaloneCodeEditor;

export interface SqlEditorProps {
  value: string;
  schema: SqlSchemaTable[];
  onChange(sql: string): void;
  onRun(): void;
  /** Where SQLite's error points, underlined in the editor. */
  errorAt: { line: number; column: number; message: string } | null;
}

export function SqlEditor({ value, schema, onChange, onRun, errorAt }: SqlEditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const ed = useRef<{ monaco: Monaco; editor: Editor } | null>(null);
  const latest = useRef({ schema, onChange, onRun });
  latest.current = { schema, onChange, onRun };
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    const disposers: { dispose(): void }[] = [];
    const media = matchMedia(DARK);
    let onTheme: (() => void) | null = null;
    loadMonaco().then((monaco) => {
      if (gone || !box.current) return;
      const editor = monaco.editor.create(box.current, {
        value, language: 'sql', automaticLayout: true, minimap: { enabled: false }, scrollBeyondLastLine: false,
        fontSize: 13, lineHeight: 19, renderLineHighlight: 'line', folding: false, contextmenu: false, tabSize: 2,
        wordBasedSuggestions: 'off', quickSuggestions: { other: true, strings: false, comments: false }, fixedOverflowWidgets: true,
        ariaLabel: 'SQL statement',
      });
      const el = box.current;
      applyTheme(monaco, el);
      onTheme = () => applyTheme(monaco, el);
      media.addEventListener('change', onTheme);
      editor.addAction({ id: 'run-sql', label: 'Run statement', keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter], run: () => latest.current.onRun() });
      disposers.push(editor.onDidChangeModelContent(() => latest.current.onChange(editor.getValue())));
      const KIND = { table: monaco.languages.CompletionItemKind.Struct, view: monaco.languages.CompletionItemKind.Interface, column: monaco.languages.CompletionItemKind.Field, keyword: monaco.languages.CompletionItemKind.Keyword, function: monaco.languages.CompletionItemKind.Function };
      disposers.push(monaco.languages.registerCompletionItemProvider('sql', {
        triggerCharacters: ['.', ' '],
        provideCompletionItems(model, position) {
          if (model !== editor.getModel()) return { suggestions: [] };
          const before = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
          const word = model.getWordUntilPosition(position);
          const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
          const items = suggest(latest.current.schema, model.getValue(), before);
          return { suggestions: items.map((s, i) => ({ label: s.label, kind: KIND[s.kind], detail: s.detail, insertText: s.label, range, sortText: String(i).padStart(4, '0') })) };
        },
      }));
      ed.current = { monaco, editor };
      editor.focus();
    }, (err: Error) => !gone && setFailed(`The SQL editor could not load: ${err.message}`));
    return () => {
      gone = true;
      if (onTheme) media.removeEventListener('change', onTheme);
      for (const d of disposers) d.dispose();
      ed.current?.editor.getModel()?.dispose();
      ed.current?.editor.dispose();
      ed.current = null;
    };
  }, []);

  // A statement picked from history or saved queries replaces the text (typing does not loop back here).
  useEffect(() => {
    const e = ed.current?.editor;
    if (e && e.getValue() !== value) e.setValue(value);
  }, [value]);

  useEffect(() => {
    const e = ed.current;
    const model = e?.editor.getModel();
    if (!e || !model) return;
    const markers = errorAt ? [{ severity: e.monaco.MarkerSeverity.Error, message: errorAt.message, startLineNumber: errorAt.line, startColumn: errorAt.column, endLineNumber: errorAt.line, endColumn: model.getWordAtPosition({ lineNumber: errorAt.line, column: errorAt.column })?.endColumn ?? errorAt.column + 1 }] : [];
    e.monaco.editor.setModelMarkers(model, 'sql', markers);
  }, [errorAt]);

  if (failed) return <div className="panel-error" role="alert">{failed}</div>;
  return <div ref={box} className="sql-editor" data-testid="sql-editor" />;
}
