/**
 * `tandem worker --repo`: finds the repository's open runs every few seconds
 * and keeps one worker on each run's queue (QueuePool), until SIGINT/SIGTERM.
 */
import type { Client } from '@temporalio/client';
import type { ServedWorker as Worker } from '../../worker/serving-worker.js';
import { QueuePool } from './queue-pool.js';
import { openRunQueues, type RepoQueues } from './repo-queues.js';

export interface ServeRepositoryOptions {
  client: Client;
  /** Absolute repository root, as runs record it in TandemRepo (or, with `findQueues`, the remote's URL: a label). */
  repo: string;
  /** How the runs are found; default: the open runs whose TandemRepo is `repo`. */
  findQueues?: () => Promise<RepoQueues>;
  createWorker(taskQueue: string): Promise<Worker>;
  scanMs: number;
  log?: (line: string) => void;
}

export async function serveRepository(options: ServeRepositoryOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const pool = new QueuePool({
    createWorker: options.createWorker,
    onChange: (event, queue) => log(event === 'serving' ? `  serving ${queue}` : `  released ${queue} (its run has ended)`),
  });
  let stopped = false;
  let wake = () => {};
  const stop = () => {
    stopped = true;
    wake();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const named = new Set<string>();
  try {
    while (!stopped) {
      try {
        const queues = await (options.findQueues?.() ?? openRunQueues(options.client, options.repo));
        if (!stopped) await pool.serve(queues.own);
        for (const run of queues.shared) {
          if (named.has(run.workflowId)) continue;
          named.add(run.workflowId);
          log(`  ${run.workflowId} is on the shared queue ${run.taskQueue}: serve it with \`tandem worker --task-queue ${run.taskQueue}\``);
        }
      } catch (error) {
        // A server restart or a visibility hiccup: the workers serving now go on; look again at the next scan.
        log(`  could not list the runs of ${options.repo}: ${(error as Error).message}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.scanMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await pool.close();
  }
}
