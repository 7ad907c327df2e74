/** Printed by the Electron main process once its first window exists; `npm start` waits for it. */
export const READY_LINE = 'trace-inspector: desktop ready';
