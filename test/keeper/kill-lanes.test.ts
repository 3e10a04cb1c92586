/**
 * The call keeper end to end: a `--parallel 2` run whose `tandem run` is
 * SIGKILLed (its whole process group) while both lanes' model calls are held
 * at the fake. The calls were made by the run's keeper, which the kill does
 * not reach: once released, their answers are kept, and the restarted run's
 * retried activities collect them. Each held call reaches the fake once.
 * A second run with another fake's base URL, on the same state directory
 * and task queue, gets keepers of its own while the first run's is alive,
 * and no keeper outlives the test.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { RecordedRequest } from '../fakes/index.js';
import { runCli, startCli } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { createRepo } from '../support/git-repo.js';
import { RequestHolds } from '../support/held-requests.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { independentPlan, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';
import { isAlive as alive } from '../../temporal/process-group.js';

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt' };
const home = mkdtempSync(join(tmpdir(), 'tandem-keeper-home-'));
const queue = uniqueTaskQueue('keeper');
const holds = new RequestHolds();
const fakes: Fakes[] = [];
const watchers: Socket[] = [];

const keepersDir = join(home, 'keepers');
const logs = () => (existsSync(keepersDir) ? readdirSync(keepersDir).filter((name) => name.endsWith('.log')) : []);
const keeperPids = () => logs().flatMap((log) => [...readFileSync(join(keepersDir, log), 'utf8').matchAll(/keeper (\d+): listening/g)].map((m) => Number(m[1])));
const sockets = () => (existsSync(keepersDir) ? readdirSync(keepersDir).filter((name) => name.endsWith('.sock')) : []);
const posts = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST');

afterAll(async () => {
  for (const watcher of watchers) watcher.destroy();
  holds.releaseAll();
  for (const fake of fakes) await fake.close();
});

async function lanesRepo(title: string, files: Record<string, string> = FILES) {
  return createRepo({ 'README.md': `# ${title}\n`, 'TODO.md': independentPlan(title, files), 'tandem.yaml': tandemYaml() }, { name: title.toLowerCase().replace(/ /g, '-') });
}

it('a kill while two calls are in flight repeats neither; another endpoint gets its own keeper; none outlives the test', async () => {
  const first = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
  fakes.push(first);
  const repo = await lanesRepo('Kept calls');
  const args = ['run', 'TODO.md', '--parallel', '2', '--task-queue', queue];
  // Keepers exit 1 s after their last call: the test waits for that at its end.
  const options = { cwd: repo.root, env: { ...first.env, TANDEM_HOME: home, TANDEM_KEEPER_IDLE_SECONDS: '1' }, timeoutMs: 150_000 };
  const held = [holds.hold((c) => c.taskId === 'T1', "T1's first call"), holds.hold((c) => c.taskId === 'T2', "T2's first call")];

  const running = startCli(args, options);
  await Promise.all(held.map((hold) => hold.arrived()));
  running.killHard();
  await running.result;
  // The first run's keeper outlives its worker; a watcher keeps it alive for the second run, below.
  expect(sockets()).toHaveLength(1);
  const [watched] = keeperPids();
  watchers.push(connect(join(keepersDir, sockets()[0]!)).on('error', () => undefined));
  for (const hold of held) hold.release();

  const rerun = await runCli(args, options);
  expect(rerun.exitCode, rerun.stdout + rerun.stderr).toBe(0);
  const firstCalls = posts(first.implementer.requests).filter((r) => readConversation(r).step === 1);
  for (const taskId of ['T1', 'T2']) {
    const sent = firstCalls.filter((r) => readConversation(r).taskId === taskId);
    expect(sent, `${taskId}'s first call reached the fake ${sent.length} times`).toHaveLength(1);
    expect(posts(first.implementer.requests).filter((r) => r.rawBody === sent[0]!.rawBody)).toHaveLength(1);
  }
  const tasks = (await repo.git('log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/kept-calls')).split('\n').filter(Boolean);
  expect(tasks.sort()).toEqual(['T1', 'T2']);
  first.implementer.assertClean();
  first.reviewer.assertClean();

  // Same state directory and task queue, another base URL: the first run's keeper (alive) is not used.
  const second = await startFakes(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]), reviewerScript());
  fakes.push(second);
  const before = { implementer: first.implementer.requests.length, reviewer: first.reviewer.requests.length };
  const keepersBefore = keeperPids();
  const watchedLog = () => logs().map((log) => readFileSync(join(keepersDir, log), 'utf8')).find((text) => text.includes(`keeper ${watched}: listening`))!;
  const watchedCalls = watchedLog().length;
  const other = await lanesRepo('Other endpoint', { T1: 'one.txt' });
  const otherRun = await runCli(args, { ...options, cwd: other.root, env: { ...second.env, TANDEM_HOME: home, TANDEM_KEEPER_IDLE_SECONDS: '1' } });
  expect(otherRun.exitCode, otherRun.stdout + otherRun.stderr).toBe(0);
  expect(alive(watched!)).toBe(true);
  expect(watchedLog().length, 'the first run\'s keeper took no call of the second').toBe(watchedCalls);
  expect({ implementer: first.implementer.requests.length, reviewer: first.reviewer.requests.length }).toEqual(before);
  expect(posts(second.implementer.requests)).toHaveLength(2);
  expect(posts(second.reviewer.requests)).toHaveLength(1);
  expect(keeperPids().length).toBe(keepersBefore.length + 2);

  for (const watcher of watchers) watcher.destroy();
  await waitFor(() => keeperPids().every((pid) => !alive(pid)) && sockets().length === 0, 'every keeper to exit when idle', 15_000);
}, 300_000);
