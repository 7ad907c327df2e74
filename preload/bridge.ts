// Builds the object the preload exposes as `window.inspector`: one named verb per operation of
// the API table (names asked from main, which reads them from the table) plus `on` for live
// events. Nothing else crosses: no ipcRenderer, no generic invoke, no Node.
import type { IpcRenderer } from 'electron';
import type { InspectorBridge } from '../db/api/inspector-api.ts';
import { IPC, operationChannel, type EventEnvelope } from '../db/api/ipc-contract.ts';
import type { EventName } from '../db/api/types.ts';

type Listener = (payload: unknown) => void;

export function createBridge(ipc: Pick<IpcRenderer, 'invoke' | 'send' | 'sendSync' | 'on'>): InspectorBridge {
  const names = ipc.sendSync(IPC.listOperations) as unknown;
  const bridge: Record<string, unknown> = {};
  for (const name of Array.isArray(names) ? names : []) {
    if (typeof name !== 'string' || name === 'on') continue;
    const channel = operationChannel(name);
    bridge[name] = (input: unknown) => ipc.invoke(channel, input);
  }

  // db → event → listeners. Main forwards a database's events once subscribed; we fan out here.
  const listeners = new Map<string, Map<string, Set<Listener>>>();
  ipc.on(IPC.event, (_event, envelope: EventEnvelope) => {
    for (const l of listeners.get(envelope?.db)?.get(envelope.event) ?? []) l(envelope.payload);
  });
  const count = (db: string) => [...(listeners.get(db)?.values() ?? [])].reduce((n, s) => n + s.size, 0);

  bridge.on = (event: EventName, db: string, listener: Listener) => {
    if (typeof event !== 'string' || typeof db !== 'string' || typeof listener !== 'function')
      throw new TypeError('on(event, db, listener)');
    if (count(db) === 0) ipc.send(IPC.subscribe, db);
    let byEvent = listeners.get(db);
    if (!byEvent) listeners.set(db, (byEvent = new Map<string, Set<Listener>>()));
    let set = byEvent.get(event);
    if (!set) byEvent.set(event, (set = new Set()));
    const entry: Listener = (p) => listener(p);
    set.add(entry);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      set.delete(entry);
      if (count(db) === 0) {
        listeners.delete(db);
        ipc.send(IPC.unsubscribe, db);
      }
    };
  };
  return Object.freeze(bridge) as InspectorBridge;
}

/** A file dropped anywhere on the window is opened by the app (main decides where it shows). */
export function handleFileDrops(
  target: Pick<Window, 'addEventListener'>,
  pathOf: (file: File) => string,
  send: (path: string) => void,
): void {
  target.addEventListener('dragover', (e) => e.preventDefault());
  target.addEventListener('drop', (e) => {
    e.preventDefault();
    const file = e.dataTransfer?.files?.[0];
    if (!file) return;
    const path = pathOf(file);
    if (path) send(path);
  });
}
