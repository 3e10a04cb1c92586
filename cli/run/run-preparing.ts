/**
 * A run workflow installs its controls (the status query; the cancel, skip,
 * retry, resume, approve, reject and plan updates) only once it has prepared:
 * made its branch and run the baseline tests. Until then a worker answers the
 * status query with "no handler" and rejects each update with the SDK's "No
 * registered handler for update": the run is preparing, which is neither a
 * missing worker nor a refusal of what was asked.
 */
import { QueryNotRegisteredError, type WorkflowHandle } from '@temporalio/client';
import { TandemError } from '../../errors/tandem-error.js';
import { runStatusQuery } from '../../workflows/definitions.js';
import { untilInterrupted } from '../session.js';

/** What a run does before it takes controls, for messages. */
export const PREPARING = 'making its branch and running the baseline tests';

/** How long `tandem cancel` waits for a preparing run to take the cancel: a baseline of the usual length, not one that hangs. */
export const PREPARING_WAIT_SECONDS = 300;

/** True for the SDK's rejection of an update sent before the workflow installed its handler. */
export function isUpdateNotInstalled(reason: string): boolean {
  return /^No registered handler for update: /.test(reason);
}

/** True when a worker answered the status query and the run has no handler for it yet: it is preparing. */
export async function isPreparing(handle: WorkflowHandle): Promise<boolean> {
  try {
    await handle.query(runStatusQuery);
    return false;
  } catch (error) {
    return error instanceof QueryNotRegisteredError && error.message.includes(runStatusQuery.name);
  }
}

/** What `tandem status` says of a preparing run: it has no task status until it has prepared. */
export function preparingLine(planRelPath: string): string {
  return `The run is preparing (${PREPARING}): its tasks show once that is done. Controls (\`tandem cancel\`, \`skip\`, \`approve\`, …) are taken from then on; \`tandem cancel${planRelPath === 'TODO.md' ? '' : ` ${planRelPath}`}\` waits for it.`;
}

/** RUN_PREPARING (exit 2): the control was not sent; the way on is to wait, or to stop the command that serves the run. */
export function runPreparingError(waitedSeconds?: number): TandemError {
  const waited = waitedSeconds === undefined ? '' : ` after ${formatWait(waitedSeconds)} of waiting`;
  return new TandemError(`The run is still preparing (${PREPARING})${waited}: it takes controls only once that is done, so nothing was sent.`, {
    code: 'RUN_PREPARING',
    hint: 'Wait until `tandem status` shows its tasks, then run the command again. To stop it now, stop the `tandem run` serving it (Ctrl-C): the run stays open, and `tandem cancel` ends it once a worker has prepared it.',
  });
}

/**
 * Sends a control that a preparing run would refuse: when it is refused for
 * that reason, says so through `say` and waits (up to `seconds`) until the run
 * has prepared, then sends it again. Throws RUN_PREPARING when the wait runs
 * out, RUN_CLOSED when the run ends meanwhile (its baseline failed), and
 * Interrupted on Ctrl-C (nothing was sent).
 */
export async function sendWhenPrepared<T>(input: {
  handle: WorkflowHandle;
  send: () => Promise<T>;
  /** The control in words, for the waiting line: `the cancel`. */
  what: string;
  say: (line: string) => void;
  seconds?: number;
}): Promise<T> {
  const seconds = input.seconds ?? PREPARING_WAIT_SECONDS;
  try {
    return await input.send();
  } catch (error) {
    if (!(error instanceof TandemError && error.code === 'RUN_PREPARING')) throw error;
  }
  input.say(`tandem: the run is still preparing (${PREPARING}); it takes ${input.what} once that is done. Waiting up to ${formatWait(seconds)} (Ctrl-C stops waiting; the run goes on)…\n`);
  await untilPrepared(input.handle, seconds);
  return input.send();
}

async function untilPrepared(handle: WorkflowHandle, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  const { interrupted, stop } = untilInterrupted();
  try {
    for (;;) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), interrupted]);
      const state = (await handle.describe()).status.name;
      if (state !== 'RUNNING') {
        throw new TandemError(`The run ended (${state.toLowerCase()}) while it was preparing; there is nothing left to control.`, {
          code: 'RUN_CLOSED',
          hint: '`tandem status` shows how it ended (a failing baseline says so there).',
        });
      }
      if (!(await isPreparing(handle))) return;
      if (Date.now() >= deadline) throw runPreparingError(seconds);
    }
  } finally {
    stop();
  }
}

function formatWait(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}
