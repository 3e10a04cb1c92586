/**
 * One run of the concurrent-runs figure, in its own process, shaped like
 * `tandem run`: its own client and in-process worker polling the run's own
 * task queue (worker/task-queue.ts), on the bench's dev server. It prepares
 * (repo, worker), says `ready`, waits for `go` so all runs start together,
 * runs the plan and sends back its per-task figures. Forked by concurrent.ts.
 */
import { dirname } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { runWorkflowId } from '../cli/workspace.js';
import { connectTemporal } from '../temporal/connection.js';
import { createTandemWorker } from '../worker/create-worker.js';
import { workflowTaskQueue } from '../worker/task-queue.js';
import type { FloorFigures } from './floor.js';
import { modelsWithLatency } from './model-latency.js';
import { startProcessClock } from './process-clock.js';
import { createRepo, removeRepos, trivialPlan } from './repos.js';
import { runAndAnalyse } from './run-scale.js';
import { sampleRss } from './server.js';

export interface ConcurrentRunConfig {
  address: string;
  namespace: string;
  tasks: number;
  floor: FloorFigures;
  /** Each model call waits this long first (bench/model-latency.ts); 0: the instant model. */
  modelLatencyMs: number;
}

/** What a run sends back: each task's honest overhead, and a few medians for the report. */
export interface ConcurrentRunResult {
  honestPerTaskMs: number[];
  wallPerTaskP50Ms: number;
  /** Model time per task as the run's journal recorded it (p50): what the honest reading took out. */
  modelPerTaskP50Ms: number;
  gitProcessesPerTask: number;
  totalMs: number;
  startedAt: number;
  finishedAt: number;
}

export type ToParent = { type: 'ready' } | { type: 'done'; result: ConcurrentRunResult } | { type: 'failed'; error: string };
export type ToChild = { type: 'config'; config: ConcurrentRunConfig } | { type: 'go' };

function send(message: ToParent): void {
  process.send?.(message);
}

function nextMessage<T extends ToChild['type']>(type: T): Promise<Extract<ToChild, { type: T }>> {
  return new Promise((resolve) => {
    const listener = (message: ToChild) => {
      if (message.type !== type) return;
      process.off('message', listener);
      resolve(message as Extract<ToChild, { type: T }>);
    };
    process.on('message', listener);
  });
}

async function main(): Promise<void> {
  const { config } = await nextMessage('config');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // As `tandem run` against a server the user named: TEMPORAL_ADDRESS, not a dev server of its own.
  const temporal = await connectTemporal({ env: { ...process.env, TEMPORAL_ADDRESS: config.address, TEMPORAL_NAMESPACE: config.namespace } });
  const repo = await createRepo({ 'README.md': '# Bench\n', 'TODO.md': trivialPlan(config.tasks) });
  const taskQueue = workflowTaskQueue(runWorkflowId(repo.root, 'TODO.md'));
  const worker = await createTandemWorker({ connection: temporal.connection, namespace: temporal.namespace, taskQueue, shutdownGraceTime: '2 seconds' });
  const running = worker.run();
  // Beside the repository, so removeRepos takes it away too.
  const models = await modelsWithLatency(config.modelLatencyMs, dirname(repo.root));
  const clock = startProcessClock();
  try {
    send({ type: 'ready' });
    await nextMessage('go');
    const startedAt = Date.now();
    const context = { client: temporal.client, taskQueue, clock, rss: sampleRss(), floor: config.floor };
    const { figures, honestPerTaskMs } = await runAndAnalyse(context, { repo: repo.root, tasks: config.tasks, sandbox: 'none', roundTripMs: Number.NaN, models, commitFloor: 'floor' });
    send({
      type: 'done',
      result: {
        honestPerTaskMs,
        wallPerTaskP50Ms: figures.wallPerTaskMs.p50,
        modelPerTaskP50Ms: figures.workPerTaskMs.model,
        gitProcessesPerTask: figures.gitProcessesPerTask,
        totalMs: figures.totalMs,
        startedAt,
        finishedAt: startedAt + figures.totalMs,
      },
    });
  } finally {
    clock.stop();
    worker.shutdown();
    await running;
    await temporal.close();
    await removeRepos();
  }
}

// Exit once cleaned up: the worker's git helper would keep the process alive with nothing left to do.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  },
);
