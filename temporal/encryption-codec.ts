/**
 * A Temporal PayloadCodec that encrypts every payload with AES-256-GCM, so the
 * code, diffs and prompts Tandem passes through workflows are stored encrypted
 * in the server's history. Modelled on temporalio/samples-typescript `encryption`.
 *
 * Wire format of an encrypted payload:
 *   metadata: { encoding: "binary/encrypted", "encryption-key-id": <key id> }
 *   data:     iv (12 bytes) || ciphertext || GCM tag (16 bytes)
 * The plaintext is the original payload, metadata included (see envelope below),
 * and the key id is the GCM associated data, so swapping ids is detected too.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import { TandemError } from '../errors/tandem-error.js';
import type { EncryptionKey } from './encryption-key.js';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Encrypts with the first key; decrypts with any key whose id a payload names (so old keys can be kept for reading). */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: Map<string, EncryptionKey>;

  constructor(private readonly current: EncryptionKey, readable: EncryptionKey[] = []) {
    this.keys = new Map([current, ...readable].map((key) => [key.id, key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  /** Payloads that are not encrypted pass through, so histories from before the key was set stay readable. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(this.current.id));
    const body = Buffer.concat([cipher.update(toEnvelope(payload)), cipher.final()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: utf8(this.current.id) },
      data: Buffer.concat([iv, body, cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const keyId = text(payload.metadata?.[METADATA_KEY_ID]);
    const key = keyId === undefined ? undefined : this.keys.get(keyId);
    if (!key) {
      throw new TandemError(
        `A payload in this workflow's history was encrypted with key ${keyId ?? '(no key id)'}, but TANDEM_ENCRYPTION_KEY is key ${this.current.id}.`,
        {
          code: 'ENCRYPTION_KEY_MISMATCH',
          hint: 'Set TANDEM_ENCRYPTION_KEY to the key the run was started with (the same value on every client, worker and codec server).',
          context: { keyId, currentKeyId: this.current.id },
        },
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    try {
      if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`only ${data.length} bytes`);
      const decipher = createDecipheriv('aes-256-gcm', key.bytes, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(key.id));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return fromEnvelope(plain);
    } catch (error) {
      // GCM authentication failed: the bytes were altered after encryption. Never hand back what they decrypt to.
      throw new TandemError(`An encrypted payload (key ${key.id}) failed its integrity check: it was modified or truncated after it was written.`, {
        code: 'ENCRYPTION_PAYLOAD_CORRUPT',
        hint: 'The history was altered outside Tandem; this payload cannot be trusted. Start the run again from its branch.',
        context: { keyId: key.id },
        cause: error,
      });
    }
  }
}

/**
 * Stands in for the codec when no key is set: leaves everything unencrypted,
 * but says clearly why an encrypted history cannot be read instead of
 * "Unknown encoding: binary/encrypted".
 */
export class MissingKeyCodec implements PayloadCodec {
  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads;
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    const encrypted = payloads.find(isEncrypted);
    if (encrypted) {
      const keyId = text(encrypted.metadata?.[METADATA_KEY_ID]) ?? '(no key id)';
      throw new TandemError(`This workflow's history is encrypted (key ${keyId}), but TANDEM_ENCRYPTION_KEY is not set.`, {
        code: 'ENCRYPTION_KEY_MISSING',
        hint: 'Set TANDEM_ENCRYPTION_KEY to the key the run was started with.',
        context: { keyId },
      });
    }
    return payloads;
  }
}

export function isEncrypted(payload: Payload): boolean {
  return text(payload.metadata?.[METADATA_ENCODING_KEY]) === ENCRYPTED_ENCODING;
}

// The envelope keeps the original metadata (its encoding, e.g. json/plain) inside the ciphertext:
// 4-byte big-endian length, that many bytes of JSON {name: base64 value}, then the original data.
function toEnvelope(payload: Payload): Buffer {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  const header = Buffer.from(JSON.stringify(metadata));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, payload.data ?? new Uint8Array()]);
}

function fromEnvelope(plain: Buffer): Payload {
  const headerEnd = 4 + plain.readUInt32BE(0);
  const metadata = JSON.parse(plain.subarray(4, headerEnd).toString('utf8')) as Record<string, string>;
  return {
    metadata: Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
    data: new Uint8Array(plain.subarray(headerEnd)),
  };
}

function utf8(value: string): Uint8Array {
  return new Uint8Array(Buffer.from(value, 'utf8'));
}

function text(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
}
