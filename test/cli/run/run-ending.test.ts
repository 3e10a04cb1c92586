/** How `tandem status` words a run that has ended, from what the workflow left behind. */
import { WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, RetryState, TerminatedFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { readRunEnding, runStateWord } from '../../../cli/run/run-ending.js';
import { ZERO_SPEND, type RunStatus } from '../../../contracts/run.js';

const ID = 'tandem/run/app@abc/TODO.md';
const status = (state: RunStatus['state']): RunStatus => ({ runId: ID, state, tasks: [], spend: ZERO_SPEND, budget: {} });
/** The two things readRunEnding asks of a workflow handle. */
const handleWith = (result: () => Promise<unknown>) => ({ workflowId: ID, result }) as unknown as WorkflowHandle;

describe('readRunEnding', () => {
  it('a cancelled run whose workflow completed says cancelled, not completed', async () => {
    const ending = await readRunEnding(handleWith(async () => ({ status: status('cancelled') })), 'COMPLETED');
    expect(ending?.state).toBe('cancelled');
    expect(runStateWord('COMPLETED', ending, undefined)).toBe('cancelled');
  });

  it('a failed run gives its failure code, reason and fix, without the workflow id', async () => {
    const cause = ApplicationFailure.create({ type: 'BaselineFailing', message: 'the tests already fail before any task ran', nonRetryable: true });
    const ending = await readRunEnding(handleWith(() => Promise.reject(new WorkflowFailedError('Workflow execution failed', cause, RetryState.NON_RETRYABLE_FAILURE))), 'FAILED');
    expect(ending).toEqual({
      state: 'failed',
      failure: { code: 'BASELINE_FAILING', reason: 'the tests already fail before any task ran', hint: expect.stringContaining('--allow-failing-baseline') },
    });
  });

  it('a terminated run says so, with the reason it was given', async () => {
    const error = new WorkflowFailedError('Workflow execution terminated', new TerminatedFailure('stuck for a day'), RetryState.NON_RETRYABLE_FAILURE);
    const ending = await readRunEnding(handleWith(() => Promise.reject(error)), 'TERMINATED');
    expect(ending).toMatchObject({ state: 'terminated', failure: { reason: 'its workflow was terminated (stuck for a day)' } });
  });

  it('an open run has no ending; its header word is its own state', async () => {
    expect(await readRunEnding(handleWith(() => Promise.reject(new Error('must not be read'))), 'RUNNING')).toBeUndefined();
    expect(runStateWord('RUNNING', undefined, status('paused'))).toBe('paused');
    expect(runStateWord('RUNNING', undefined, undefined)).toBe('running');
  });

  it('an open run whose cancel is recorded reads as cancelling until it has ended', () => {
    expect(runStateWord('RUNNING', undefined, { ...status('running'), cancelRequested: true })).toBe('cancelling');
    expect(runStateWord('RUNNING', undefined, { ...status('paused'), cancelRequested: true })).toBe('cancelling');
  });

  it('an error that is not the workflow failing (no key, no server) is the command’s own', async () => {
    await expect(readRunEnding(handleWith(() => Promise.reject(new Error('connection refused'))), 'COMPLETED')).rejects.toThrow('connection refused');
  });
});
