// EXPLAIN QUERY PLAN as SQLite's shell draws it: each step under its parent. SEARCH … USING INDEX
// is what an indexed query looks like; SCAN of a big table (not of the small series table) is slow.
import type { SqlPlanStep } from '../../db/api/inspector-api.ts';

export function planLines(plan: SqlPlanStep[]): { depth: number; detail: string }[] {
  const depth = new Map<number, number>([[0, -1]]);
  return plan.map((s) => {
    const d = (depth.get(s.parent) ?? -1) + 1;
    depth.set(s.id, d);
    return { depth: d, detail: s.detail };
  });
}

export function PlanView({ plan }: { plan: SqlPlanStep[] }) {
  return (
    <pre className="sql-plan" data-testid="sql-plan">
      {planLines(plan).map((l, i) => (
        <div key={i}>{`${'   '.repeat(l.depth)}${l.depth ? '└─ ' : ''}${l.detail}`}</div>
      ))}
    </pre>
  );
}
