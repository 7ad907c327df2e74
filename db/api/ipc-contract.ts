// The Electron IPC channels, shared by main (main/desktop/ipc-bridge.ts) and the preload. Which
// operations exist is not listed here: main answers LIST_OPERATIONS from the API table, so a new
// operation needs no IPC code.
import type { EventName, InspectorEvents } from './types.ts';

export const IPC = {
  /** sendSync at preload start: the API table's operation names. */
  listOperations: 'inspector:operations',
  /** invoke: one per operation, `inspector:op:<name>`. */
  operationPrefix: 'inspector:op:',
  /** send { db }: start / stop forwarding that database's events to this window. */
  subscribe: 'inspector:subscribe',
  unsubscribe: 'inspector:unsubscribe',
  /** main → window: an EventEnvelope. */
  event: 'inspector:event',
  /** send (path): a file dropped on the window (handled in the preload, never exposed). */
  openDropped: 'desktop:open-dropped',
} as const;

export function operationChannel(name: string): string {
  return IPC.operationPrefix + name;
}

export type EventEnvelope = { [E in EventName]: { db: string; event: E; payload: InspectorEvents[E] } }[EventName];
