// Electron's safeStorage as the engine's SecretCipher (db/ cannot import electron). It is usable
// only after the app is ready; on Linux without a secret service it falls back to a hard-coded
// key ("basic_text"), which protects nothing: then the secrets file stays plain, 0600.
import type { HostCipher } from '../../db/alerts/secret-cipher.ts';

export interface SafeStorageLike {
  isEncryptionAvailable: () => boolean;
  encryptString: (plain: string) => Buffer;
  decryptString: (sealed: Buffer) => string;
  getSelectedStorageBackend?: () => string;
}

export function safeStorageCipher(
  safeStorage: SafeStorageLike,
  ready: Promise<unknown>,
  platform: NodeJS.Platform = process.platform,
): HostCipher {
  return {
    ready,
    available: () =>
      safeStorage.isEncryptionAvailable() &&
      !(platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text'),
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
