import type { TabProps } from '../app/tab-props.ts';

export function AlertsTab(_props: TabProps) {
  return <div className="app-message">Alerts is not built yet.</div>;
}
