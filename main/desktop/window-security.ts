// Electron's security checklist, applied to every window: an isolated, sandboxed renderer with no
// Node, loaded only from app://inspector, that cannot navigate away, open windows or attach
// webviews, and whose IPC is accepted only from the app's own top frame.
import type { WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './app-protocol.ts';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    // A file dropped on the window is opened by the app (see the preload), never navigated to.
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** What IPC handlers get as the sender: the frame that sent the message (null once it is gone). */
export interface SenderLike {
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * VS Code's validatedIpcMain rule: only the app's own page in a top-level frame may talk to the
 * engine. An iframe, a navigated-away page or a destroyed frame is refused.
 */
export function isTrustedSender(event: SenderLike): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isAppUrl(frame.url);
}

type NavigationEvent = { preventDefault(): void; url?: string };

/** Denies navigation away from the app, window.open and webviews, on any web contents. */
export function hardenWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  warn: (msg: string) => void = console.warn,
): void {
  const guard = (kind: string) => (event: NavigationEvent, url?: string) => {
    const target = event.url ?? url ?? '';
    if (isAppUrl(target)) return;
    event.preventDefault();
    warn(`Refused ${kind} to ${target.slice(0, 200)}`);
  };
  contents.on('will-navigate', guard('navigation') as never);
  contents.on('will-redirect', guard('redirect') as never);
  contents.on('will-attach-webview', ((event: NavigationEvent) => event.preventDefault()) as never);
  contents.setWindowOpenHandler(({ url }) => {
    warn(`Refused to open a window for ${url.slice(0, 200)}`);
    return { action: 'deny' };
  });
}

/** Permissions the renderer may get: writing text to the clipboard (Copy buttons). Nothing else. */
export function permissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
