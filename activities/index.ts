import * as checks from './checks.js';
import * as echo from './echo.js';
import * as implement from './implement.js';
import * as planning from './planning.js';
import * as review from './review.js';
import * as runSetup from './run-setup.js';
import * as taskOutcome from './task-outcome.js';

/**
 * Every activity a Tandem worker serves, by name: one spread per module that a
 * workflow proxies (`import type * as x from '../activities/x.js'`). Exported
 * helpers that are not activities are harmless here; names must stay unique.
 */
export function createActivities() {
  return {
    ...echo,
    ...planning,
    ...runSetup,
    ...implement,
    ...checks,
    ...review,
    ...taskOutcome,
  };
}

export type TandemActivities = ReturnType<typeof createActivities>;
