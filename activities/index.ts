import { agentSession } from './agent-session.js';
import { runChecks } from './checks.js';
import { echo } from './echo.js';
import { implementerStep, toolStep } from './implement.js';
import { deliverNotification } from './notify.js';
import { draftPlan, readPlanningContext, reviewPlan, writeTodo } from './planning.js';
import { reviewChanges } from './review.js';
import { baselineTests, checkBranch, markTaskSkipped, prepareRun } from './run-setup.js';
import { commitTask, concludeAttempt, rollbackTask } from './task-outcome.js';

/**
 * Every activity a Tandem worker serves, listed by name: this object is exactly
 * what the worker registers. A workflow proxies a module's type
 * (`import type * as x from '../activities/x.js'`); a new activity is added to
 * its module and named here, and a test checks that the two lists agree.
 */
export function createActivities() {
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
    implementerStep,
    toolStep,
    agentSession,
    runChecks,
    reviewChanges,
    commitTask,
    concludeAttempt,
    rollbackTask,
    deliverNotification,
  };
}

export type TandemActivities = ReturnType<typeof createActivities>;
