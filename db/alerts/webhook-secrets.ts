// The webhooks' secrets (URL, extra headers, signing secret), in the app's config folder rather
// than beside the alerts database in the data folder (a cache folder that cleaners empty). One
// JSON file, 0600 in a 0700 folder (modes are fixed on an existing one too), replaced atomically;
// sealed with the OS keychain when the host passes a cipher that has one.
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InspectorError } from '../api/errors.ts';
import { writeFileAtomic } from '../engine/json-file.ts';
import type { SecretCipher } from './secret-cipher.ts';

export interface WebhookSecret {
  url: string;
  headers: Record<string, string>;
  secret: string | null;
}

type Entries = Record<string, WebhookSecret>;
type SecretFile =
  { version: 1; sealed: false; webhooks: Entries } | { version: 1; sealed: 'os-keychain'; data: string };

export const SECRETS_FILE = 'webhook-secrets.json';

export class WebhookSecrets {
  readonly path: string;
  private readonly dir: string;
  private readonly cipher: SecretCipher | null;
  private entries: Entries | null = null;

  constructor(configDir: string, cipher: SecretCipher | null = null) {
    this.dir = configDir;
    this.path = join(configDir, SECRETS_FILE);
    this.cipher = cipher;
  }

  get(id: string): WebhookSecret | null {
    return this.load()[id] ?? null;
  }

  set(id: string, secret: WebhookSecret): void {
    this.save({ ...this.load(), [id]: secret });
  }

  /** Several at once, in one write (a migration). */
  setAll(more: Entries): void {
    this.save({ ...this.load(), ...more });
  }

  delete(id: string): void {
    const { [id]: gone, ...rest } = this.load();
    if (gone) this.save(rest);
  }

  private load(): Entries {
    if (this.entries) return this.entries;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    chmodSync(this.dir, 0o700); // an existing folder (or one made under a loose umask) is tightened
    if (!existsSync(this.path)) return (this.entries = {});
    chmodSync(this.path, 0o600);
    const file = JSON.parse(readFileSync(this.path, 'utf8')) as SecretFile;
    if (file.sealed === false) {
      this.entries = file.webhooks;
      if (this.canSeal()) this.save(this.entries); // the OS keychain became available: seal them now
      return this.entries;
    }
    if (!this.cipher || !this.cipher.available()) {
      throw new InspectorError(
        'encrypted',
        `The webhook secrets in ${this.path} are encrypted with the desktop app's OS keychain, which this process cannot use: edit webhooks in the desktop app, or enter their URL, headers and secret again here.`,
      );
    }
    try {
      this.entries = JSON.parse(this.cipher.decrypt(file.data)) as Entries;
    } catch (err) {
      throw new InspectorError(
        'encrypted',
        `The webhook secrets in ${this.path} cannot be decrypted by this user's OS keychain (${(err as Error).message}).`,
      );
    }
    return this.entries;
  }

  private canSeal(): boolean {
    try {
      return this.cipher?.available() ?? false;
    } catch {
      return false;
    }
  }

  private save(entries: Entries): void {
    const file: SecretFile = this.canSeal()
      ? { version: 1, sealed: 'os-keychain', data: this.cipher!.encrypt(JSON.stringify(entries)) }
      : { version: 1, sealed: false, webhooks: entries };
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(this.path, `${JSON.stringify(file, null, 2)}\n`, 0o600);
    this.entries = entries;
  }
}
