/**
 * Turns TANDEM_ENCRYPTION_KEY into a 32-byte AES-256 key and a key id.
 *
 * Accepted forms:
 * - base64 of exactly 32 random bytes (`openssl rand -base64 32`), used as is;
 * - any other string of at least 16 characters, a passphrase, stretched with
 *   scrypt (N=2^15, r=8, p=1) and the fixed salt below. The salt is fixed on
 *   purpose: every client, worker and codec server must derive the same key
 *   from the same passphrase without sharing anything else. A random key is
 *   stronger than any passphrase; prefer it.
 */
import { hkdfSync, scryptSync } from 'node:crypto';
import { TandemError } from '../errors/tandem-error.js';

export interface EncryptionKey {
  /** Names the key in payload metadata (`encryption-key-id`); derived from the key, reveals nothing about it. */
  id: string;
  bytes: Buffer;
}

const KEY_BYTES = 32;
const MIN_PASSPHRASE_LENGTH = 16;
const PASSPHRASE_SALT = 'tandem/TANDEM_ENCRYPTION_KEY/v1';
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

// scrypt takes ~100 ms on purpose; the client, the worker and the codec server of one process share the result.
const derived = new Map<string, EncryptionKey>();

/** The key for `secret`. Throws TandemError `ENCRYPTION_KEY_INVALID` for a value too weak to use. */
export function parseEncryptionKey(secret: string, setting = 'TANDEM_ENCRYPTION_KEY'): EncryptionKey {
  const value = secret.trim();
  const cached = derived.get(value);
  if (cached) return cached;
  let bytes: Buffer;
  if (BASE64_32_BYTES.test(value)) {
    bytes = Buffer.from(value, 'base64');
  } else if (value.length >= MIN_PASSPHRASE_LENGTH) {
    bytes = scryptSync(value, PASSPHRASE_SALT, KEY_BYTES, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  } else {
    throw new TandemError(
      `${setting} is neither base64 of 32 bytes nor a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters (it has ${value.length}).`,
      {
        code: 'ENCRYPTION_KEY_INVALID',
        hint: `Generate a key with \`openssl rand -base64 32\` and set ${setting} to it, or unset ${setting} to store payloads unencrypted.`,
        context: { setting },
      },
    );
  }
  const key = { id: keyIdOf(bytes), bytes };
  derived.set(value, key);
  return key;
}

/** A short stable id: HKDF output, so the id cannot be used to test guesses of the key faster than the cipher can. */
function keyIdOf(bytes: Buffer): string {
  const id = Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), 'tandem encryption key id', 6));
  return `tk-${id.toString('hex')}`;
}
