/** What `tandem trace` answers, as data: printed as text, or as JSON with `--json`. */
import type { TraceVerdict } from '../report/trace-matrix.js';

export interface ReviewSummary {
  reviewer: string;
  verdict: 'approve' | 'request_changes';
  summary: string;
}

/** A task commit and what the plan, the trailers and the journal say about it. */
export interface TaskStory {
  taskId: string;
  title?: string;
  sha: string;
  /** The `Tandem-Run` trailer: the run's workflow id. */
  runId?: string;
  requirements: string[];
  /** The criteria in full when the plan at the commit has them, else as the trailers carry them. */
  acceptance: string[];
  /** The committed attempt's checks, e.g. `passed: \`npm test\``; absent when the journal was not found. */
  tests?: string;
  /** The committed attempt and how many there were. */
  attempt?: number;
  attempts?: number;
  reviews: ReviewSummary[];
  /** The journal folder the story was read from. */
  journalDir?: string;
}

export interface CommitRef {
  sha: string;
  subject: string;
}

export interface LineAnswer {
  kind: 'line';
  branch: string;
  path: string;
  line: number;
  text: string;
  commit: CommitRef;
  /** Absent when the commit is not a Tandem task commit (made by hand, or before the run). */
  task?: TaskStory;
}

export interface FileAnswer {
  kind: 'file';
  branch: string;
  path: string;
  /** Each commit that last changed some line, in the order its lines first appear. */
  commits: (CommitRef & { lines: string; task?: TaskStory })[];
}

export interface RequirementAnswer {
  kind: 'requirement';
  branch: string;
  id: string;
  /** The requirement in words, from the converge review. */
  text?: string;
  verdict: TraceVerdict;
  /** The converge round the verdict comes from. */
  round?: number;
  /** Task commits on the branch whose `Tandem-Requirements` name it (or that the reviewer credits). */
  commits: TaskStory[];
  /** Plan tasks that name it but have no commit on the branch yet. */
  uncommitted: { id: string; title: string; status: string }[];
}

export interface TaskAnswer {
  kind: 'task';
  branch: string;
  id: string;
  title?: string;
  /** The plan's checkbox state, when the plan has the task. */
  status?: string;
  commits: TaskStory[];
}

export type TraceAnswer = LineAnswer | FileAnswer | RequirementAnswer | TaskAnswer;
