// The Electron transport over the API table. Every operation is registered from the table itself
// (a new operation needs no code here); each call checks the sender frame, goes through the
// engine's validation and comes back as an ApiResult value (never a thrown error, which Electron
// would flatten into a string). Live events go only to the window that shows their database.
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import type { ApiResult } from '../../db/api/errors.ts';
import { IPC, operationChannel } from '../../db/api/ipc-contract.ts';
import type { EventName } from '../../db/api/types.ts';
import type { Engine } from '../../db/engine/engine.ts';

export interface IpcBridgeDeps {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  /** Its operations table is the list of channels registered. */
  engine: Pick<Engine, 'call' | 'subscribe' | 'operations'>;
  isTrusted: (event: IpcMainEvent | IpcMainInvokeEvent) => boolean;
  /** The database a window shows (null: none); its events are the only ones it may receive. */
  databaseOf: (contents: WebContents) => string | null;
  /** A file dropped on a window (already checked to be a string). */
  openDropped: (path: string, from: WebContents) => void;
}

export const REFUSED: ApiResult<never> = {
  ok: false,
  error: { kind: 'permission-denied', message: 'This request did not come from the app’s own window and was refused.' },
};

export function registerIpcBridge(deps: IpcBridgeDeps): () => void {
  const { ipcMain, engine } = deps;
  const names = Object.keys(engine.operations);
  for (const name of names) {
    ipcMain.handle(operationChannel(name), (event, input: unknown) =>
      deps.isTrusted(event) ? engine.call(name, input) : REFUSED,
    );
  }

  const onList = (event: IpcMainEvent) => {
    event.returnValue = deps.isTrusted(event) ? names : [];
  };

  // Per window, per database: the engine subscription forwarding to that window.
  const subscriptions = new Map<WebContents, Map<string, () => void>>();
  const unsubscribeAll = (contents: WebContents) => {
    for (const stop of subscriptions.get(contents)?.values() ?? []) stop();
    subscriptions.delete(contents);
  };
  const onSubscribe = (event: IpcMainEvent, db: unknown) => {
    const contents = event.sender;
    if (!deps.isTrusted(event) || typeof db !== 'string' || db !== deps.databaseOf(contents)) return;
    let mine = subscriptions.get(contents);
    if (!mine) {
      subscriptions.set(contents, (mine = new Map<string, () => void>()));
      contents.once('destroyed', () => unsubscribeAll(contents));
    }
    if (mine.has(db)) return;
    mine.set(
      db,
      engine.subscribe(db, (name: EventName, payload: unknown) => {
        if (!contents.isDestroyed()) contents.send(IPC.event, { db, event: name, payload });
      }),
    );
  };
  const onUnsubscribe = (event: IpcMainEvent, db: unknown) => {
    if (!deps.isTrusted(event) || typeof db !== 'string') return;
    const mine = subscriptions.get(event.sender);
    mine?.get(db)?.();
    mine?.delete(db);
  };
  const onDropped = (event: IpcMainEvent, path: unknown) => {
    if (!deps.isTrusted(event) || typeof path !== 'string' || path.length === 0 || path.length > 4096) return;
    deps.openDropped(path, event.sender);
  };

  ipcMain.on(IPC.listOperations, onList);
  ipcMain.on(IPC.subscribe, onSubscribe);
  ipcMain.on(IPC.unsubscribe, onUnsubscribe);
  ipcMain.on(IPC.openDropped, onDropped);
  return () => {
    for (const name of names) ipcMain.removeHandler(operationChannel(name));
    ipcMain.removeListener(IPC.listOperations, onList);
    ipcMain.removeListener(IPC.subscribe, onSubscribe);
    ipcMain.removeListener(IPC.unsubscribe, onUnsubscribe);
    ipcMain.removeListener(IPC.openDropped, onDropped);
    for (const contents of [...subscriptions.keys()]) unsubscribeAll(contents);
  };
}
