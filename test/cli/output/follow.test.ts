/**
 * Waiting for a workflow's result outlives a server restart: the errors a
 * long poll ends with while the server goes down or comes back are waited
 * out, a real refusal is not, and odd errors that keep coming end the wait.
 */
import { ServiceError, type WorkflowHandle } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { waitForResult } from '../../../cli/output/follow.js';

/** A gRPC error as @temporalio/client wraps it when a call fails. */
function grpcFailure(code: number, details: string): ServiceError {
  const cause = Object.assign(new Error(details), { code, details, metadata: {} });
  return new ServiceError('Failed to get Workflow execution history', { cause });
}

/** A handle whose result() fails with each of `failures` in turn, then returns `value`. */
function handleFailing(failures: Error[], value = 'done'): { handle: WorkflowHandle; calls: () => number } {
  let calls = 0;
  const handle = { result: async () => (calls++ < failures.length ? Promise.reject(failures[calls - 1]) : value) } as unknown as WorkflowHandle;
  return { handle, calls: () => calls };
}

describe('waitForResult', () => {
  it('waits out an unavailable server and the stream resets at its edges', async () => {
    const { handle, calls } = handleFailing([grpcFailure(14, 'No connection established'), grpcFailure(13, 'Received RST_STREAM with code 2'), grpcFailure(1, 'Call cancelled')]);
    expect(await waitForResult(handle)).toBe('done');
    expect(calls()).toBe(4);
  }, 20_000);

  it('gives up at once on a refusal', async () => {
    const { handle, calls } = handleFailing([grpcFailure(7, 'permission denied')]);
    await expect(waitForResult(handle)).rejects.toThrow('Failed to get Workflow execution history');
    expect(calls()).toBe(1);
  });

  it('gives up when odd errors keep coming instead of looping forever', async () => {
    const { handle, calls } = handleFailing(Array.from({ length: 20 }, () => grpcFailure(13, 'something internal')));
    await expect(waitForResult(handle)).rejects.toThrow('Failed to get Workflow execution history');
    expect(calls()).toBe(6);
  }, 20_000);
});
