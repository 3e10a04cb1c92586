/**
 * `tandem run` stops following a run that waits for a model provider: nothing
 * moves until the user brings the provider back (or fixes the key) and resumes,
 * so the command says why and exits 3 (infrastructure unavailable) instead of
 * waiting in silence. The run itself stays paused on the Temporal server.
 */
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import type { RunStatus } from '../../contracts/run.js';

/** True when the run waits, durably, for a model provider. */
export function pausedForProvider(status: RunStatus): boolean {
  return status.state === 'paused' && status.pauseKind === 'provider';
}

export function providerPausedError(status: RunStatus, planArg: string): TandemError {
  return new TandemError(`The run is paused: ${status.pausedReason ?? 'a model provider is unavailable'}`, {
    code: 'PROVIDER_UNAVAILABLE',
    exitCode: EXIT.infrastructure,
    hint: `The run waits on the Temporal server; nothing is lost. Once the provider works: \`tandem resume ${planArg}\`, then \`tandem run ${planArg}\` to attach a worker.`,
    context: { runId: status.runId, pauseKind: 'provider' },
  });
}
