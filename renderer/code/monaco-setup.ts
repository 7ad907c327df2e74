// Monaco, loaded on demand (dynamic import) so the other tabs never pay for it. Only the editor
// API and the tokenizers we show are bundled; the one worker monaco needs is bundled by Vite and
// started from our own origin, which the page's CSP (worker-src 'self' blob:, no unsafe-eval) allows.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';
import 'monaco-editor/languages/definitions/sql/register';
// The SQL console's completion list and the hover that shows an error marker's message: editor.api
// alone brings neither (they are contributions, like everything in editor.all).
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/editor/contrib/hover/browser/hoverContribution';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
