/**
 * Where each durable artefact of a run lives on disk. Temporal history keeps
 * only small summaries; prompts, transcripts, diffs and test output live here,
 * so history stays bounded and `tandem logs` / `tandem report` can read them.
 */
import { join } from 'node:path';

const pad = (n: number) => String(n).padStart(3, '0');

export interface AttemptFiles {
  dir: string;
  prompt: string;
  model(step: number): string;
  tool(step: number, index: number): string;
  toolSnapshot(step: number, index: number): string;
  /** The plan file's content before a tool that may change files ran, to put it back (see agent-tools/tandem-files.ts). */
  toolTandemFiles(step: number, index: number): string;
  /** The MCP tools the implementer was shown in this attempt (agent-tools/mcp/attempt-tools.ts). */
  mcpTools: string;
  checks: string;
  diff: string;
  /** The changed files as listed for reviewers. */
  changes: string;
  /** The worktree as the review staged it, kept for the commit until the attempt ends (git/reviewed-staging.ts). */
  reviewedStaging: string;
  review(reviewerIndex: number): string;
  feedback: string;
  decision: string;
  /** An external agent's session (agents/): its id as soon as it is known, its raw events, its end. */
  agent: { session: string; events: string; result: string; stderr: string };
}

export function attemptFiles(journalDir: string, taskId: string, attempt: number): AttemptFiles {
  const dir = join(journalDir, 'tasks', taskId, `attempt-${attempt}`);
  return {
    dir,
    prompt: join(dir, 'prompt.json'),
    model: (step) => join(dir, `step-${pad(step)}.model.json`),
    tool: (step, index) => join(dir, `step-${pad(step)}.tool-${index}.json`),
    toolSnapshot: (step, index) => join(dir, `step-${pad(step)}.tool-${index}.pre.json`),
    toolTandemFiles: (step, index) => join(dir, `step-${pad(step)}.tool-${index}.plan.json`),
    mcpTools: join(dir, 'mcp-tools.json'),
    checks: join(dir, 'checks.json'),
    diff: join(dir, 'diff.patch'),
    changes: join(dir, 'changes.txt'),
    reviewedStaging: join(dir, 'reviewed-staging'),
    review: (reviewerIndex) => join(dir, `review-${reviewerIndex}.json`),
    feedback: join(dir, 'feedback.md'),
    decision: join(dir, 'decision.json'),
    agent: { session: join(dir, 'agent-session.json'), events: join(dir, 'agent-events.jsonl'), result: join(dir, 'agent-result.json'), stderr: join(dir, 'agent-stderr.txt') },
  };
}

export function taskDir(journalDir: string, taskId: string): string {
  return join(journalDir, 'tasks', taskId);
}

/** The converge review's files for one round: the tests on the head it read, and its verdicts. */
export interface ConvergeFiles {
  /** The project's tests on the branch head (a ChecksRecord). */
  tests: string;
  /** The round's verdicts and follow-ups (a ConvergeRoundRecord). */
  round: string;
  /** The reviewer's reply to the round's first ask (1) and to the ask for what it left out (2), each journaled as it arrives. */
  reply(ask: 1 | 2): string;
}

export function convergeFiles(journalDir: string, round: number): ConvergeFiles {
  const dir = join(journalDir, 'converge');
  return {
    tests: join(dir, `round-${round}.tests.json`),
    round: join(dir, `round-${round}.json`),
    reply: (ask) => join(dir, `round-${round}.reply-${ask}.json`),
  };
}

/** Where the converge review stood when the run left it (a ConvergeOutcomeRecord). */
export function convergeOutcomeFile(journalDir: string): string {
  return join(journalDir, CONVERGE_OUTCOME_FILE);
}

export const CONVERGE_OUTCOME_FILE = 'converge-outcome.json';

/** A file-system-safe directory name for a workflow id such as `tandem/run/app@1a2b3c/TODO.md`. */
export function journalDirName(workflowId: string): string {
  return workflowId.replace(/[^A-Za-z0-9._@-]+/g, '_');
}
