import type { TabProps } from '../app/tab-props.ts';

export function CodeTab(_props: TabProps) {
  return <div className="app-message">Code Inspector is not built yet.</div>;
}
