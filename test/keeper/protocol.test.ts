import { mkdtempSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { frame, onMessages, type KeeperMessage } from '../../keeper/protocol.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

/** A connected pair of real Unix sockets. */
async function socketPair(): Promise<{ writer: Socket; reader: Socket }> {
  const path = join(mkdtempSync(join(tmpdir(), 'keeper-protocol-')), 's.sock');
  const accepted = new Promise<Socket>((resolve) => {
    const server = createServer(resolve).listen(path);
    cleanups.push(() => server.close());
  });
  const writer = connect(path);
  const reader = await accepted;
  cleanups.push(() => (writer.destroy(), reader.destroy()));
  return { writer, reader };
}

it('delivers each line as one message, however the bytes are split', async () => {
  const { writer, reader } = await socketPair();
  const received: KeeperMessage[] = [];
  const all = new Promise<void>((resolve) => onMessages<KeeperMessage>(reader, (message) => received.push(message) === 3 && resolve()));
  const sent: KeeperMessage[] = [
    { type: 'accepted', key: 'k1', state: 'new' },
    { type: 'progress', progress: { events: 3, outputChars: 120 } },
    { type: 'result', result: { text: 'héllo\nworld', toolCalls: [], stopReason: 'end', modelId: 'm', usage: { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0 }, costUsd: 0 } },
  ];
  const bytes = Buffer.from(sent.map(frame).join(''));
  // One byte at a time: a multi-byte character and the newlines land in separate chunks.
  for (const byte of bytes) writer.write(Buffer.from([byte]));
  await all;
  expect(received).toEqual(sent);
});

it('ends the connection on a line that is not JSON', async () => {
  const { writer, reader } = await socketPair();
  const closed = new Promise<void>((resolve) => reader.once('close', () => resolve()));
  reader.on('error', () => undefined);
  onMessages(reader, () => undefined);
  writer.write('GET / HTTP/1.1\n');
  await closed;
  expect(reader.destroyed).toBe(true);
});
