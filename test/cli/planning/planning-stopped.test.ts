/**
 * What `tandem plan` says when a planning stops early. An update is resumed or
 * retried with `--update` and the --yes/--dry-run it was given (a bare `tandem
 * plan` would refuse to overwrite the plan); a provider that stayed down
 * through every retry is PROVIDER_UNAVAILABLE, exit 3, with the command to run
 * once it works, not advice to check the model name.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, RetryState } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { interruptedNote, planningFailureToError, updateCommand } from '../../../cli/planning/planning-stopped.js';
import { providerOutage } from '../../../models/provider-outage.js';

/** `tandem plan`'s flags (cli/planning/plan-intent.ts), named without importing that module's session code. */
type PlanFlags = Parameters<typeof interruptedNote>[0]['flags'];

const WORKFLOW_ID = 'tandem/plan/app@abc123/design.md';
const flags = (more: Partial<PlanFlags> = {}): PlanFlags => ({ force: 0, ...more });
const planning = (more: Partial<PlanFlags> = {}) => ({ designArg: 'design.md', workflowId: WORKFLOW_ID, outRelPath: 'TODO.md', flags: flags(more) });

/** A planning that failed as the client sees it: the model call's failure under the activity's. */
function failedWith(type: string, message: string, details?: unknown[]): WorkflowFailedError {
  const root = new ApplicationFailure(message, type, false, details);
  const activity = new ActivityFailure('Activity task failed', 'draftPlan', '1', RetryState.MAXIMUM_ATTEMPTS_REACHED, 'worker', root);
  return new WorkflowFailedError('Workflow execution failed', activity, RetryState.NON_RETRYABLE_FAILURE);
}

describe('the command that picks an update up again', () => {
  it('keeps --yes, --dry-run and --out', () => {
    expect(updateCommand(planning({ update: true, yes: true }))).toBe('tandem plan design.md --update --yes');
    expect(updateCommand(planning({ update: true, dryRun: true }))).toBe('tandem plan design.md --update --dry-run');
    expect(updateCommand(planning({ update: true, out: 'plans/auth.md' }))).toBe('tandem plan design.md --update --out plans/auth.md');
  });

  it('Ctrl-C: an update is resumed with --update; a new plan with the bare command, as before', () => {
    const update = interruptedNote(planning({ update: true, yes: true }));
    expect(update).toContain(`Stopped the local worker. The update of TODO.md stays on the Temporal server (${WORKFLOW_ID}); nothing was written or sent to a run.`);
    expect(update).toContain('  resume it: tandem plan design.md --update --yes (it keeps its recorded models;');
    expect(update).toContain('  stop it:   tandem plan --cancel design.md');
    expect(interruptedNote(planning({ update: true, worker: false }))).not.toContain('Stopped the local worker');
    expect(interruptedNote(planning())).toContain('resume it: run the same `tandem plan design.md` again (no flags needed');
  });
});

describe('a planning the provider stopped', () => {
  const down = providerOutage({ kind: 'server', provider: 'openai', status: 503 });
  const refused = providerOutage({ kind: 'connection', provider: 'ollama', detail: 'ECONNREFUSED' });
  const badKey = providerOutage({ kind: 'auth', provider: 'openai', status: 401, hint: 'Set OPENAI_API_KEY to a valid key for openai.' });

  it('an update: exit 3, what was down, and the update command to run once it works', () => {
    const error = planningFailureToError(failedWith('ModelCallError.server', 'openai server error (503)', [down]), planning({ update: true, yes: true }));
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      exitCode: 3,
      message: 'The update of TODO.md for design.md stopped: openai is unavailable: server error 503.',
      hint: 'Wait until openai works again, then run `tandem plan design.md --update --yes` again. Nothing was written or sent to a run; model replies the update already received are not paid for again.',
    });
    expect(planningFailureToError(failedWith('ModelCallError.connection', 'cannot connect', [refused]), planning({ update: true, dryRun: true }))).toMatchObject({
      hint: expect.stringMatching(/^Check that ollama is running and reachable at its base URL, then run `tandem plan design\.md --update --dry-run` again\./),
    });
    // A rejected key: the advice names the variable, and `tandem resume` (a run's command) is not offered.
    const key = planningFailureToError(failedWith('ModelCallError.auth', 'key rejected', [badKey]), planning({ update: true, yes: true })) as Error & { hint: string };
    expect(key.hint).toMatch(/^Set OPENAI_API_KEY to a valid key for openai, then run `tandem plan design\.md --update --yes` again\./);
    expect(key.hint).not.toContain('tandem resume');
  });

  it('a rate limit that never lifted says to wait for it; a new plan is retried with the same command', () => {
    const error = planningFailureToError(failedWith('ModelCallError.rate_limit', 'openai rate-limited model gpt-5 (429): slow down'), planning());
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      exitCode: 3,
      message: 'The planning of design.md stopped: openai rate-limited model gpt-5 (429): slow down.',
      hint: 'Wait for the rate limit to lift, then run the same `tandem plan design.md` again.',
    });
  });

  it('other failures keep their own code and hint', () => {
    const error = planningFailureToError(failedWith('ModelCallError.not_found', 'unknown model gpt-9'), planning({ update: true, yes: true }));
    expect(error).toMatchObject({ code: 'MODEL_CALL_ERROR_NOT_FOUND', exitCode: 2, hint: expect.stringContaining('Check the model name') });
    const plain = new Error('not a workflow failure');
    expect(planningFailureToError(plain, planning())).toBe(plain);
  });
});
