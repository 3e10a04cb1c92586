/**
 * The keeper process itself, driven over its socket like a worker would: the
 * real dist/keeper/main.js, started on demand, against the OpenAI fake.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keeperAddress, type KeeperAddress } from '../../keeper/address.js';
import { callEnvironmentFingerprint } from '../../keeper/call-environment.js';
import { frame, onMessages, type ClientMessage, type KeeperMessage, type WireRequest } from '../../keeper/protocol.js';
import { connectKeeper } from '../../keeper/start.js';
import { endpointIdentity } from '../../models/endpoint-identity.js';
import type { ResolvedModel } from '../../models/types.js';
import { startFakeOpenAI, type FakeServer } from '../fakes/index.js';
import { REPO_ROOT } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { waitFor } from '../support/wait.js';
import { isAlive as alive } from '../../temporal/process-group.js';

const ENTRY = join(REPO_ROOT, 'dist', 'keeper', 'main.js');
const MODEL: ResolvedModel = { spec: 'openai:gpt-5-mini', providerName: 'openai', kind: 'openai', model: 'gpt-5-mini' };
const REQUEST: WireRequest = { messages: [{ role: 'user', content: 'Say hello.' }], timeoutMs: 30_000, stallMs: 30_000 };

let fake: FakeServer;
const holds = new RequestHolds();
const home = mkdtempSync(join(tmpdir(), 'tandem-keeper-'));
let env: NodeJS.ProcessEnv;
let address: KeeperAddress;

beforeAll(async () => {
  fake = await startFakeOpenAI({ script: holds.around(() => ({ text: 'hello', stream: { gapMs: 20 } })) });
  env = { PATH: process.env.PATH, OPENAI_API_KEY: 'sk-test-keeper-0123456789', OPENAI_BASE_URL: fake.url, TANDEM_KEEPER_IDLE_SECONDS: '1' };
  address = keeperAddress({ home, taskQueue: 'keeper-test', identity: endpointIdentity(MODEL, env), environment: callEnvironmentFingerprint(env, endpointIdentity(MODEL, env)) });
});

afterAll(async () => {
  // A failed test must not leave its keeper behind.
  if (existsSync(address.log)) for (const pid of keeperPids().filter(alive)) process.kill(pid, 'SIGTERM');
  holds.releaseAll();
  await fake?.close();
});

/** Sends one message and collects what the keeper answers, until `until` says the exchange is over. */
function exchange(socket: Socket, message: ClientMessage, until: (m: KeeperMessage) => boolean = (m) => ['result', 'failed', 'refused'].includes(m.type)) {
  const received: KeeperMessage[] = [];
  const done = new Promise<KeeperMessage[]>((resolve, reject) => {
    onMessages<KeeperMessage>(socket, (m) => {
      received.push(m);
      // Like a worker: an answer is acknowledged, and the connection ends with the exchange.
      if (m.type === 'result' && message.type === 'call') socket.write(frame({ type: 'ack', key: message.key }));
      if (!until(m)) return;
      if (m.type !== 'accepted') socket.end();
      resolve(received);
    });
    socket.once('close', () => reject(new Error(`the keeper closed the connection after ${JSON.stringify(received)}`)));
  });
  socket.write(frame(message));
  return { received, done };
}

const call = (key: string, identity = endpointIdentity(MODEL, env), callEnv = env): ClientMessage => ({
  type: 'call',
  key,
  identity,
  environment: callEnvironmentFingerprint(callEnv, identity),
  model: MODEL,
  request: REQUEST,
});
const keeperPids = () => [...readFileSync(address.log, 'utf8').matchAll(/keeper (\d+): listening/g)].map((m) => Number(m[1]));

