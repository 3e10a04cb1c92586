/**
 * Once the run is past converge, where the review stood (met, still missing,
 * skipped and why) is written to the journal, for the report and the pull
 * request. Best effort: the rounds are journaled already, and a run must not
 * fail over its summary line.
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type * as outcomeActivities from '../activities/converge-outcome.js';
import type { ConvergeProgress } from '../contracts/converge.js';
import type { RunLocation } from '../contracts/run.js';
import { localOptions } from './activity-profiles.js';

/** Runs recorded before the outcome was journaled end without this activity; the marker keeps their replay unchanged. */
export const CONVERGE_OUTCOME_PATCH = 'run-converge-outcome';

const local = proxyLocalActivities<typeof outcomeActivities>(localOptions());

/** Nothing to write when converge never started (turned off, or a run from before it existed). */
export async function journalConvergeOutcome(location: RunLocation, converge: ConvergeProgress | undefined): Promise<void> {
  if (!converge || !patched(CONVERGE_OUTCOME_PATCH)) return;
  try {
    await local.journalConvergeOutcome.executeWithOptions({ summary: `converge · ${converge.state}` }, [{ location, converge }]);
  } catch {
    // The report then says what the journaled rounds say, without a skip's reason.
  }
}
