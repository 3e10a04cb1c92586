/**
 * What a converge review finds when it reads the whole branch against the design:
 * one verdict per requirement of the design and per acceptance criterion of the
 * plan, each with its evidence. Shared by the run workflow (which decides on
 * follow-up tasks), the journal (one file per round) and the report's
 * traceability matrix; it imports nothing of its users.
 */

export const CONVERGE_VERDICTS = ['met', 'partial', 'missing'] as const;
export type ConvergeVerdict = (typeof CONVERGE_VERDICTS)[number];

/** Where a verdict's proof lives. Every field is optional: a reviewer cites what it has. */
export interface ConvergeEvidence {
  /** A commit sha (full or abbreviated) on the run branch. */
  commit?: string;
  /** A path relative to the repository root, and a 1-based line in it. */
  file?: string;
  line?: number;
  /** A test that shows it (name or file). */
  test?: string;
  /** One sentence the reviewer wrote. */
  note?: string;
}

export interface ConvergeItem {
  /**
   * `requirement`: an id the design gives (R1, REQ-3, …) or, when it gives none,
   * one the reviewer assigned in the design's order (R1, R2, …).
   * `acceptance`: `<taskId>/<n>`, the n-th (1-based) acceptance criterion of that task.
   */
  id: string;
  kind: 'requirement' | 'acceptance';
  /** The requirement or criterion in words, one line. */
  text: string;
  verdict: ConvergeVerdict;
  evidence: ConvergeEvidence[];
  /** Plan task ids the reviewer credits with this item. */
  tasks: string[];
}

/** One round of the converge review, as journaled at `<journalDir>/converge/round-<n>.json`. */
export interface ConvergeRound {
  round: number;
  /** The run-branch head the reviewer read. */
  headSha: string;
  /** The base the branch diff was taken against. */
  baseSha: string;
  /** `provider:model` of the reviewer. */
  reviewer: string;
  items: ConvergeItem[];
  /** Ids of the follow-up tasks this round appended to the plan (empty when all was met). */
  followUps: string[];
  /** The reviewer's overall summary, a few lines. */
  summary: string;
}

/**
 * Where the converge review stands, in the run's status: the live view, `tandem
 * status`, the final summary and the report read it.
 * `following-up`: the last round found gaps and the run is working on its follow-up tasks.
 * `missing`: the last allowed round still found gaps (listed in `missing`).
 * `skipped`: converge did not run; `reason` says why.
 */
export interface ConvergeProgress {
  /** The round under way or last finished (1-based); 0 when skipped before the first. */
  round: number;
  /** The most rounds this run may take (`--converge-rounds`). */
  rounds: number;
  state: 'reviewing' | 'following-up' | 'met' | 'missing' | 'skipped';
  /** `R4 (missing): text`, one per item the last finished round did not find met. */
  missing: string[];
  /** Ids of the follow-up tasks appended so far, over all rounds. */
  followUps: string[];
  /** Why converge was skipped, one sentence. */
  reason?: string;
}