it('makes a call once: a worker that died mid-call is replaced by one that joins it, and a third collects the kept answer', async () => {
  // A dead keeper's socket is in the way, and the lock of a worker killed while starting one: neither stops a start.
  await mkdir(address.dir, { recursive: true, mode: 0o700 });
  writeFileSync(address.socket, '');
  writeFileSync(address.lock, `${spawnSync('true').pid}\n`);
  const held = holds.hold(() => true, 'the first call');
  // Two workers arrive at once: one keeper starts.
  const [first, other] = await Promise.all([connectKeeper(address, { entry: ENTRY, env }), connectKeeper(address, { entry: ENTRY, env })]);
  other.destroy();
  // It logs once it listens, a moment after a worker can first connect.
  await waitFor(() => keeperPids().length > 0, 'the keeper to log that it listens', 10_000);
  expect(keeperPids()).toHaveLength(1);
  // The user's alone: nobody else may connect and spend their keys.
  expect(statSync(address.dir).mode & 0o777).toBe(0o700);
  expect(statSync(address.socket).mode & 0o077).toBe(0);

  const dying = exchange(first, call('k1'), (m) => m.type === 'accepted');
  expect(await dying.done).toEqual([{ type: 'accepted', key: 'k1', state: 'new' }]);
  await held.arrived();
  first.destroy(); // its worker was SIGKILLed

  const retry = exchange(await connectKeeper(address, { entry: ENTRY, env }), call('k1'));
  await waitFor(() => retry.received.length > 0, 'the retry to be accepted');
  expect(retry.received[0]).toEqual({ type: 'accepted', key: 'k1', state: 'in_flight' });
  held.release();
  const answered = await retry.done;
  expect(answered.at(-1)).toMatchObject({ type: 'result', result: { text: 'hello', stopReason: 'end' } });
  // The stream's progress reaches the worker that waits (its activity heartbeats with it).
  expect(answered.filter((m) => m.type === 'progress').length).toBeGreaterThan(0);

  const late = await exchange(await connectKeeper(address, { entry: ENTRY, env }), call('k1')).done;
  expect(late.map((m) => m.type)).toEqual(['accepted', 'result']);
  expect(late[0]).toMatchObject({ state: 'kept' });
  expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  expect(keeperPids()).toHaveLength(1);
}, 20_000);

it('refuses a call whose endpoint, key or call settings are not its own, and sends nothing', async () => {
  const before = fake.requests.length;
  const socket = await connectKeeper(address, { entry: ENTRY, env });
  const otherKey = endpointIdentity(MODEL, { ...env, OPENAI_API_KEY: 'sk-someone-else-000000000' });
  const refused = await exchange(socket, call('k2', otherKey)).done;
  expect(refused).toEqual([{ type: 'refused', reason: expect.stringContaining('another endpoint or with another key') }]);
  const otherServer = endpointIdentity(MODEL, { ...env, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' });
  expect((await exchange(await connectKeeper(address, { entry: ENTRY, env }), call('k3', otherServer)).done)[0]!.type).toBe('refused');
  // Same key and server, but the worker's calls would carry an organisation this keeper's would not.
  const otherOrg = await exchange(await connectKeeper(address, { entry: ENTRY, env }), call('k3b', undefined, { ...env, OPENAI_ORG_ID: 'org-other' })).done;
  expect(otherOrg).toEqual([{ type: 'refused', reason: expect.stringContaining('other settings') }]);
  expect(fake.requests.length).toBe(before);
});

it('stops a call its cancelled activity aborts, and tells the worker so', async () => {
  const held = holds.hold(() => true, 'the call to abort');
  const socket = await connectKeeper(address, { entry: ENTRY, env });
  const aborted = exchange(socket, call('k4'));
  await held.arrived();
  socket.write(frame({ type: 'abort', key: 'k4' }));
  expect((await aborted.done).at(-1)).toMatchObject({ type: 'failed', error: { kind: 'aborted', retryable: false } });
  held.release();
});

it('exits when idle, removing its socket', async () => {
  const [pid] = keeperPids();
  await waitFor(() => !alive(pid!) && !existsSync(address.socket), 'the idle keeper to exit', 10_000);
  expect(readFileSync(address.log, 'utf8')).toContain('idle: exiting');
});
