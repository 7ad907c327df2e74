// A stand-in for the `electron` module (its binary cannot run here): records what the main
// process asks of it, and lets a test play the user (open a file, drop one, quit).
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';
import { FakeIpcMain, FakeWebContents } from './fake-ipc.ts';

export class FakeWindowContents extends FakeWebContents {
  readonly events = new EventEmitter();
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  on(event: string, fn: (...args: unknown[]) => void): this {
    this.events.on(event, fn);
    return this;
  }
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = fn;
  }
  /** Emits a navigation event the way Electron does; returns whether it was prevented. */
  navigate(kind: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.events.emit(kind, { url, preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

export type ForkCall = {
  modulePath: string;
  args: string[];
  options: Record<string, unknown>;
  child: FakeUtilityProcess;
};

/**
 * Electron's UtilityProcess, played by a real Node child running the same script: the argv it sees
 * (execPath, script, args), output through PassThrough streams that are null after 'exit', pid
 * undefined after 'exit', kill() as SIGTERM, 'exit' with a code. As Electron's, the streams exist
 * only with stdio 'pipe'.
 */
export class FakeUtilityProcess extends EventEmitter {
  readonly process: ChildProcess;
  #stdout: PassThrough | null;
  #stderr: PassThrough | null;
  #exited = false;
  constructor(modulePath: string, args: string[], options: { stdio?: unknown; env?: object }) {
    super();
    const piped = options.stdio === 'pipe';
    this.#stdout = piped ? new PassThrough() : null;
    this.#stderr = piped ? new PassThrough() : null;
    this.process = spawn(process.execPath, [modulePath, ...args], {
      stdio: ['ignore', piped ? 'pipe' : 'ignore', piped ? 'pipe' : 'ignore'],
      env: (options.env as NodeJS.ProcessEnv | undefined) ?? process.env,
    });
    if (this.#stdout) this.process.stdout!.pipe(this.#stdout);
    if (this.#stderr) this.process.stderr!.pipe(this.#stderr);
    this.process.once('spawn', () => this.emit('spawn'));
    this.process.once('exit', (code, signal) => {
      this.#exited = true;
      this.#stdout = null;
      this.#stderr = null;
      this.emit('exit', code ?? (signal ? 128 : 0));
    });
  }
  get pid() {
    return this.#exited ? undefined : this.process.pid;
  }
  get stdout() {
    return this.#stdout;
  }
  get stderr() {
    return this.#stderr;
  }
  kill(): boolean {
    return this.#exited ? false : this.process.kill('SIGTERM');
  }
}

export function createFakeElectron(opts: { appPath: string; userData: string }) {
  const windows: FakeBrowserWindow[] = [];
  let focused: FakeBrowserWindow | null = null;
  const appEvents = new EventEmitter();
  let ready!: () => void;
  const whenReady = new Promise<void>((r) => (ready = r));

  class FakeBrowserWindow extends EventEmitter {
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    static getFocusedWindow = () => focused;
    static fromWebContents = (c: unknown) => windows.find((w) => w.webContents === c) ?? null;
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeWindowContents();
    url = '';
    shown = false;
    destroyed = false;
    minimized = false;
    constructor(options: Record<string, unknown>) {
      super();
      this.options = options;
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    focus() {
      // The fake keeps which window has focus, as Electron's BrowserWindow.getFocusedWindow does.
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      focused = this;
    }
    isDestroyed() {
      return this.destroyed;
    }
    isMinimized() {
      return this.minimized;
    }
    restore() {
      this.minimized = false;
    }
    maximize() {}
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return {
        x: 10,
        y: 20,
        width: (this.options.width as number) ?? 800,
        height: (this.options.height as number) ?? 600,
      };
    }
    close() {
      this.emit('close');
      this.destroyed = true;
      this.webContents.destroy();
      this.emit('closed');
    }
  }

  const calls = {
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (req: Request) => Promise<Response>>(),
    menus: [] as unknown[],
    dialogs: [] as unknown[],
    quit: 0,
    permissionHandler: null as null | ((wc: unknown, permission: string, grant: (ok: boolean) => void) => void),
    dialogAnswer: { canceled: true, filePaths: [] as string[] },
    readyDone: false,
    sealed: 0,
    forks: [] as ForkCall[],
    notifications: [] as FakeNotification[],
  };
  /** Electron's Notification: records what was shown; click() plays the user clicking it. */
  class FakeNotification extends EventEmitter {
    static isSupported = () => true;
    readonly options: { title: string; body: string };
    shown = false;
    constructor(options: { title: string; body: string }) {
      super();
      this.options = options;
    }
    show() {
      this.shown = true;
      calls.notifications.push(this);
    }
    click() {
      this.emit('click');
    }
  }
  const ipcMain = new FakeIpcMain();
  const module = {
    app: {
      requestSingleInstanceLock: () => true,
      getAppPath: () => opts.appPath,
      getPath: (name: string) => (name === 'userData' ? opts.userData : opts.userData),
      isPackaged: false,
      whenReady: () => whenReady,
      on: (event: string, fn: (...args: unknown[]) => void) => appEvents.on(event, fn),
      quit: () => {
        calls.quit++;
        const e = {
          defaultPrevented: false,
          preventDefault() {
            this.defaultPrevented = true;
          },
        };
        appEvents.emit('will-quit', e);
      },
    },
    BrowserWindow: FakeBrowserWindow,
    Notification: FakeNotification,
    utilityProcess: {
      fork: (modulePath: string, args: string[] = [], options: Record<string, unknown> = {}) => {
        if (!calls.readyDone) throw new Error('utilityProcess.fork can only be called after the ready event'); // as Electron
        const child = new FakeUtilityProcess(modulePath, args, options);
        calls.forks.push({ modulePath, args, options, child });
        return child;
      },
    },
    ipcMain,
    // A reversible stand-in for the OS keychain, usable after ready as the real one on Linux.
    safeStorage: {
      isEncryptionAvailable: () => calls.readyDone,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (plain: string) => (
        calls.sealed++,
        Buffer.from(`fake-keychain:${Buffer.from(plain).reverse().toString('base64')}`)
      ),
      decryptString: (sealed: Buffer) =>
        Buffer.from(sealed.toString().slice('fake-keychain:'.length), 'base64').reverse().toString(),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => calls.privileged.push(...schemes),
      handle: (scheme: string, fn: (req: Request) => Promise<Response>) => calls.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof calls.permissionHandler) => (calls.permissionHandler = fn),
        setPermissionCheckHandler: () => {},
      },
    },
    Menu: {
      buildFromTemplate: (t: unknown) => t,
      setApplicationMenu: (m: unknown) => calls.menus.push(m),
    },
    dialog: {
      showOpenDialog: async (...args: unknown[]) => {
        calls.dialogs.push(args.at(-1));
        return calls.dialogAnswer;
      },
    },
  };
  return { module, windows, calls, ipcMain, appEvents, ready: () => ((calls.readyDone = true), ready()) };
}
