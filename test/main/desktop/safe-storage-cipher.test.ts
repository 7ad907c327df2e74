import { describe, expect, it } from 'vitest';
import { safeStorageCipher, type SafeStorageLike } from '../../../main/desktop/safe-storage-cipher.ts';

const storage = (available: boolean, backend: string): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  getSelectedStorageBackend: () => backend,
  encryptString: (p) => Buffer.from(`x${p}`),
  decryptString: (b) => b.toString().slice(1),
});

describe('safeStorage as the secrets cipher', () => {
  it('round-trips through base64 and is used only where the OS really encrypts', () => {
    const c = safeStorageCipher(storage(true, 'kwallet5'), Promise.resolve(), 'linux');
    expect(c.available()).toBe(true);
    expect(c.decrypt(c.encrypt('whsec_abc'))).toBe('whsec_abc');
    expect(c.encrypt('whsec_abc')).toBe(Buffer.from('xwhsec_abc').toString('base64'));
    // Linux without a secret service: Electron's hard-coded key protects nothing.
    expect(safeStorageCipher(storage(true, 'basic_text'), Promise.resolve(), 'linux').available()).toBe(false);
    expect(safeStorageCipher(storage(false, 'unknown'), Promise.resolve(), 'darwin').available()).toBe(false);
    expect(safeStorageCipher(storage(true, 'unknown'), Promise.resolve(), 'darwin').available()).toBe(true);
  });
});
