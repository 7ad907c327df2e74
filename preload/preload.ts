// The preload: runs sandboxed beside the renderer and exposes exactly the bridge (bundled to
// dist/preload/preload.cjs by scripts/build-desktop.ts: sandboxed preloads cannot be ES modules).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { IPC } from '../db/api/ipc-contract.ts';
import { createBridge, handleFileDrops } from './bridge.ts';

contextBridge.exposeInMainWorld('inspector', createBridge(ipcRenderer));
handleFileDrops(
  window,
  (file) => webUtils.getPathForFile(file),
  (path) => ipcRenderer.send(IPC.openDropped, path),
);
