/** `tandem worker --repo` keeps one worker per open run's queue: started once, stopped when the run is gone. */
import { describe, expect, it } from 'vitest';
import type { Worker } from '@temporalio/worker';
import { QueuePool } from '../../../cli/worker/queue-pool.js';

/** Stands in for an SDK Worker: run() resolves once shutdown() is called, as the real one does after its tasks finish. */
function fakeWorker(queue: string, log: string[]): Worker {
  let state = 'RUNNING';
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  return {
    run: async () => {
      log.push(`run ${queue}`);
      await stopped;
    },
    shutdown: () => {
      state = 'STOPPING';
      log.push(`shutdown ${queue}`);
      stop();
    },
    getState: () => state,
  } as unknown as Worker;
}

describe('QueuePool', () => {
  it('starts a worker per new queue, never twice, and shuts down those no longer served', async () => {
    const log: string[] = [];
    const events: string[] = [];
    const pool = new QueuePool({ createWorker: async (queue) => fakeWorker(queue, log), onChange: (event, queue) => events.push(`${event} ${queue}`) });
    await pool.serve(['tandem/run/a', 'tandem/run/b']);
    await pool.serve(['tandem/run/a', 'tandem/run/b']);
    expect(pool.queues()).toEqual(['tandem/run/a', 'tandem/run/b']);
    await pool.serve(['tandem/run/b', 'tandem/run/c']);
    expect(pool.queues()).toEqual(['tandem/run/b', 'tandem/run/c']);
    expect(events).toEqual(['serving tandem/run/a', 'serving tandem/run/b', 'serving tandem/run/c', 'released tandem/run/a']);
    await pool.close();
    expect(log.filter((line) => line.startsWith('run')).sort()).toEqual(['run tandem/run/a', 'run tandem/run/b', 'run tandem/run/c']);
    expect(log.filter((line) => line.startsWith('shutdown')).sort()).toEqual(['shutdown tandem/run/a', 'shutdown tandem/run/b', 'shutdown tandem/run/c']);
  });
});
