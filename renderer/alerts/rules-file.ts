// Export and import of rules as the JSON document exportAlertRules writes ({ version: 1, rules }).
// An imported file is the user's, so it is checked here and each rule reduced to the documented
// fields: the engine refuses unknown fields, and a stray one would fail the whole import.
import type { AlertRuleInput } from '../../db/api/alert-types.ts';

export type ParsedRules = { ok: true; rules: AlertRuleInput[] } | { ok: false; message: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseRulesFile(text: string): ParsedRules {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, message: 'This file is not JSON: choose a file written by Export.' };
  }
  const list: unknown = Array.isArray(doc) ? doc : isObject(doc) ? doc.rules : undefined;
  if (isObject(doc) && doc.version !== undefined && doc.version !== 1)
    return {
      ok: false,
      message: `This file is version ${JSON.stringify(doc.version)} of the rules format; this app reads version 1.`,
    };
  if (!Array.isArray(list))
    return { ok: false, message: 'This file has no "rules" list: choose a file written by Export.' };
  if (list.length === 0) return { ok: false, message: 'This file holds no rules.' };
  if (list.length > 500)
    return { ok: false, message: `This file holds ${list.length} rules; at most 500 can be imported at once.` };
  const rules: AlertRuleInput[] = [];
  for (const [i, r] of list.entries()) {
    if (!isObject(r) || typeof r.name !== 'string' || typeof r.severity !== 'string' || !isObject(r.condition)) {
      return { ok: false, message: `Rule ${i + 1} in this file has no name, severity or condition.` };
    }
    const rule = {
      name: r.name,
      severity: r.severity,
      condition: r.condition,
      webhooks: Array.isArray(r.webhooks) ? r.webhooks.filter((w): w is string => typeof w === 'string') : [],
    } as AlertRuleInput;
    if (typeof r.enabled === 'boolean') rule.enabled = r.enabled;
    rules.push(rule);
  }
  return { ok: true, rules };
}

/** "alert-rules-traces.json" for /home/me/traces.db. */
export function exportFileName(dbPath: string): string {
  const base = dbPath.split(/[\\/]/).pop() ?? 'database';
  return `alert-rules-${base.replace(/\.[^.]+$/, '') || 'database'}.json`;
}
