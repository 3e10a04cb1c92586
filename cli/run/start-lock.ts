/**
 * One `tandem run` of a plan at a time between its look for an open run and
 * the run's start. Two started at once would otherwise both find none and both
 * prepare a new run: both run the baseline tests, and in the checkout
 * (`--in-checkout`) the second takes the run branch the first has just switched
 * to for the branch to go back to when the baseline fails. With the lock the
 * second waits, then finds the run and attaches to it.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireFileLock, type ReleaseFileLock } from '../../temporal/file-lock.js';
import { ensureTandemHome } from '../../temporal/state-dir.js';
import { Interrupted } from '../session.js';

/** Ctrl-C while another command holds the lock: this one stops waiting, and the other's run goes on. */
export class StartWaitInterrupted extends Interrupted {}

/** A start prepares the run (the baseline tests among it): a real project's may take minutes. */
const START_LOCK_MS = 30 * 60_000;

export async function lockRunStart(workflowId: string, planArg: string): Promise<ReleaseFileLock> {
  const dir = join(await ensureTandemHome(), 'locks');
  await mkdir(dir, { recursive: true });
  const name = `run-start-${createHash('sha256').update(workflowId).digest('hex').slice(0, 16)}.lock`;
  // Ctrl-C while waiting ends the wait as it ends a run's wait: the other command's run goes on.
  const interrupt = new AbortController();
  const onSignal = () => interrupt.abort(new StartWaitInterrupted());
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await acquireFileLock(join(dir, name), {
      staleMs: START_LOCK_MS,
      timeoutMs: START_LOCK_MS,
      signal: interrupt.signal,
      onWait: (pid) => process.stderr.write(`Another \`tandem run ${planArg}\`${pid ? ` (pid ${pid})` : ''} is starting this run; waiting to attach to it…\n`),
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
