/**
 * Where `tandem plan --update` journals its model calls: a folder named by
 * what the update depends on (the design, the plan, the models, the rounds).
 * Asking again for the same update, say `--dry-run` and then `--yes`, finds
 * the replies of the first ask there and pays for no model call twice; a
 * changed design or plan gets a fresh folder.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { journalRootFor } from '../workspace.js';

export function updateJournalDir(workflowId: string, inputs: Record<string, unknown>): string {
  const key = createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 16);
  return join(journalRootFor(workflowId), `update-${key}`);
}
