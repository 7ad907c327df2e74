// Standard Webhooks (standardwebhooks.com): the receiver checks
//   webhook-signature = "v1," + base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${body}`))
// where the key is the base64 part of a `whsec_…` secret (or, for any other secret, its UTF-8 bytes).
// A receiver's side is in docs/alerts.md (and, written independently, in test/db/alerts/webhooks.test.ts).
import { createHmac } from 'node:crypto';

export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice(6), 'base64') : Buffer.from(secret, 'utf8');
}

export function sign(secret: string, id: string, timestampSec: number, body: string): string {
  return `v1,${createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}
