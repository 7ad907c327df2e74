// A whole number of seconds as people say it, for the rules list (renderer/alerts/rule-summary.ts)
// and the alert messages the engine writes (db/alerts/conditions.ts): the same window reads the
// same in the app and in a webhook.

/** "30 s", "5 min", "1 h", "1 h 30 min", "2 d". */
export function formatSeconds(sec: number): string {
  if (sec < 60 || sec % 60 !== 0) return `${sec} s`;
  const min = sec / 60;
  if (min < 60) return `${min} min`;
  if (min % 60 !== 0) return `${Math.floor(min / 60)} h ${min % 60} min`;
  const h = min / 60;
  return h % 24 === 0 ? `${h / 24} d` : `${h} h`;
}
