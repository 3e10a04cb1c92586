import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, MissingKeyCodec, METADATA_KEY_ID } from '../../temporal/encryption-codec.js';
import { parseEncryptionKey } from '../../temporal/encryption-key.js';
import { tandemDataConverter } from '../../temporal/data-converter.js';

const KEY_A = parseEncryptionKey(randomBytes(32).toString('base64'));
const KEY_B = parseEncryptionKey(randomBytes(32).toString('base64'));
const SECRET_TEXT = 'diff --git a/src/secret-algorithm.ts: the plaintext nobody may read';

const toPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const fromPayload = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const bytesText = (payload: Payload) => Buffer.concat([...Object.values(payload.metadata ?? {}), payload.data ?? new Uint8Array()]).toString('latin1');

describe('EncryptionCodec', () => {
  it('round-trips values of every kind, metadata included', async () => {
    const codec = new EncryptionCodec(KEY_A);
    const values = [SECRET_TEXT, { nested: [1, 'two', null] }, undefined, new Uint8Array([0, 1, 2, 255]), ''];
    const encoded = await codec.encode(values.map(toPayload));
    for (const payload of encoded) {
      expect(Buffer.from(payload.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(payload.metadata![METADATA_KEY_ID]!).toString()).toBe(KEY_A.id);
    }
    expect(bytesText(encoded[0]!)).not.toContain('plaintext nobody');
    expect(bytesText(encoded[0]!)).not.toContain('json/plain');
    expect((await codec.decode(encoded)).map(fromPayload)).toEqual(values);
  });

  it('uses a fresh IV for each payload, so equal values encrypt differently', async () => {
    const codec = new EncryptionCodec(KEY_A);
    const [first, second] = await codec.encode([toPayload(SECRET_TEXT), toPayload(SECRET_TEXT)]);
    expect(Buffer.from(first!.data!).equals(Buffer.from(second!.data!))).toBe(false);
  });

  it('detects a flipped bit anywhere in the ciphertext and never returns garbage', async () => {
    const codec = new EncryptionCodec(KEY_A);
    const [payload] = await codec.encode([toPayload(SECRET_TEXT)]);
    for (const index of [0, 15, payload!.data!.length - 1]) {
      const data = new Uint8Array(payload!.data!);
      data[index]! ^= 0x01;
      await expect(codec.decode([{ ...payload, data }])).rejects.toMatchObject({
        code: 'ENCRYPTION_PAYLOAD_CORRUPT',
        message: expect.stringContaining('failed its integrity check'),
      });
    }
    await expect(codec.decode([{ ...payload, data: payload!.data!.subarray(0, 10) }])).rejects.toMatchObject({ code: 'ENCRYPTION_PAYLOAD_CORRUPT' });
  });

  it('detects a swapped key id (it is authenticated data)', async () => {
    const codec = new EncryptionCodec(KEY_A, [KEY_B]);
    const [payload] = await codec.encode([toPayload(SECRET_TEXT)]);
    const relabelled = { ...payload, metadata: { ...payload!.metadata, [METADATA_KEY_ID]: new Uint8Array(Buffer.from(KEY_B.id)) } };
    await expect(codec.decode([relabelled])).rejects.toMatchObject({ code: 'ENCRYPTION_PAYLOAD_CORRUPT' });
  });

  it('refuses a payload from another key, naming both key ids', async () => {
    const [payload] = await new EncryptionCodec(KEY_A).encode([toPayload(SECRET_TEXT)]);
    const error = await new EncryptionCodec(KEY_B).decode([payload!]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ENCRYPTION_KEY_MISMATCH', hint: expect.stringContaining('TANDEM_ENCRYPTION_KEY') });
    expect((error as Error).message).toContain(KEY_A.id);
    expect((error as Error).message).toContain(KEY_B.id);
  });

  it('still reads payloads of an older key kept for reading', async () => {
    const [old] = await new EncryptionCodec(KEY_A).encode([toPayload(SECRET_TEXT)]);
    const rotated = new EncryptionCodec(KEY_B, [KEY_A]);
    expect((await rotated.decode([old!])).map(fromPayload)).toEqual([SECRET_TEXT]);
  });

  it('passes unencrypted payloads through on decode', async () => {
    const plain = [toPayload('written before the key was set'), toPayload({ n: 1 })];
    expect(await new EncryptionCodec(KEY_A).decode(plain)).toEqual(plain);
  });
});

describe('without TANDEM_ENCRYPTION_KEY', () => {
  it('leaves payloads unencrypted', async () => {
    const [codec] = tandemDataConverter({}).payloadCodecs!;
    expect(codec).toBeInstanceOf(MissingKeyCodec);
    const plain = [toPayload(SECRET_TEXT)];
    expect(await codec!.encode(plain)).toEqual(plain);
    expect(await codec!.decode(plain)).toEqual(plain);
  });

  it('says the key is missing when a history is encrypted', async () => {
    const [payload] = await new EncryptionCodec(KEY_A).encode([toPayload(SECRET_TEXT)]);
    await expect(new MissingKeyCodec().decode([payload!])).rejects.toMatchObject({
      code: 'ENCRYPTION_KEY_MISSING',
      message: expect.stringContaining(KEY_A.id),
    });
  });
});
