/**
 * The CLI's side of isolation: a run started without a worker says exactly
 * which command serves it, and a `tandem run` that would attach a local worker
 * with other keys or endpoints than the run's stops before it does.
 */
import type { RunSettings } from '../../contracts/run.js';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { endpointIdentity, endpointMismatch } from '../../models/endpoint-identity.js';

/** What `--no-worker` prints: the one command that serves this run's queue. */
export function noWorkerNote(taskQueue: string): string {
  return `No worker in this process: serve this run with\n  tandem worker --task-queue ${taskQueue}\n(from a shell with the same model keys and base URLs as this one)\n`;
}

/**
 * Throws WORKER_ENDPOINT_MISMATCH when this process's environment would call a
 * role's model elsewhere or with another key than the run recorded at its start.
 * Runs recorded before endpoints were are not checked.
 */
export function assertEndpointsHere(settings: RunSettings, planArg: string, env: NodeJS.ProcessEnv = process.env): void {
  const recorded = settings.endpoints;
  if (recorded === undefined) return;
  const roles = [
    { role: 'implementer', model: settings.implementer, identity: recorded.implementer },
    ...settings.reviewers.map((model, index) => ({ role: 'reviewer', model, identity: recorded.reviewers[index] })),
  ];
  for (const { role, model, identity } of roles) {
    const mismatch = identity && endpointMismatch(identity, endpointIdentity(model, env));
    if (!mismatch) continue;
    throw new TandemError(`This shell cannot serve the open run of ${planArg}: for the ${role} (${model.spec}), ${mismatch.replace(/this worker/g, 'this shell')}.`, {
      code: 'WORKER_ENDPOINT_MISMATCH',
      exitCode: EXIT.infrastructure,
      hint: `Run \`tandem run ${planArg}\` from a shell with the variables the run was started with, or \`tandem run ${planArg} --restart\` to start it again with these.`,
    });
  }
}
