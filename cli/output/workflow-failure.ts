/**
 * Turns a failed workflow into the error a user reads: the innermost
 * failure's message (a bad key, failing baseline tests, a plan the planner
 * could not fix), with its type as the code. Never a stack.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure, TemporalFailure } from '@temporalio/common';
import { isErrorCode, type ErrorCode } from '../../errors/codes.js';
import { EXIT, TandemError } from '../../errors/tandem-error.js';

/** Failure types that are the user's to fix (exit 2); the rest are infrastructure (exit 3). */
const USER_FIXABLE = /^(ModelCallError\.(auth|not_found|context_length|bad_request|invalid_output)|Plan|Design|DESIGN|PLAN|BaselineFailing|TestCommandNotFound|GIT_|TODO_)/;

/** Where the failed run worked: a worktree has none of the checkout's git-ignored files. */
export interface FailedRunPlace {
  inWorktree?: boolean;
}

export function workflowFailureToError(error: unknown, workflowId: string, place: FailedRunPlace = {}): unknown {
  if (!(error instanceof WorkflowFailedError)) return error;
  const root = innermostFailure(error.cause);
  const type = root instanceof ApplicationFailure ? (root.type ?? 'WorkflowFailed') : 'WorkflowFailed';
  return new TandemError(`${workflowId} failed: ${root?.message ?? error.message}`, {
    code: codeOf(type),
    exitCode: USER_FIXABLE.test(type) ? EXIT.usage : EXIT.infrastructure,
    hint: hintFor(type, place),
    cause: error,
  });
}

/** The failure at the bottom of a chain (the activity's ApplicationFailure under the ActivityFailure), or undefined. */
export function innermostFailure(failure: unknown): TemporalFailure | undefined {
  let current = failure instanceof TemporalFailure ? failure : undefined;
  while (current?.cause instanceof TemporalFailure) current = current.cause;
  return current;
}

/** `BaselineFailing` → BASELINE_FAILING, `ModelCallError.auth` → MODEL_CALL_ERROR_AUTH; a type with no listed code → WORKFLOW_FAILED. */
export function codeOf(type: string): ErrorCode {
  const code = type.replace(/([a-z])([A-Z])/g, '$1_$2').replace(/\./g, '_').toUpperCase();
  return isErrorCode(code) ? code : 'WORKFLOW_FAILED';
}

function hintFor(type: string, place: FailedRunPlace): string | undefined {
  if (type === 'BaselineFailing' && place.inWorktree) {
    return (
      'Fix the failing tests first, or pass --allow-failing-baseline to start anyway. They ran in a fresh worktree of the run branch, ' +
      'which has none of your git-ignored files (node_modules, a virtualenv): if the tests need them, set run.workspaceSetup in tandem.yaml ' +
      '(e.g. `npm ci --offline`), or run with --in-checkout (docs/parallel.md).'
    );
  }
  if (type === 'BaselineFailing') return 'Fix the failing tests first, or pass --allow-failing-baseline to start anyway.';
  if (type.startsWith('ModelCallError.auth')) return 'Check the API key variable named above.';
  if (type === 'ModelCallError.malformed_response') return "Check the provider's baseUrl in tandem.yaml (or the base URL variable): it must be the model API, not a web page.";
  if (type === 'ModelCallError.invalid_output') return 'Use a stronger model for this role, or one with native structured output.';
  if (type.startsWith('ModelCallError.')) return 'Check the model name and provider in tandem.yaml or the --planner/--implementer/--reviewer flags.';
  return undefined;
}
