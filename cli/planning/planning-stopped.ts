/**
 * What `tandem plan` says when a planning stops before its end: Ctrl-C, or a
 * model provider that stayed unavailable through every retry of a call. Both
 * name the command that picks it up again. For an update that is `tandem plan
 * <design> --update` with the --yes or --dry-run it was given: a bare `tandem
 * plan <design>` would refuse to overwrite the plan the update was revising.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EXIT, TandemError } from '../../errors/tandem-error.js';
import { outageFromDetails } from '../../contracts/provider-outage.js';
import { innermostFailure, workflowFailureToError } from '../output/workflow-failure.js';
import { outGiven, type PlanFlags } from './plan-intent.js';

export interface StoppedPlanning {
  designArg: string;
  workflowId: string;
  /** The plan file, as the user knows it (`TODO.md`, `plans/auth.md`). */
  outRelPath: string;
  flags: PlanFlags;
}

/** `tandem plan design.md --update --yes`: the command that resumes (or retries) this update. */
export function updateCommand(planning: Pick<StoppedPlanning, 'designArg' | 'flags'>): string {
  const { designArg, flags } = planning;
  const out = outGiven(flags) ? ` --out ${flags.out}` : '';
  const answer = flags.dryRun === true ? ' --dry-run' : flags.yes === true ? ' --yes' : '';
  return `tandem plan ${designArg} --update${out}${answer}`;
}

/** Printed after Ctrl-C: where the planning lives, how to resume it and how to stop it. */
export function interruptedNote(planning: StoppedPlanning): string {
  const { designArg, workflowId, outRelPath, flags } = planning;
  const stopped = flags.worker === false ? '' : 'Stopped the local worker. ';
  const stop = `  stop it:   tandem plan --cancel ${designArg}\n`;
  if (flags.update !== true) {
    return `\n${stopped}The plan itself stays on the Temporal server (${workflowId}).\n  resume it: run the same \`tandem plan ${designArg}\` again (no flags needed: it keeps its recorded models)\n${stop}`;
  }
  return (
    `\n${stopped}The update of ${outRelPath} stays on the Temporal server (${workflowId}); nothing was written or sent to a run.\n` +
    `  resume it: ${updateCommand(planning)} (it keeps its recorded models; model replies already received are not paid for again)\n${stop}`
  );
}

/**
 * The error for a planning that failed. A model provider that stayed unavailable (or a rate
 * limit that never lifted) is PROVIDER_UNAVAILABLE, exit 3, with the command to run once it
 * works again; anything else is workflowFailureToError's.
 */
export function planningFailureToError(error: unknown, planning: StoppedPlanning): unknown {
  const root = error instanceof WorkflowFailedError ? innermostFailure(error.cause) : undefined;
  const type = root instanceof ApplicationFailure ? root.type : undefined;
  if (!root || !type?.startsWith('ModelCallError.')) return workflowFailureToError(error, planning.workflowId);
  const outage = outageFromDetails((root as ApplicationFailure).details?.[0]);
  if (!outage && type !== 'ModelCallError.rate_limit') return workflowFailureToError(error, planning.workflowId);

  const update = planning.flags.update === true;
  const what = update ? `The update of ${planning.outRelPath} for ${planning.designArg}` : `The planning of ${planning.designArg}`;
  const why = outage ? `${outage.provider} is unavailable: ${outage.reason}` : root.message;
  const again = update ? `run \`${updateCommand(planning)}\` again` : `run the same \`tandem plan ${planning.designArg}\` again`;
  // The outage's own advice ends with "then run `tandem resume`", which is for runs: a planning that failed is started again.
  const advice = outage ? outage.hint.replace(/,? then run `tandem resume`\.?$/, '') : 'Wait for the rate limit to lift';
  const kept = update ? ` Nothing was written or sent to a run; model replies the update already received are not paid for again.` : '';
  return new TandemError(`${what} stopped: ${why}.`, {
    code: 'PROVIDER_UNAVAILABLE',
    exitCode: EXIT.infrastructure,
    hint: `${advice}, then ${again}.${kept}`,
    context: { workflowId: planning.workflowId, ...(outage ? { provider: outage.provider } : {}) },
    cause: error,
  });
}
