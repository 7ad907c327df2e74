import type { TabProps } from '../app/tab-props.ts';

export function ExplorerTab(_props: TabProps) {
  return <div className="app-message">Trace Explorer is not built yet.</div>;
}
