import type { TabProps } from '../app/tab-props.ts';

export function OverviewTab(_props: TabProps) {
  return <div className="app-message">Overview is not built yet.</div>;
}
