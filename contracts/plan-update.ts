/**
 * `tandem plan --update` while a run works through the plan: what the CLI
 * sends the run, and what the run answers when it accepts. The run applies
 * the revision at its next task boundary (plan/revision.ts holds the rules).
 */
import type { PlanRevision } from '../plan/revision.js';

export interface PlanUpdateRequest {
  revision: PlanRevision;
  /** The `> Source:` line the updated plan gets (the design it was revised from). */
  source?: string;
  /** One line for the commit subject, e.g. `revised T2 · added T4`. */
  summary: string;
}

export interface PlanUpdateAccepted {
  /** The task running now: the plan changes once it has finished. Absent when the run was between tasks. */
  appliesAfter?: string;
}
