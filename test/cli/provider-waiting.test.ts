/**
 * While Temporal retries a model call, every view says what the task waits
 * for, in full: `waiting for ollama: connection refused (retry 6 of 8, next in
 * 30 s)`. A pipe gets one line per try, not one per poll.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { atModelCall, formatPendingRetry, type PendingRetry } from '../../cli/run/provider-waiting.js';
import { pausedForProvider, providerPausedError } from '../../cli/run/provider-paused.js';
import { chooseRunView, type RunSnapshot } from '../../cli/run/run-view.js';
import { ZERO_SPEND, type RunStatus, type TaskProgress } from '../../contracts/run.js';

const NOW = 1_000_000;
const refused: PendingRetry = { attempt: 6, maximumAttempts: 8, nextAttemptAt: NOW + 30_000, outage: { provider: 'ollama', reason: 'connection refused' }, message: 'Could not connect to ollama' };

const status: RunStatus = {
  runId: 'tandem/run/app@abc123/TODO.md',
  state: 'running',
  currentTaskId: 'T1',
  tasks: [{ id: 'T1', title: 'Add a separator option', state: 'running', attempts: 0, spend: ZERO_SPEND, startedAt: 0 }],
  spend: ZERO_SPEND,
  budget: {},
};
const progress: TaskProgress = { taskId: 'T1', state: 'running', attempt: 1, step: 'implement · step 1 · model', spend: ZERO_SPEND, startedAt: 0 };

function capture(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean; columns?: number };
  stream.isTTY = isTTY;
  stream.columns = 200;
  let text = '';
  stream.on('data', (chunk) => (text += String(chunk)));
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '') };
}

describe('what a retried model call waits for', () => {
  it('reads like the issue asks: provider, reason, try, and the countdown to the next one', () => {
    expect(formatPendingRetry(refused, NOW)).toBe('waiting for ollama: connection refused (retry 6 of 8, next in 30 s)');
    expect(formatPendingRetry({ ...refused, nextAttemptAt: undefined }, NOW)).toBe('waiting for ollama: connection refused (retry 6 of 8)');
    // A failure that is no outage (a rate limit) still says why the task does not move.
    expect(formatPendingRetry({ attempt: 2, maximumAttempts: 8, message: 'openai rate-limited model gpt-5 (429): slow down\nmore' }, NOW)).toBe(
      'retrying: openai rate-limited model gpt-5 (429): slow down (retry 2 of 8)',
    );
  });

  it('is looked up only while the task is at a model call', () => {
    expect(atModelCall(progress)).toBe(true);
    expect(atModelCall({ ...progress, step: 'review' })).toBe(true);
    expect(atModelCall({ ...progress, step: 'implement · step 1 · edit_file a.txt' })).toBe(false);
    expect(atModelCall({ ...progress, step: 'test' })).toBe(false);
    expect(atModelCall({ ...progress, pausedReason: 'run budget reached' })).toBe(false);
    expect(atModelCall(undefined)).toBe(false);
  });

  it('a pipe gets one line per try; the live table shows the whole line under the table', () => {
    const lines = capture(false);
    const view = chooseRunView({ json: false, stream: lines.stream });
    view.start({ runId: status.runId, attached: false });
    const at = (retry: PendingRetry): RunSnapshot => ({ status, progress, retry, at: NOW });
    view.update(at(refused));
    view.update(at({ ...refused, nextAttemptAt: NOW + 12_000 })); // the countdown alone is no news
    view.update(at({ ...refused, attempt: 7 }));
    const waiting = lines.text().split('\n').filter((line) => line.includes('waiting for ollama'));
    expect(waiting.map((line) => line.replace(/next in \d+ s/, 'next in N s'))).toEqual([
      '  T1 waiting for ollama: connection refused (retry 6 of 8, next in N s)',
      '  T1 waiting for ollama: connection refused (retry 7 of 8, next in N s)',
    ]);

    const terminal = capture(true);
    const table = chooseRunView({ json: false, stream: terminal.stream });
    table.start({ runId: status.runId, attached: false });
    table.update(at(refused));
    table.stop();
    expect(terminal.text()).toMatch(/T1 waiting for ollama: connection refused \(retry 6 of 8, next in \d+ s\)/);
  });

  it('a run paused for its provider ends `tandem run` with exit 3 and the whole reason', () => {
    const reason = 'T1: ollama is unavailable: connection refused. Check that ollama is running and reachable at its base URL, then run `tandem resume`.';
    const paused: RunStatus = { ...status, state: 'paused', pauseKind: 'provider', pausedReason: reason };
    expect(pausedForProvider(paused)).toBe(true);
    expect(pausedForProvider({ ...paused, pauseKind: 'budget' })).toBe(false);
    // Asked for but not yet waiting (the task is still finishing): keep following.
    expect(pausedForProvider({ ...paused, state: 'running' })).toBe(false);
    const error = providerPausedError(paused, 'plans/TODO.md');
    expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', exitCode: 3, message: `The run is paused: ${reason}` });
    expect(error.hint).toContain('`tandem resume plans/TODO.md`, then `tandem run plans/TODO.md`');
  });
});
