// An in-process stand-in for Electron's IPC: ipcMain on one side, an ipcRenderer per window on
// the other, and the sender frame each message carries. Inputs are structured-cloned as Electron
// does, so nothing passes by reference.
import type { IpcMain, IpcRenderer, WebContents } from 'electron';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

export class FakeIpcMain {
  readonly handlers = new Map<string, Handler>();
  readonly listeners = new Map<string, Set<Handler>>();
  handle(channel: string, fn: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  on(channel: string, fn: Handler): this {
    let set = this.listeners.get(channel);
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    return this;
  }
  removeListener(channel: string, fn: Handler): this {
    this.listeners.get(channel)?.delete(fn);
    return this;
  }
  get asIpcMain(): Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'> {
    return this as never;
  }
}

export class FakeWebContents {
  destroyed = false;
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  private readonly onDestroyed: (() => void)[] = [];
  send(channel: string, payload: unknown): void {
    const copy = structuredClone(payload);
    this.sent.push({ channel, payload: copy });
    for (const l of this.rendererListeners.get(channel) ?? []) l({}, copy);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  once(event: string, fn: () => void): this {
    if (event === 'destroyed') this.onDestroyed.push(fn);
    return this;
  }
  destroy(): void {
    this.destroyed = true;
    for (const fn of this.onDestroyed.splice(0)) fn();
  }
  get asWebContents(): WebContents {
    return this as never;
  }
}

export interface Frame {
  url: string;
  parent: unknown;
}

export const APP_FRAME: Frame = { url: 'app://inspector/index.html?db=db1', parent: null };

/** The renderer side of one window whose messages carry `frame` as their sender frame. */
export function connectRenderer(
  main: FakeIpcMain,
  contents: FakeWebContents,
  frame: Frame | null = APP_FRAME,
): Pick<IpcRenderer, 'invoke' | 'send' | 'sendSync' | 'on'> {
  const event = () => ({ sender: contents, senderFrame: frame, returnValue: undefined as unknown });
  return {
    invoke: (async (channel: string, ...args: unknown[]) => {
      const h = main.handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      return structuredClone(await h(event(), ...structuredClone(args)));
    }) as never,
    send: ((channel: string, ...args: unknown[]) => {
      for (const l of main.listeners.get(channel) ?? []) l(event(), ...structuredClone(args));
    }) as never,
    sendSync: ((channel: string, ...args: unknown[]) => {
      const e = event();
      for (const l of main.listeners.get(channel) ?? []) l(e, ...structuredClone(args));
      return structuredClone(e.returnValue);
    }) as never,
    on: ((channel: string, fn: (event: unknown, payload: unknown) => void) => {
      let set = contents.rendererListeners.get(channel);
      if (!set) contents.rendererListeners.set(channel, (set = new Set()));
      set.add(fn);
    }) as never,
  };
}
