/**
 * One Worker per task queue, in one process: `tandem worker --repo` keeps a
 * worker on the queue of each open run of its repository, adds one when a run
 * starts and stops it when the run has ended, so it serves that repository's
 * runs and nothing else.
 */
import type { ServedWorker as Worker } from '../../worker/serving-worker.js';

export interface QueuePoolOptions {
  /** Makes (does not run) a worker polling `taskQueue`. */
  createWorker(taskQueue: string): Promise<Worker>;
  /** Told when a queue is served or let go. */
  onChange?(event: 'serving' | 'released', taskQueue: string): void;
}

export class QueuePool {
  private readonly running = new Map<string, { worker: Worker; done: Promise<void> }>();
  /** Workers shut down and finishing their in-flight tasks. */
  private readonly stopping = new Set<Promise<void>>();

  constructor(private readonly options: QueuePoolOptions) {}

  /** Serves exactly `queues`: starts a worker on each new one and shuts down those no longer listed. */
  async serve(queues: readonly string[]): Promise<void> {
    for (const queue of queues) {
      if (this.running.has(queue)) continue;
      const worker = await this.options.createWorker(queue);
      // run() resolves after a graceful shutdown (ours, or the SDK's on SIGINT/SIGTERM) has let in-flight tasks finish.
      const done = worker.run().finally(() => {
        if (this.running.get(queue)?.worker === worker) this.running.delete(queue);
      });
      this.running.set(queue, { worker, done });
      this.options.onChange?.('serving', queue);
    }
    for (const [queue, { worker, done }] of [...this.running]) {
      if (queues.includes(queue)) continue;
      this.running.delete(queue);
      this.stopping.add(done);
      void done.finally(() => this.stopping.delete(done));
      if (worker.getState() === 'RUNNING') worker.shutdown();
      this.options.onChange?.('released', queue);
    }
  }

  queues(): string[] {
    return [...this.running.keys()];
  }

  /** Shuts every worker down and waits until each has finished its in-flight tasks. */
  async close(): Promise<void> {
    const entries = [...this.running.values()];
    for (const { worker } of entries) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.allSettled([...entries.map((entry) => entry.done), ...this.stopping]);
  }
}
