// Two traces' call trees side by side: children are matched by function name and occurrence
// ("the 2nd db.query under api.handle"), so a call present in only one trace shows as a gap on the
// other side instead of shifting every row after it. Pure, so it is tested without a browser.
import type { TraceNode } from '../../db/api/inspector-api.ts';

export interface AlignedCall {
  depth: number;
  process: string;
  a: TraceNode | null;
  b: TraceNode | null;
  /** b − a in ms, when both have a duration. */
  deltaMs: number | null;
  /** Variables (data names) whose values differ between a and b, or exist on one side only. */
  changed: { data: string; a: string | null; b: string | null }[];
}

interface Tree {
  node: TraceNode;
  children: Tree[];
}

/** Depth-first nodes (as traceTree returns them) back into trees. */
export function toTrees(nodes: TraceNode[]): Tree[] {
  const roots: Tree[] = [];
  const open: Tree[] = [];
  for (const node of nodes) {
    const t: Tree = { node, children: [] };
    while (open.length && open[open.length - 1].node.depth >= node.depth) open.pop();
    if (open.length) open[open.length - 1].children.push(t);
    else roots.push(t);
    open.push(t);
  }
  return roots;
}

function keyed(list: Tree[]): [string, Tree][] {
  const seen = new Map<string, number>();
  return list.map((t) => {
    const n = (seen.get(t.node.process) ?? 0) + 1;
    seen.set(t.node.process, n);
    return [`${t.node.process}#${n}`, t];
  });
}

function values(node: TraceNode | null): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const r of node?.rows ?? []) if (r.data !== null && !out.has(r.data)) out.set(r.data, r.dataValue);
  return out;
}

function changedVariables(a: TraceNode | null, b: TraceNode | null): AlignedCall['changed'] {
  if (!a || !b) return [];
  const va = values(a);
  const vb = values(b);
  const names = [...new Set([...va.keys(), ...vb.keys()])];
  return names
    .filter((d) => va.get(d) !== vb.get(d))
    .map((d) => ({ data: d, a: va.get(d) ?? null, b: vb.get(d) ?? null }));
}

/** The aligned rows, depth-first: a's order first, b's extra calls after the matched ones. */
export function alignTraces(aNodes: TraceNode[], bNodes: TraceNode[]): AlignedCall[] {
  const out: AlignedCall[] = [];
  // Iterative (a stack of sibling lists still to emit), so a deep trace cannot overflow the stack.
  const pending: { a: Tree | null; b: Tree | null; depth: number }[][] = [];
  const expand = (level: { a: Tree[]; b: Tree[]; depth: number }) => {
    const bk = new Map(keyed(level.b));
    const pairs: { a: Tree | null; b: Tree | null; depth: number }[] = [];
    for (const [k, t] of keyed(level.a)) {
      pairs.push({ a: t, b: bk.get(k) ?? null, depth: level.depth });
      bk.delete(k);
    }
    for (const t of bk.values()) pairs.push({ a: null, b: t, depth: level.depth });
    return pairs;
  };
  pending.push(expand({ a: toTrees(aNodes), b: toTrees(bNodes), depth: 0 }));
  while (pending.length) {
    const level = pending[pending.length - 1];
    const pair = level.shift();
    if (!pair) {
      pending.pop();
      continue;
    }
    const a = pair.a?.node ?? null;
    const b = pair.b?.node ?? null;
    out.push({
      depth: pair.depth,
      process: (a ?? b)!.process,
      a,
      b,
      deltaMs: a?.durationMs != null && b?.durationMs != null ? b.durationMs - a.durationMs : null,
      changed: changedVariables(a, b),
    });
    const kids = { a: pair.a?.children ?? [], b: pair.b?.children ?? [], depth: pair.depth + 1 };
    if (kids.a.length || kids.b.length) pending.push(expand(kids));
  }
  return out;
}
