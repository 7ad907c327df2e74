// The statement in a monaco editor in SQL mode (sql-monaco.ts: completion, Ctrl/Cmd+Enter, error
// marker). Monaco loads on demand (monaco-load.ts); the editor is created once.
import { useEffect, useRef, useState } from 'react';
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import type { SqlSchemaTable } from '../../db/api/inspector-api.ts';
import { applyTheme, loadMonaco, type Monaco } from '../code/monaco-load.ts';
import { onThemeChange } from '../app/theme-mode.ts';
import { attachSql, markError, SQL_EDITOR_OPTIONS } from './sql-monaco.ts';

type Editor = MonacoApi.editor.IStandaloneCodeEditor;
export type ErrorPoint = { line: number; column: number; message: string };

/** A statement that replaces the editor's text; `n` counts replacements, so picking the same one twice applies twice. */
export type Replacement = { text: string; n: number };

export interface SqlEditorProps {
  /** The text the editor starts with. */
  value: string;
  /** Set only when a statement comes from outside (history, saved queries): typing never flows back in. */
  replace: Replacement | null;
  schema: SqlSchemaTable[];
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter, with the editor's text as it is now (a render may not have caught up with it). */
  onRun: (sql: string) => void;
  /** Where SQLite's error points, underlined in the editor. */
  errorAt: ErrorPoint | null;
}

export function SqlEditor({ value, replace, schema, onChange, onRun, errorAt }: SqlEditorProps) {
  const box = useRef<HTMLDivElement>(null);
  const ed = useRef<{ monaco: Monaco; editor: Editor } | null>(null);
  // The editor is made once; it reads the current props through this ref.
  const latest = useRef({ value, schema, onChange, onRun, errorAt });
  latest.current = { value, schema, onChange, onRun, errorAt };
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    const disposers: MonacoApi.IDisposable[] = [];
    let stopTheme: (() => void) | null = null;
    const create = (monaco: Monaco) => {
      if (gone || !box.current) return;
      const editor = monaco.editor.create(box.current, { ...SQL_EDITOR_OPTIONS, value: latest.current.value });
      const el = box.current;
      applyTheme(monaco, el);
      stopTheme = onThemeChange(() => applyTheme(monaco, el));
      disposers.push(
        ...attachSql(
          monaco,
          editor,
          () => latest.current.schema,
          () => latest.current.onRun(editor.getValue()),
        ),
        editor.onDidChangeModelContent(() => latest.current.onChange(editor.getValue())),
      );
      markError(monaco, editor, latest.current.errorAt);
      ed.current = { monaco, editor };
      editor.focus();
    };
    loadMonaco().then(create, (err: Error) => !gone && setFailed(`The SQL editor could not load: ${err.message}`));
    return () => {
      gone = true;
      stopTheme?.();
      for (const d of disposers) d.dispose();
      ed.current?.editor.getModel()?.dispose();
      ed.current?.editor.dispose();
      ed.current = null;
    };
  }, []);

  // Only a picked statement replaces the text. Echoing the typed value back would race the typist:
  // a render that lags a keystroke behind would set the older text and drop the newer keys.
  useEffect(() => {
    const e = ed.current?.editor;
    if (e && replace && e.getValue() !== replace.text) e.setValue(replace.text);
  }, [replace]);

  useEffect(() => {
    if (ed.current) markError(ed.current.monaco, ed.current.editor, errorAt);
  }, [errorAt]);

  if (failed)
    return (
      <div className="panel-error" role="alert">
        {failed}
      </div>
    );
  return <div ref={box} className="sql-editor" data-testid="sql-editor" />;
}
