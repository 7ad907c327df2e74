// Lines the Electron main process prints for `npm start` (scripts/start.ts), which falls back to
// serve mode only if Electron exits without printing either.

/** The first window exists. */
export const READY_LINE = 'trace-inspector: desktop ready';
/** Another instance is running: the files went to it and this process exits. */
export const HANDED_OFF_LINE = 'trace-inspector: handed to the running app';
