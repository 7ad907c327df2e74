// The secret of one `serve` run: who holds it may use the engine (issue 11). Random per run unless
// the user fixes it through TRACE_INSPECTOR_TOKEN (scripts that outlive a restart).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { writeFileAtomic } from '../../db/engine/json-file.ts';

export const TOKEN_ENV = 'TRACE_INSPECTOR_TOKEN';

/** 256 random bits as 64 hex characters: URL-, cookie- and header-safe without escaping. */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** The token fixed by the environment: null when unset, an error sentence when too weak to use. */
export function tokenFromEnv(
  env: NodeJS.ProcessEnv,
): { ok: true; token: string | null } | { ok: false; message: string } {
  const value = env[TOKEN_ENV];
  if (value === undefined || value === '') return { ok: true, token: null };
  // 32 hex characters are 128 bits: anything shorter (or not hex) could be guessed or mistyped.
  if (!/^[0-9a-fA-F]{32,}$/.test(value))
    return {
      ok: false,
      message: `${TOKEN_ENV} must be at least 32 hexadecimal characters (128 bits), e.g. the output of \`openssl rand -hex 32\`.`,
    };
  return { ok: true, token: value.toLowerCase() };
}

/**
 * Constant-time comparison. Both sides are hashed first so the comparison never depends on (or
 * reveals) the length of what the client sent.
 */
export function sameToken(presented: string | null | undefined, token: string): boolean {
  if (!presented) return false;
  const a = createHash('sha256').update(presented.toLowerCase()).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

/**
 * Writes the token for scripts, readable by the user alone (0600). Written beside the target under
 * a fresh name and renamed over it, so an existing file with looser permissions (or a symlink
 * someone planted) is replaced, never written through.
 */
export function writeTokenFile(path: string, token: string): void {
  writeFileAtomic(path, `${token}\n`, 0o600);
}

/** Removes the token file at shutdown, unless it now holds another run's token. */
export function removeTokenFile(path: string, token: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === token) unlinkSync(path);
  } catch {
    // already gone
  }
}
