/**
 * Every stored history (test/histories, captured from real runs by
 * `npm run histories:capture`) replays on the current workflow bundle. A
 * change to workflow code that alters the command sequence without a
 * patched() guard fails here, before it can strand a user's run in flight.
 */
import { DefaultLogger, Runtime, Worker, type ReplayResult } from '@temporalio/worker';
import { beforeAll, describe, expect, it, inject } from 'vitest';
import { loadStoredHistories, type StoredHistory } from '../support/histories.js';

// The replay worker's state changes at INFO drown test output; warnings and errors still show.
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process.
}

/** One history of each kind the runs produce; capture again rather than drop one. */
const EXPECTED = ['plan-two-rounds', 'run-one-lane', 'run-parallel', 'run-three-outcomes', 'task-committed', 'task-retried', 'task-rolled-back'];

describe('stored workflow histories', () => {
  let stored: StoredHistory[];
  let results: ReplayResult[];

  beforeAll(async () => {
    stored = loadStoredHistories();
    results = [];
    const histories = stored.map(({ name, history }) => ({ workflowId: name, history }));
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: inject('workflowBundlePath') } }, histories)) {
      results.push(result);
    }
  }, 60_000);

  it('cover the plan workflow, the run workflow (one lane and two) and a committed, a retried and a rolled-back task', () => {
    const current = stored.map((history) => history.name).filter((name) => !name.includes('/'));
    expect(current).toEqual(EXPECTED);
    expect(results.map((result) => result.workflowId)).toEqual(stored.map((history) => history.name));
  });

  it('replay on the current workflow code without a nondeterminism error', () => {
    const failures = results.filter((result) => result.error).map((result) => `${result.workflowId}: ${result.error?.message}`);
    expect(failures).toEqual([]);
  });
});
