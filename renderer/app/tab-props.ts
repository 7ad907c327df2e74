// What every tab receives from the App shell. Tabs read the engine only through `api`.
import type { DatabaseInfo, InspectorApi, OperationInput } from '../../db/api/inspector-api.ts';
import type { TabName } from './route.ts';

/** The API's time range input (a preset, or a custom from/to in epoch ms). */
export type RangeInput = NonNullable<OperationInput<'traces'>['range']>;

export interface TabProps {
  api: InspectorApi;
  /** The database handle every call names. */
  db: string;
  info: DatabaseInfo;
  /** The global time range from the header. */
  range: RangeInput;
  /** Live updates on (false while the user paused them in the header). */
  live: boolean;
  /** This tab's parameters from the URL hash (without range/live). */
  params: Record<string, string>;
  /** Replace this tab's parameters (undefined or '' removes a key); `push` adds a history entry. */
  setParams: (next: Record<string, string | undefined>, opts?: { push?: boolean }) => void;
  /** Switch tab with parameters, e.g. navigate('explorer', { trace: id }). */
  navigate: (tab: TabName, params?: Record<string, string>) => void;
}
