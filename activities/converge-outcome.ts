/**
 * Journals where the converge review stood when the run left it: met, still
 * missing, or skipped with the reason. The reason lives only in the run's
 * status otherwise, and `tandem report` / `tandem pr` read the journal.
 */
import type { ConvergeProgress } from '../contracts/converge.js';
import type { RunLocation } from '../contracts/run.js';
import { writeJsonAtomic } from '../journal/files.js';
import { convergeOutcomeFile } from '../journal/layout.js';
import type { ConvergeOutcomeRecord } from '../journal/records.js';

export async function journalConvergeOutcome(input: { location: RunLocation; converge: ConvergeProgress }): Promise<void> {
  const record: ConvergeOutcomeRecord = { ...input.converge, at: Date.now() };
  await writeJsonAtomic(convergeOutcomeFile(input.location.journalDir), record);
}
