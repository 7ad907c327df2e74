// What of a webhook is secret, and how it is shown: answers and logs carry the masked form only.
// A URL can be a secret by itself (Slack, Discord and Teams incoming webhooks carry their token in
// the path; many services take `token=`, `key=` or `sig=` in the query), besides a password in it.

export const MASK = '••••••••';

const SECRET_HEADER = /auth|token|secret|key|signature|cookie|password|session/i;
const SECRET_PARAM = /^(?:.*[-_.])?(?:token|key|sig|signature|secret|password|passwd|code|auth|apikey|credential)s?$/i;
/** Hosts whose webhook URL path is the credential: the first `keep` path segments are not secret. */
const SECRET_PATH_HOSTS: { host: RegExp; keep: number }[] = [
  { host: /^hooks\.slack\.com$/i, keep: 1 }, // /services/T…/B…/token, /workflows/…, /triggers/…
  { host: /^(?:(?:ptb|canary)\.)?discord(?:app)?\.com$/i, keep: 2 }, // /api/webhooks/id/token
  { host: /(?:^|\.)webhook\.office\.com$/i, keep: 1 }, // /webhookb2/…
  { host: /^outlook\.office(?:365)?\.com$/i, keep: 1 }, // /webhook/…
  { host: /^hooks\.zapier\.com$/i, keep: 2 }, // /hooks/catch/…
  { host: /^api\.telegram\.org$/i, keep: 0 }, // /bot<token>/sendMessage
];

export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, isSecretHeader(k) ? MASK : v]));
}

/** The URL with its password, secret path and secret query values replaced by the mask. */
export function maskUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return MASK; // not a URL: nothing of it is safe to show
  }
  const user = u.username ? `${u.username}${u.password ? `:${MASK}` : ''}@` : u.password ? `:${MASK}@` : '';
  let path = u.pathname;
  const rule = SECRET_PATH_HOSTS.find((r) => r.host.test(u.hostname));
  if (rule) {
    const segments = path.split('/').slice(1);
    if (segments.length > rule.keep && segments.slice(rule.keep).some((s) => s !== ''))
      path = `/${[...segments.slice(0, rule.keep), MASK].join('/')}`;
  }
  const query = [...u.searchParams]
    .map(([k, v]) => `${encodeURIComponent(k)}=${SECRET_PARAM.test(k) && v !== '' ? MASK : encodeURIComponent(v)}`)
    .join('&');
  return `${u.protocol}//${user}${u.host}${path}${query ? `?${query}` : ''}${u.hash ? '#…' : ''}`;
}

/** A URL's password as the URL parser stores the mask (percent-encoded). */
export const MASK_IN_URL = (() => {
  const u = new URL('http://x/');
  u.password = MASK;
  return u.password;
})();

/** Whether text holds the mask, raw or percent-encoded (a masked value sent back). */
export function holdsMask(text: string): boolean {
  return text.includes(MASK) || text.includes(MASK_IN_URL) || text.includes('•');
}

/** Scheme, host and port: a saved credential goes only where it went before. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Replaces every appearance of the URL's secret parts in a message (an error that quotes the URL). */
export function redactUrl(message: string, raw: string): string {
  let out = message.split(raw).join(maskUrl(raw));
  try {
    const u = new URL(raw);
    const secrets = [u.password, ...[...u.searchParams].filter(([k]) => SECRET_PARAM.test(k)).map(([, v]) => v)];
    if (SECRET_PATH_HOSTS.some((r) => r.host.test(u.hostname))) secrets.push(u.pathname);
    for (const s of secrets) if (s.length >= 4) out = out.split(s).join(MASK);
  } catch {
    // not a URL: only the whole text was replaced
  }
  return out;
}
