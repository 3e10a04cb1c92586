import { agentSession } from './agent-session.js';
import { runChecks } from './checks.js';
import { convergeReview, convergeTests } from './converge.js';
import { appendFollowUps } from './converge-follow-ups.js';
import { journalConvergeOutcome } from './converge-outcome.js';
import { echo } from './echo.js';
import { implementerStep, toolStep } from './implement.js';
import { deliverNotification } from './notify.js';
import { applyPlanUpdate } from './plan-update.js';
import { draftPlan, readPlanningContext, reviewPlan, writeTodo } from './planning.js';
import type { PullRequestBodySource } from '../pr/body-source.js';
import { openRunPullRequest } from './pull-request.js';
import { reviewChanges } from './review.js';
import { baselineTests, checkBranch, markTaskSkipped, prepareRun } from './run-setup.js';
import { commitTask, concludeAttempt, rollbackTask } from './task-outcome.js';
import { integrateTask } from './integrate.js';
import { closeRunWorkspace, closeTaskWorkspace, openRunWorkspace, openTaskWorkspace, reopenRunWorktree } from './workspace.js';

/**
 * Every activity a Tandem worker serves, listed by name: this object is exactly
 * what the worker registers. A workflow proxies a module's type
 * (`import type * as x from '../activities/x.js'`); a new activity is added to
 * its module and named here, and a test checks that the two lists agree.
 */
export interface ActivityDependencies {
  /** Writes a run's pull request description from its journal; the CLI owns the report it comes from. */
  pullRequestBody?: PullRequestBodySource;
}

export function createActivities(dependencies: ActivityDependencies = {}) {
  return {
    echo,
    readPlanningContext,
    draftPlan,
    reviewPlan,
    writeTodo,
    prepareRun,
    baselineTests,
    markTaskSkipped,
    checkBranch,
    applyPlanUpdate,
    implementerStep,
    toolStep,
    agentSession,
    runChecks,
    reviewChanges,
    commitTask,
    concludeAttempt,
    rollbackTask,
    openRunWorkspace,
    openTaskWorkspace,
    reopenRunWorktree,
    closeTaskWorkspace,
    closeRunWorkspace,
    integrateTask,
    deliverNotification,
    openRunPullRequest: (input: Parameters<typeof openRunPullRequest>[0]) => openRunPullRequest(input, dependencies.pullRequestBody),
    convergeTests,
    convergeReview,
    appendFollowUps,
    journalConvergeOutcome,
  };
}

export type TandemActivities = ReturnType<typeof createActivities>;
