/**
 * The CLI's side of isolation: a run started without a worker says exactly
 * which command serves it, and a `tandem run` or `tandem plan` that would
 * attach a local worker with other keys or endpoints than the workflow's
 * stops before it does.
 */
import type { RunSettings } from '../../contracts/run.js';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { endpointIdentity, endpointMismatch } from '../../models/endpoint-identity.js';
import type { EndpointIdentity, ResolvedModel } from '../../models/types.js';

/** One role's model and the identity recorded for it (undefined in workflows recorded before endpoints). */
export interface RoleEndpoint {
  role: string;
  model: ResolvedModel;
  recorded: EndpointIdentity | undefined;
}

/** What `--no-worker` prints: the one command that serves this run's queue. */
export function noWorkerNote(taskQueue: string, remoteUrl?: string): string {
  // A run whose branch travels through a remote is served from clones: `--repo <url>` maps its paths, a bare queue would not.
  const serve = remoteUrl === undefined ? `tandem worker --task-queue ${taskQueue}` : `tandem worker --repo ${remoteUrl}   (on this machine or any other)`;
  return `No worker in this process: serve this run with\n  ${serve}\n(from a shell with the same model keys and base URLs as this one)\n`;
}

/** A run's roles: the implementer, then each reviewer. */
export function runRoles(settings: RunSettings): RoleEndpoint[] {
  return [
    { role: 'implementer', model: settings.implementer, recorded: settings.endpoints?.implementer },
    ...settings.reviewers.map((model, index) => ({ role: 'reviewer', model, recorded: settings.endpoints?.reviewers[index] })),
  ];
}

/**
 * Throws WORKER_ENDPOINT_MISMATCH when this process's environment would call a
 * role's model elsewhere or with another key than was recorded at the start.
 * `what` names the workflow (`run of TODO.md`), `command` the one that attaches.
 */
export function assertEndpointsHere(roles: RoleEndpoint[], what: { name: string; command: string }, env: NodeJS.ProcessEnv = process.env): void {
  for (const { role, model, recorded } of roles) {
    const mismatch = recorded && endpointMismatch(recorded, endpointIdentity(model, env));
    if (!mismatch) continue;
    throw new TandemError(`This shell cannot serve the open ${what.name}: for the ${role} (${model.spec}), ${mismatch.replace(/this worker/g, 'this shell')}.`, {
      code: 'WORKER_ENDPOINT_MISMATCH',
      exitCode: EXIT.infrastructure,
      hint: `Run \`${what.command}\` from a shell with the variables it was started with, or add --restart to start it again with these.`,
    });
  }
}
