import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodecServer, type RunningCodecServer } from '../../temporal/codec-server.js';
import { EncryptionCodec } from '../../temporal/encryption-codec.js';
import { parseEncryptionKey } from '../../temporal/encryption-key.js';

const UI = 'http://127.0.0.1:8233';
const key = parseEncryptionKey(randomBytes(32).toString('base64'));
const jsonPayload = (value: unknown) => {
  const payload = defaultPayloadConverter.toPayload(value);
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
};
const dataText = (payload: { data: string }) => Buffer.from(payload.data, 'base64').toString('utf8');

describe('tandem codec server protocol', () => {
  let server: RunningCodecServer;
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Origin: UI, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startCodecServer({ codec: new EncryptionCodec(key), port: 0, uiOrigins: [UI] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('encodes, then decodes back to the same payloads', async () => {
    const plain = [jsonPayload('the task title'), jsonPayload({ diff: '+beta' })];
    const encoded = (await (await post('/encode', { payloads: plain })).json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(encoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
    expect(dataText(encoded.payloads[0]!)).not.toContain('task title');
    const decodedResponse = await post('/decode', encoded);
    expect(decodedResponse.status).toBe(200);
    expect(decodedResponse.headers.get('access-control-allow-origin')).toBe(UI);
    expect(((await decodedResponse.json()) as { payloads: unknown }).payloads).toEqual(plain);
  });

  it('answers the browser preflight for the UI origin only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/decode`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' },
      });
    const ok = await preflight(UI);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(UI);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/i);
    expect(ok.headers.get('access-control-allow-methods')).toContain('POST');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says why it cannot decode a payload of another key (422), and rejects junk (400)', async () => {
    const [foreign] = await new EncryptionCodec(parseEncryptionKey(randomBytes(32).toString('base64'))).encode([
      defaultPayloadConverter.toPayload('x'),
    ]);
    const body = {
      payloads: [{ metadata: Object.fromEntries(Object.entries(foreign!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])), data: Buffer.from(foreign!.data!).toString('base64') }],
    };
    const wrongKey = await post('/decode', body);
    expect(wrongKey.status).toBe(422);
    expect(((await wrongKey.json()) as { message: string }).message).toContain(key.id);
    expect((await post('/decode', 'not json')).status).toBe(400);
    expect((await post('/decode', { nope: [] })).status).toBe(400);
    expect((await post('/elsewhere', { payloads: [] })).status).toBe(404);
  });
});
