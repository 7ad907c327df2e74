// How secrets are sealed at rest. The desktop app passes Electron's safeStorage (the OS keychain,
// DPAPI, or a Linux secret service); db/ never imports electron, so it only sees this interface.
// The alerts thread reaches the cipher, which lives on the main thread, through a synchronous
// call (a MessagePort answered while the thread waits on a SharedArrayBuffer): reading a secret
// stays a plain function call for the store and the delivery loop.
import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

export interface SecretCipher {
  /** Whether the OS offers encryption now (false: secrets are kept in a 0600 file, unencrypted). */
  available(): boolean;
  /** Plain text to base64 ciphertext. */
  encrypt(plain: string): string;
  /** Base64 ciphertext to plain text; throws when it cannot (another machine, another user). */
  decrypt(sealed: string): string;
}

/** The host's cipher, plus what must happen before it can be used (Electron: app ready). */
export type HostCipher = SecretCipher & { ready?: Promise<unknown> };

export interface CipherLine {
  port: MessagePort;
  signal: SharedArrayBuffer;
}

type CipherRequest = { op: 'available' } | { op: 'encrypt' | 'decrypt'; data: string };
type CipherReply = { ok: true; value: string | boolean } | { ok: false; message: string };

/** Host side: answers the thread's cipher calls; returns what the thread needs (transfer `port`). */
export function serveCipher(cipher: HostCipher): CipherLine & { close(): void } {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const flag = new Int32Array(signal);
  const answer = async (req: CipherRequest) => {
    let reply: CipherReply;
    try {
      await cipher.ready;
      reply = {
        ok: true,
        value:
          req.op === 'available'
            ? cipher.available()
            : req.op === 'encrypt'
              ? cipher.encrypt(req.data)
              : cipher.decrypt(req.data),
      };
    } catch (err) {
      reply = { ok: false, message: (err as Error).message };
    }
    port1.postMessage(reply); // queued on the thread's port before it is woken
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  port1.on('message', (req: CipherRequest) => void answer(req));
  port1.unref();
  return { port: port2, signal, close: () => port1.close() };
}

/** Thread side: the same interface, each call waiting for the host's answer (bounded). */
export function remoteCipher(line: CipherLine, timeoutMs = 10_000): SecretCipher {
  const flag = new Int32Array(line.signal);
  const call = (req: CipherRequest): string | boolean => {
    Atomics.store(flag, 0, 0);
    line.port.postMessage(req);
    if (Atomics.wait(flag, 0, 0, timeoutMs) === 'timed-out') throw new Error('the OS keychain did not answer in time');
    const got = receiveMessageOnPort(line.port)?.message as CipherReply | undefined;
    if (!got) throw new Error('the OS keychain gave no answer');
    if (!got.ok) throw new Error(got.message);
    return got.value;
  };
  return {
    available: () => call({ op: 'available' }) as boolean,
    encrypt: (plain) => call({ op: 'encrypt', data: plain }) as string,
    decrypt: (sealed) => call({ op: 'decrypt', data: sealed }) as string,
  };
}
