/**
 * One bench run, side by side on one dev server and one in-process worker:
 * the floor, the scale runs, the bwrap run, prompt size and cacheable prefix,
 * then the targets. `main.ts` is the command line; the smoke test calls this.
 */
import { measureCachePrefix } from './cache-prefix.js';
import { measureConcurrent } from './concurrent.js';
import { measureFloor } from './floor.js';
import { measureLanes } from './lanes.js';
import { measurePlanLength } from './plan-length.js';
import { machineFacts, machineStart } from './machine.js';
import { historyWarnings } from './history-warnings.js';
import { startProcessClock } from './process-clock.js';
import { measurePromptSize } from './prompt-size.js';
import type { BenchReport } from './report.js';
import { removeRepos } from './repos.js';
import { measureScale, type ScaleFigures } from './run-scale.js';
import { startBenchServer } from './server.js';
import { judge, type BenchFigures } from './targets.js';

export interface BenchOptions {
  /** Plan sizes, e.g. [10, 100, 1000]. */
  sizes: number[];
  /** Samples per floor figure. */
  floorSamples: number;
  /** Files of the large repository for the prompt figures. */
  largeRepoFiles: number;
  /** An unreported plan run first, so JIT and first-call costs miss the measured tasks; default 20. */
  warmupTasks?: number;
  /**
   * Concurrent runs (separate processes, each with its worker), on the instant
   * model and with `modelLatencyMs` per model call (0: instant only), or false to skip them.
   */
  concurrent?: { runs: number; tasksPerRun: number; modelLatencyMs: number } | false;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
  /** Measure `--parallel` lanes (about 2 minutes: every model call takes 1 s). */
  lanes?: boolean;
  /** false skips the 10 tasks in a worktree (a plain `tandem run`); default: measured. */
  worktree?: boolean;
}

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const start = await machineStart();
  const started = Date.now();
  const server = await startBenchServer();
  const clock = startProcessClock();
  try {
    const { client } = server.temporal;
    const { taskQueue } = server;
    log('floor: echo round trips, git commits, spawning `true`');
    const floor = await measureFloor(client, taskQueue, options.floorSamples);
    const context = { client, taskQueue, clock, rss: server.rss, floor };
    // Not reported: JIT, the first bwrap probe and the first git calls would otherwise land on the first measured tasks.
    // 3 was too few: the next dozen tasks still ran ~15% slower while V8 optimised the SDK's and
    // Tandem's hot paths, which made the 10-task figure look worse than the 1,000-task one.
    const warmupTasks = options.warmupTasks ?? 20;
    if (warmupTasks > 0) {
      log(`warm-up: ${warmupTasks} tasks`);
      await measureScale(context, warmupTasks, 'none', { shape: false });
    }
    const scale: ScaleFigures[] = [];
    for (const tasks of options.sizes) {
      log(`scale: ${tasks} tasks`);
      scale.push(await measureScale(context, tasks));
    }
    log('scale: 10 tasks with bwrap');
    const bwrap = await measureScale(context, 10, 'bwrap');
    // A plain `tandem run` since 2026-12-01 works in a worktree of its own: what that costs, beside the checkout runs.
    const worktree = options.worktree === false ? undefined : (log('scale: 10 tasks in a worktree (a plain `tandem run`)'), await measureScale(context, 10, 'none', { workspace: 'worktree' }));
    const concurrent = options.concurrent
      ? await measureConcurrent({
          address: server.temporal.target.address,
          namespace: server.temporal.namespace,
          floor,
          serverLogPath: server.logPath,
          serverPid: server.serverPid,
          ...options.concurrent,
          log,
        })
      : undefined;
    log(`prompt size: 10 and ${options.largeRepoFiles} files`);
    const prompt = {
      small: await measurePromptSize(client, taskQueue, 10),
      large: await measurePromptSize(client, taskQueue, options.largeRepoFiles),
    };
    log('cacheable prefix: 10-step loop');
    const cache = await measureCachePrefix(client, taskQueue);
    log('plan length: first prompt of T1 and T900 of a 1,000-task plan');
    const planLength = await measurePlanLength(client, taskQueue);
    const lanes = options.lanes ? await measureLanes(context, log) : undefined;
    const figures: BenchFigures = { floor, scale, bwrap, ...(worktree ? { worktree } : {}), prompt, cache, planLength, ...(lanes ? { lanes } : {}), historyWarnings: await historyWarnings(server.logPath), ...(concurrent ? { concurrent } : {}) };
    const benchMs = Date.now() - started;
    const machine = await machineFacts(start);
    return {
      startedAt: new Date(started).toISOString(),
      machine,
      benchMs,
      figures,
      targets: judge(figures, benchMs, machine.cpus),
    };
  } finally {
    clock.stop();
    await server.close();
    await removeRepos();
  }
}
