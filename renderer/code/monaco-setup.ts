// Monaco, loaded on demand (dynamic import) so the other tabs never pay for it. Only the editor
// API and the tokenizers we show are bundled; the one worker monaco needs is bundled by Vite and
// started from our own origin, which the page's CSP (worker-src 'self' blob:, no unsafe-eval) allows.
import * as monaco from 'monaco-editor/editor/editor.api';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/javascript/register';
import 'monaco-editor/languages/definitions/typescript/register';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

export { monaco };
