// The function's source in a read-only monaco editor, scrolled to its line and highlighting it.
// The editor is created once and fed new models, so switching functions does not rebuild it.
import { useEffect, useRef, useState } from 'react';
import type { SourceFile } from '../../db/api/inspector-api.ts';
import type * as MonacoApi from 'monaco-editor/editor/editor.api';
import { applyTheme, loadMonaco, type Monaco } from './monaco-load.ts';
import { onThemeChange } from '../app/theme-mode.ts';

type Editor = MonacoApi.editor.IStandaloneCodeEditor;

export function SourceView({ source }: { source: SourceFile }) {
  const box = useRef<HTMLDivElement>(null);
  const editor = useRef<{
    monaco: Monaco;
    editor: Editor;
    decorations: MonacoApi.editor.IEditorDecorationsCollection;
  } | null>(null);
  const [ready, setReady] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let gone = false;
    let stopTheme: (() => void) | null = null;
    loadMonaco().then(
      (monaco) => {
        if (gone || !box.current) return;
        const ed = monaco.editor.create(box.current, {
          readOnly: true,
          domReadOnly: true,
          automaticLayout: true,
          minimap: { enabled: false },
          scrollBeyondLastLine: false,
          fontSize: 12,
          lineHeight: 18,
          renderLineHighlight: 'none',
          glyphMargin: true,
          folding: false,
          contextmenu: false,
          model: null,
        });
        const el = box.current;
        applyTheme(monaco, el);
        stopTheme = onThemeChange(() => applyTheme(monaco, el));
        editor.current = { monaco, editor: ed, decorations: ed.createDecorationsCollection() };
        setReady(true);
      },
      (err: Error) => !gone && setFailed(`The code editor could not load: ${err.message}`),
    );
    return () => {
      gone = true;
      stopTheme?.();
      const e = editor.current;
      editor.current = null;
      e?.editor.getModel()?.dispose();
      e?.editor.dispose();
    };
  }, []);

  useEffect(() => {
    const e = editor.current;
    if (!ready || !e) return;
    const { monaco } = e;
    const old = e.editor.getModel();
    const model = monaco.editor.createModel(source.text, source.language);
    e.editor.setModel(model);
    old?.dispose();
    const line = Math.min(Math.max(1, source.line ?? 1), model.getLineCount());
    e.decorations.set([
      {
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          className: 'source-line-highlight',
          glyphMarginClassName: 'source-line-glyph',
          linesDecorationsClassName: 'source-line-bar',
          stickiness: 1,
        },
      },
    ]);
    e.editor.revealLineInCenter(line, 1 /* Immediate */);
    e.editor.setPosition({ lineNumber: line, column: 1 });
  }, [ready, source]);

  if (failed)
    return (
      <div className="panel-error" role="alert">
        {failed}
      </div>
    );
  return (
    <div className="source-view" data-testid="source-view" data-line={source.line ?? ''}>
      <div ref={box} className="source-editor" />
      {!ready && <div className="panel-state source-loading">Loading the editor…</div>}
    </div>
  );
}
