import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec, MissingKeyCodec } from './encryption-codec.js';
import { parseEncryptionKey } from './encryption-key.js';
import { encryptionKeySetting } from '../settings/environment.js';

/**
 * The data converter every Tandem Client and Worker uses. With
 * TANDEM_ENCRYPTION_KEY set, all payloads (inputs, results, signals, queries,
 * summaries) are encrypted with AES-256-GCM before they reach the server.
 * Without it, payloads are stored as before; the only difference is a clear
 * `ENCRYPTION_KEY_MISSING` error when a history turns out to be encrypted.
 * Throws TandemError `ENCRYPTION_KEY_INVALID` for a key that is too weak.
 *
 * Failure messages and stack traces are not payloads and stay plaintext;
 * Tandem reports expected failures (test output, reviews) as results, which are.
 */
export function tandemDataConverter(env: NodeJS.ProcessEnv = process.env): DataConverter {
  const codec = encryptionCodecFromEnv(env);
  return { payloadCodecs: [codec ?? new MissingKeyCodec()] };
}

/** The codec for TANDEM_ENCRYPTION_KEY, or undefined when it is not set (the codec server needs a real one). */
export function encryptionCodecFromEnv(env: NodeJS.ProcessEnv = process.env): EncryptionCodec | undefined {
  const secret = encryptionKeySetting(env);
  return secret === undefined ? undefined : new EncryptionCodec(parseEncryptionKey(secret));
}
