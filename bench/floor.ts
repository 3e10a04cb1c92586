/**
 * The floor every figure is compared with, measured on the same server in the
 * same run: a bare no-op activity round trip, a bare no-op local activity,
 * `git commit` of a one-line change, and spawning the trivial test command
 * through the checks' runCommand.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Client } from '@temporalio/client';
import { runCommand } from '../exec/run-command.js';
import { git } from '../git/run-git.js';
import type { SandboxMode } from '../exec/sandbox.js';
import { activityRoundTrips, eventMs, fetchEvents } from './history.js';
import { createRepo } from './repos.js';
import { median, percentile } from './stats.js';

export interface FloorFigures {
  /** Echo activity: scheduled → the workflow task that handled its result (p50, p95). */
  activityRoundTripMs: { p50: number; p95: number; samples: number };
  /** One no-op local activity: the growth of its workflow task per local activity (10 in a row vs none). */
  localActivityMs: { p50: number; p95: number; samples: number };
  gitCommitMs: { p50: number; p95: number; samples: number };
  spawnTrueMs: { p50: number; p95: number; samples: number };
  spawnTrueBwrapMs: { p50: number; p95: number; samples: number };
}

export async function measureFloor(client: Client, taskQueue: string, samples: number): Promise<FloorFigures> {
  const warmup = Math.min(5, samples);
  return {
    activityRoundTripMs: summary((await echoRoundTrips(client, taskQueue, warmup + samples)).slice(warmup)),
    localActivityMs: summary((await localActivityCosts(client, taskQueue, warmup + samples)).slice(warmup)),
    gitCommitMs: summary((await gitCommits(warmup + samples)).slice(warmup)),
    spawnTrueMs: summary((await spawnTrue('none', warmup + samples)).slice(warmup)),
    spawnTrueBwrapMs: summary((await spawnTrue('bwrap', warmup + samples)).slice(warmup)),
  };
}

/** `count` echo workflows one after another; the round trip of each one's activity. */
export async function echoRoundTrips(client: Client, taskQueue: string, count: number): Promise<number[]> {
  const trips: number[] = [];
  const prefix = `bench-echo-${Date.now()}`;
  for (let index = 0; index < count; index++) {
    const workflowId = `${prefix}-${index}`;
    await client.workflow.execute('echoWorkflow', { workflowId, taskQueue, args: [{ message: 'ping' }] });
    trips.push(...activityRoundTrips(await fetchEvents(client, workflowId)).map((trip) => trip.roundTripMs));
  }
  return trips;
}

const LOCAL_RUN = 10;

/**
 * A local activity runs inside a workflow task (two activations, no server
 * round trip), so its bare cost is how much longer that workflow task takes
 * with LOCAL_RUN of them in a row than with none, divided by LOCAL_RUN.
 */
async function localActivityCosts(client: Client, taskQueue: string, count: number): Promise<number[]> {
  const prefix = `bench-local-echo-${Date.now()}`;
  const costs: number[] = [];
  for (let index = 0; index < count; index++) {
    const [none, some] = [await workflowTaskMs(client, taskQueue, `${prefix}-${index}-0`, 0), await workflowTaskMs(client, taskQueue, `${prefix}-${index}`, LOCAL_RUN)];
    costs.push(Math.max(0, (some - none) / LOCAL_RUN));
  }
  return costs;
}

/** First workflow task started → last workflow task completed of one localEchoWorkflow. */
async function workflowTaskMs(client: Client, taskQueue: string, workflowId: string, localActivities: number): Promise<number> {
  await client.workflow.execute('localEchoWorkflow', { workflowId, taskQueue, args: [{ count: localActivities }] });
  const events = await fetchEvents(client, workflowId);
  const started = events.find((event) => event.workflowTaskStartedEventAttributes);
  const completed = events.findLast((event) => event.workflowTaskCompletedEventAttributes);
  if (!started || !completed) throw new Error(`${workflowId}: no workflow task in its history`);
  return eventMs(completed) - eventMs(started);
}

async function gitCommits(count: number): Promise<number[]> {
  const repo = await createRepo({ 'notes.txt': 'start\n' });
  return timeCommits(repo.root, count);
}

/** `count` commits of a one-line change to notes.txt in `dir`, each `add -A` + `commit` timed. */
async function timeCommits(dir: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    await appendFile(join(dir, 'notes.txt'), `line ${index}\n`);
    const started = performance.now();
    // Through git(), as Tandem runs it (the worker's spawn helper, once the bench's worker exists).
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '--no-verify', '-m', `line ${index}`]);
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * The floor's commit in a repository the size of the run's: `add -A` + `commit`
 * of a one-line change, timed as gitCommits does, in a throwaway worktree of
 * `repo` at `sha` (the run's middle task's commit). A person committing by hand
 * in that repository pays for its size too (git stats every file), so the
 * honest overhead subtracts this rather than the one-file repository's commit.
 */
export async function gitCommitsAt(repo: string, sha: string, count: number): Promise<number[]> {
  // Beside the repository, so the bench's cleanup of its repositories takes it too.
  const dir = await mkdtemp(join(dirname(repo), 'floor-'));
  try {
    await git(repo, ['worktree', 'add', '-q', '--detach', dir, sha]);
    // A checkout just written is "racily clean" until the clock moves past its index (git
    // re-reads every file); a person's checkout is older than that.
    await new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS));
    await git(dir, ['update-index', '-q', '--refresh'], { okExitCodes: [1] });
    return await timeCommits(dir, count);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await git(repo, ['worktree', 'prune']).catch(() => undefined);
  }
}

/** Longer than a file system's coarsest timestamp tick that git trusts (1 s). */
const RACY_WINDOW_MS = 1_100;

async function spawnTrue(sandbox: SandboxMode, count: number): Promise<number[]> {
  const repo = await createRepo({ 'README.md': '# floor\n' });
  const times: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const result = await runCommand({ command: 'true', cwd: repo.root, timeoutMs: 60_000, sandbox, env: process.env, maxOutputBytes: 64_000 });
    if (result.exitCode !== 0) throw new Error(`\`true\` exited ${result.exitCode} under sandbox ${sandbox}: ${result.output}`);
    times.push(performance.now() - started);
  }
  return times;
}

function summary(values: number[]) {
  return { p50: median(values), p95: percentile(values, 95), samples: values.length };
}
