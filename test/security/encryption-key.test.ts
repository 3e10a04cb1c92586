import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey } from '../../temporal/encryption-key.js';
import { tandemDataConverter } from '../../temporal/data-converter.js';
import { EncryptionCodec } from '../../temporal/encryption-codec.js';

describe('TANDEM_ENCRYPTION_KEY', () => {
  it('uses base64 of 32 bytes as the key itself', () => {
    const raw = randomBytes(32);
    const key = parseEncryptionKey(`  ${raw.toString('base64')}\n`);
    expect(key.bytes.equals(raw)).toBe(true);
    expect(key.id).toMatch(/^tk-[0-9a-f]{12}$/);
  });

  it('stretches a passphrase into the same 32 bytes every time (fixed salt), with a stable id', () => {
    const a = parseEncryptionKey('correct horse battery staple');
    const b = parseEncryptionKey('correct horse battery staple ');
    expect(a.bytes).toHaveLength(32);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    expect(a.id).toBe(b.id);
    expect(parseEncryptionKey('correct horse battery stapled').id).not.toBe(a.id);
  });

  it('never exposes the key through its id', () => {
    const secret = randomBytes(32).toString('base64');
    const { id, bytes } = parseEncryptionKey(secret);
    expect(id).not.toContain(bytes.toString('hex').slice(0, 12));
    expect(secret).not.toContain(id.slice(3));
  });

  it('refuses a short passphrase with a hint how to make a key', () => {
    expect(() => parseEncryptionKey('hunter2')).toThrow(
      expect.objectContaining({ code: 'ENCRYPTION_KEY_INVALID', hint: expect.stringContaining('openssl rand -base64 32') }),
    );
  });

  it('selects the encryption codec only when the key is set', () => {
    expect(tandemDataConverter({ TANDEM_ENCRYPTION_KEY: '   ' }).payloadCodecs![0]).not.toBeInstanceOf(EncryptionCodec);
    expect(tandemDataConverter({ TANDEM_ENCRYPTION_KEY: randomBytes(32).toString('base64') }).payloadCodecs![0]).toBeInstanceOf(EncryptionCodec);
    expect(() => tandemDataConverter({ TANDEM_ENCRYPTION_KEY: 'short' })).toThrow(expect.objectContaining({ code: 'ENCRYPTION_KEY_INVALID' }));
  });
});
