/**
 * A keeper's socket name outlives the keeper: when a keeper's socket was
 * removed and a new keeper listens under the name, the old one exiting must
 * leave the new one reachable. And a keeper that never listens is not left
 * running.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { keeperAddress } from '../../keeper/address.js';
import { connectKeeper } from '../../keeper/start.js';
import { isAlive } from '../../temporal/process-group.js';
import { REPO_ROOT } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

const ENTRY = join(REPO_ROOT, 'dist', 'keeper', 'main.js');
const home = mkdtempSync(join(tmpdir(), 'tandem-keeper-socket-'));
const address = keeperAddress({ home, taskQueue: 'socket-test', identity: { provider: 'openai' }, environment: 'e' });
const pids = () => [...readFileSync(address.log, 'utf8').matchAll(/keeper (\d+): listening/g)].map((m) => Number(m[1]));

afterAll(() => {
  if (existsSync(address.log)) for (const pid of pids().filter(isAlive)) process.kill(pid, 'SIGTERM');
});

it("an old keeper going idle leaves a newer keeper's socket in place", async () => {
  const env = { PATH: process.env.PATH };
  (await connectKeeper(address, { entry: ENTRY, env: { ...env, TANDEM_KEEPER_IDLE_SECONDS: '1' } })).destroy();
  await waitFor(() => existsSync(address.log) && pids().length === 1, 'the first keeper to listen');
  const [first] = pids();
  rmSync(address.socket); // e.g. a worker that took it for a dead keeper's
  (await connectKeeper(address, { entry: ENTRY, env: { ...env, TANDEM_KEEPER_IDLE_SECONDS: '60' } })).destroy();
  await waitFor(() => pids().length === 2, 'the second keeper to listen');
  await waitFor(() => !isAlive(first!), 'the first keeper to go idle and exit', 10_000);
  expect(existsSync(address.socket)).toBe(true);
  (await connectKeeper(address, { entry: ENTRY, env })).destroy();
  expect(pids()).toHaveLength(2); // reached the second keeper, did not start a third
});

it('kills a keeper that does not listen in time', async () => {
  const stuck = keeperAddress({ home, taskQueue: 'never-listens', identity: { provider: 'openai' }, environment: 'e' });
  // A program that starts and never listens (a keeper wedged before its socket).
  const entry = join(home, 'never-listens.cjs');
  writeFileSync(entry, "require('node:fs').writeFileSync(process.argv[2] + '.pid', String(process.pid)); setInterval(() => {}, 1000);\n");
  await expect(connectKeeper(stuck, { entry, env: { PATH: process.env.PATH }, startTimeoutMs: 1_000 })).rejects.toThrow(/did not listen .* within 1 s/);
  const pid = Number(readFileSync(`${stuck.socket}.pid`, 'utf8'));
  await waitFor(() => !isAlive(pid), 'the keeper that never listened to be killed', 5_000);
});
