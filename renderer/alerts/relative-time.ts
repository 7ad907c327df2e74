// Times ahead of now, for snoozes and retries ("in 45 min"); ages reuse formatAgo.
import type { SnoozedUntilResumed } from '../../db/api/alert-types.ts';

export { formatAgo } from '../format/time.ts';

/** Snooze choices offered in the rules list. */
export const SNOOZE_CHOICES: { label: string; minutes: number | 'forever' }[] = [
  { label: '15 min', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '8 h', minutes: 8 * 60 },
  { label: 'until I resume', minutes: 'forever' },
];

/** The engine's `snoozedUntil` for "until resumed" (typed in db/api/alert-types.ts). */
const UNTIL_RESUMED: SnoozedUntilResumed = 8.64e15;

/** "in 40 s", "in 12 min", "in 2 h 5 min", "in 3 d"; "now" when it is due. */
export function formatIn(ts: number, now = Date.now()): string {
  const s = Math.round((ts - now) / 1000);
  if (s < 1) return 'now';
  if (s < 60) return `in ${s} s`;
  // Rounded, not ceiled: "now" may be a few seconds old when a snooze of 15 min is first shown.
  const min = Math.round(s / 60);
  if (min < 60) return `in ${min} min`;
  if (min < 24 * 60) return `in ${Math.floor(min / 60)} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `in ${Math.floor(s / 86_400)} d`;
}

/** How a rule's snooze reads in the list, or null when it is not snoozed (or the snooze ran out). */
export function snoozeLabel(snoozedUntil: number | null, now = Date.now()): string | null {
  if (snoozedUntil === null || snoozedUntil <= now) return null;
  if (snoozedUntil >= UNTIL_RESUMED) return 'until resumed';
  return `ends ${formatIn(snoozedUntil, now)}`;
}
