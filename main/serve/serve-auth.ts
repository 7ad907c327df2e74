// Who may talk to the engine in `serve` mode (docs/security.md): the checks every request
// passes before any route, in order, each answering a different attacker.
import type { IncomingMessage } from 'node:http';
import { sameToken } from './serve-token.ts';

export type Refusal = { status: number; message: string };

/**
 * Fetch metadata: a request started by a page of another site (or another port of this host:
 * 'same-site') is refused before anything runs, GETs included, so an <img>, a link or a form on a
 * web page cannot start an export or hold an event stream open. Browsers without the header (and
 * scripts) fall through to the token check.
 */
export function crossSiteRefusal(req: IncomingMessage): Refusal | null {
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return null;
  return { status: 403, message: `Requests started by another site are refused (Sec-Fetch-Site: ${String(site)}).` };
}

/**
 * The session cookie's name carries the port: cookies are shared by every port of a host, so two
 * runs on one machine would otherwise overwrite each other's.
 */
export function cookieName(port: number): string {
  return `trace_inspector_${port}`;
}

export function sessionCookie(name: string, token: string): string {
  // No Max-Age: a session cookie, gone when the browser closes. No Secure: the server is plain
  // HTTP on loopback, which browsers treat as a secure context anyway.
  return `${name}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The token a request presents: `Authorization: Bearer …` (scripts) or the session cookie (the page). */
export function presentedToken(req: IncomingMessage, cookie: string): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : null;
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === cookie) return part.slice(eq + 1).trim();
  }
  return null;
}

export function isAuthorized(req: IncomingMessage, cookie: string, token: string): boolean {
  return sameToken(presentedToken(req, cookie), token);
}

/** Where the token exchange sends the browser: the same path and query, minus the token. */
export function withoutToken(url: URL): string {
  const rest = new URLSearchParams(url.searchParams);
  rest.delete('token');
  const query = rest.toString();
  // No fragment here: browsers keep the one of the URL they were sent to (#/explorer?…).
  return `${url.pathname}${query ? `?${query}` : ''}`;
}

/** What a browser without the token sees instead of a blank app. */
export function signInPage(reason: 'missing' | 'wrong'): string {
  const why =
    reason === 'wrong'
      ? '<p><strong>The link you opened carries a token that is not this run’s.</strong> Each start of <code>npm start</code> or <code>npm run serve</code> makes a new one, unless <code>TRACE_INSPECTOR_TOKEN</code> fixes it.</p>'
      : '<p>This server answers only the person who started it. Your browser has not been given this run’s token yet (a bookmark, or a restarted server).</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Trace Inspector: sign in</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .3em;border-radius:3px}</style></head>
<body><h1>Trace Inspector</h1>${why}
<p>To get in:</p><ul>
<li>open the address printed in the terminal where it runs, the line <code>Open http://127.0.0.1:…/?token=… in a browser</code> (one click is enough: the browser keeps a cookie until it closes);</li>
<li>or, for scripts, start it with <code>--token-file FILE</code> and send <code>Authorization: Bearer &lt;the token in FILE&gt;</code>.</li></ul>
</body></html>`;
}
