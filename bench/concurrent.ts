/**
 * Concurrent runs on one host (issue 17, part 3): first one run alone, then
 * `runs` at once, each a process of its own shaped like `tandem run`
 * (concurrent-run.ts: own client, own worker, the run's own task queue), all
 * on the bench's dev server. Measured twice in one bench run: on the instant
 * model, where every run is pure CPU and N runs share the machine's CPUs, and
 * with a fixed latency per model call, where runs overlap their waits as a
 * user's do (the one the target judges). Per-task honest overhead alone versus
 * together, history warnings the server logged while they ran, and the peak
 * RSS of every process on the bench's side.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConcurrentRunConfig, ConcurrentRunResult, ToChild, ToParent } from './concurrent-run.js';
import type { FloorFigures } from './floor.js';
import type { ConcurrentComparison, ConcurrentFigures, ConcurrentPhase } from './concurrent-figures.js';
import { historyWarnings, logSize } from './history-warnings.js';
import { median, percentile } from './stats.js';
import { perCall } from './targets-concurrent.js';
import { sampleTreeRss } from './tree-rss.js';

export interface ConcurrentOptions {
  address: string;
  namespace: string;
  floor: FloorFigures;
  /** The dev server's log (history warnings) and process (RSS). */
  serverLogPath: string;
  serverPid: number | undefined;
  runs: number;
  tasksPerRun: number;
  /** The latency of every model call in the judged comparison; 0 measures the instant model only. */
  modelLatencyMs: number;
  log?: (line: string) => void;
}

export async function measureConcurrent(options: ConcurrentOptions): Promise<ConcurrentFigures> {
  const instant = await compare(options, 0);
  if (options.modelLatencyMs <= 0) return instant;
  const slow = await compare(options, options.modelLatencyMs);
  return { ...instant, withModelLatency: { modelLatencyMs: options.modelLatencyMs, ...slow } };
}

async function compare(options: ConcurrentOptions, modelLatencyMs: number): Promise<ConcurrentComparison> {
  const log = options.log ?? (() => {});
  const model = modelLatencyMs > 0 ? perCall(modelLatencyMs) : 'instant model';
  log(`concurrent runs (${model}): 1 run of ${options.tasksPerRun} tasks alone`);
  const single = await phase(options, 1, modelLatencyMs);
  log(`concurrent runs (${model}): ${options.runs} runs of ${options.tasksPerRun} tasks at once`);
  const concurrent = await phase(options, options.runs, modelLatencyMs);
  return {
    tasksPerRun: options.tasksPerRun,
    single,
    concurrent,
    overheadRatio: concurrent.honestOverheadPerTaskMs.p50 / single.honestOverheadPerTaskMs.p50,
  };
}

async function phase(options: ConcurrentOptions, runs: number, modelLatencyMs: number): Promise<ConcurrentPhase> {
  const config: ConcurrentRunConfig = { address: options.address, namespace: options.namespace, tasks: options.tasksPerRun, floor: options.floor, modelLatencyMs };
  const children = Array.from({ length: runs }, () => startRun(config));
  try {
    // Every process has its worker polling and its repository ready, so the runs really overlap.
    await Promise.all(children.map((child) => child.ready));
    const logFrom = await logSize(options.serverLogPath);
    const rss = sampleTreeRss(() => [process.pid, ...(options.serverPid ? [options.serverPid] : [])]);
    const started = Date.now();
    for (const child of children) child.send({ type: 'go' });
    const results = await Promise.all(children.map((child) => child.done));
    const totalMs = Date.now() - started;
    rss.stop();
    const honest = results.flatMap((result) => result.honestPerTaskMs);
    return {
      runs,
      honestOverheadPerTaskMs: { p50: median(honest), p95: percentile(honest, 95) },
      wallPerTaskP50Ms: median(results.map((result) => result.wallPerTaskP50Ms)),
      modelPerTaskP50Ms: median(results.map((result) => result.modelPerTaskP50Ms)),
      gitProcessesPerTask: median(results.map((result) => result.gitProcessesPerTask)),
      totalMs,
      peakRssBytes: rss.peak(),
      historyWarnings: await historyWarnings(options.serverLogPath, logFrom),
    };
  } finally {
    await Promise.all(children.map((child) => child.stop()));
  }
}

interface RunProcess {
  ready: Promise<void>;
  done: Promise<ConcurrentRunResult>;
  send(message: ToChild): void;
  /** Waits for the process to exit (it cleans up its repository and worker first); kills it after STOP_GRACE_MS. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 15_000;

function startRun(config: ConcurrentRunConfig): RunProcess {
  const child: ChildProcess = fork(runScript(), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = deferred<void>();
  const done = deferred<ConcurrentRunResult>();
  // A failure rejects both: the parent may be waiting for either.
  const failed = (error: Error) => {
    ready.reject(error);
    done.reject(error);
  };
  child.on('message', (message: ToParent) => {
    if (message.type === 'ready') ready.resolve();
    else if (message.type === 'done') done.resolve(message.result);
    else failed(new Error(`a concurrent bench run failed: ${message.error}`));
  });
  // After a report this changes nothing: a settled promise stays settled.
  child.on('exit', (code, signal) => failed(new Error(`a concurrent bench run exited (${signal ?? code}) before reporting`)));
  child.send({ type: 'config', config } satisfies ToChild);
  return {
    ready: ready.promise,
    done: done.promise,
    send: (message) => child.send(message),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGTERM'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A promise with its settle functions; a rejection nobody awaited yet is not reported as unhandled. */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** dist/bench/concurrent-run.js: next to this file when built, else in dist/ (vitest runs the sources; its setup builds dist/). */
function runScript(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'concurrent-run.js');
  return existsSync(beside) ? beside : join(here, '..', 'dist', 'bench', 'concurrent-run.js');
}
