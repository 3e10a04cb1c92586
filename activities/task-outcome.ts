/**
 * How an attempt ends: the task's one commit, the feedback for the next
 * attempt, or the roll back when attempts run out. Each is idempotent.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { commitTask as gitCommitTask } from '../git/commit-task.js';
import { resetToBase } from '../git/reset-to-base.js';
import { deleteSnapshots } from '../git/snapshot.js';
import { dropStaging } from '../git/reviewed-staging.js';
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles, journalDirName, taskDir } from '../journal/layout.js';
import type { ChecksRecord, DecisionRecord, ReviewRecord } from '../journal/records.js';
import { commitMark, existingMark, markOnBase } from '../git/plan-marks.js';
import { tail } from '../exec/check.js';
import { NO_CHANGE_REASON, type PlanTaskInput, type RunLocation } from '../contracts/run.js';
import { recordTaskEnd } from '../telemetry/instruments.js';

interface TaskRef {
  location: RunLocation;
  taskId: string;
}

/** When the task's workflow started (epoch ms), for the task-duration metric; absent from runs started before it. */
interface TaskTiming {
  taskStartedAt?: number;
}

export async function commitTask(
  input: TaskRef & TaskTiming & { attempt: number; baseSha: string; task: PlanTaskInput; implementedBy: string; reviewedBy: string[]; approvedByPerson?: boolean },
): Promise<{ sha: string }> {
  const { location, task } = input;
  const files = attemptFiles(location.journalDir, task.id, input.attempt);
  const commit = await gitCommitTask({
    // TODO.md is ticked only on a branch still as Tandem left it, and not again after a crash.
    // It is the base's plan plus this task's mark, whatever the worktree's copy says.
    beforeCommit: () => markOnBase(location, input.baseSha, task.id, 'done'),
    repo: location.repo,
    branch: location.branch,
    baseSha: input.baseSha,
    taskId: task.id,
    title: task.title,
    runId: location.runId,
    implementedBy: input.implementedBy,
    reviewedBy: input.reviewedBy,
    acceptance: task.acceptance,
    ...(task.requirements === undefined ? {} : { requirements: task.requirements }),
    // The review's staging, when the worktree is still as it saw it: beforeCommit rewrites only the plan.
    reviewed: { stagingDir: files.reviewedStaging, restage: [location.planRelPath] },
  });
  await dropStaging(files.reviewedStaging);
  await forgetSnapshots(input);
  const reason = `tests passed and the reviewers approved${input.approvedByPerson ? ', then a person approved (tandem approve)' : ''}`;
  await writeDecision(input, { decision: 'commit', reason, sha: commit.sha, at: Date.now() });
  recordTaskEnd({ taskId: task.id, outcome: 'committed', attempts: input.attempt, durationMs: sinceStart(input) });
  return { sha: commit.sha };
}

export interface AttemptFailure {
  /** One line, for TODO.md and the status table. */
  reason: string;
  /** Equal for two attempts that failed the same way: the workflow stops early when it repeats. */
  signature: string;
}

/**
 * Writes the feedback the next attempt's prompt will carry, and says why this attempt failed.
 * `rejection`: a person's comment from `tandem reject` (`--approve each`), after the tests and reviews passed.
 */
export async function concludeAttempt(
  input: TaskRef & { attempt: number; implementSummary?: string; hasChecks: boolean; reviewerCount: number; rejection?: string },
): Promise<AttemptFailure> {
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const checks = input.hasChecks ? await readJsonIfExists<ChecksRecord>(files.checks) : undefined;
  const reviews: ReviewRecord[] = [];
  for (let index = 0; index < input.reviewerCount; index++) {
    const review = await readJsonIfExists<ReviewRecord>(files.review(index));
    if (review) reviews.push(review);
  }

  const feedback: string[] = [];
  const signature: string[] = [];
  let reason = '';
  if (input.implementSummary !== undefined) {
    reason = `the implementer stopped: ${input.implementSummary}`;
    // An external agent (activities/agent-session.ts) has no `finish` tool: it ends with its summary.
    const agentRan = (await readJsonIfExists<unknown>(files.agent.session)) !== undefined;
    feedback.push(
      agentRan
        ? `You did not finish: ${input.implementSummary}. Work in fewer, more decisive steps and end with a short summary when done.`
        : input.implementSummary === NO_CHANGE_REASON
        ? 'You changed no file in the last attempt: you answered in words. Make the change with write_file or edit_file, then call `finish`.'
        : `You did not finish: ${input.implementSummary}. Work in fewer, more decisive steps and call \`finish\` when done.`,
    );
    signature.push(`implement:${input.implementSummary.replace(/\d+/g, '#')}`);
  }
  const failed = checks?.commands.find((command) => command.exitCode !== 0);
  if (failed) {
    reason = `\`${failed.command}\` ${failed.timedOut ? 'timed out' : `exited ${failed.exitCode}`}`;
    feedback.push(`The check \`${failed.command}\` ${failed.timedOut ? 'timed out' : `failed with exit code ${failed.exitCode}`}. Output (tail):\n\`\`\`\n${tail(failed.output, 4000)}\n\`\`\``);
    signature.push(`check:${failed.command}:${failed.exitCode}:${normalize(tail(failed.output, 2000))}`);
  }
  for (const review of reviews.filter((r) => r.verdict === 'request_changes')) {
    reason ||= `${review.reviewer} requested changes: ${review.summary}`;
    const comments = review.comments.map((c) => `- [${c.severity}]${c.file ? ` ${c.file}${c.line ? `:${c.line}` : ''}` : ''} ${c.body}`).join('\n');
    feedback.push(`Reviewer ${review.reviewer} requested changes: ${review.summary}\n${comments}`);
    signature.push(`review:${review.comments.filter((c) => c.severity === 'blocker' || c.severity === 'major').map((c) => c.body).sort().join('|')}`);
  }
  if (input.rejection !== undefined) {
    reason = `rejected by a person: ${input.rejection}`;
    feedback.push(`The tests passed and the reviewers approved, but the person who approves this project's changes rejected it:\n${input.rejection}`);
    signature.push(`person:${input.rejection}`);
  }
  if (feedback.length === 0) {
    reason = 'the reviewers did not approve';
    feedback.push('The reviewers did not approve the change.');
  }
  await writeFileAtomic(files.feedback, `${feedback.join('\n\n')}\n`);
  await dropStaging(files.reviewedStaging);
  await writeDecision({ ...input }, { decision: 'retry', reason, at: Date.now() });
  return { reason, signature: createHash('sha256').update(signature.join('\n')).digest('hex') };
}

/**
 * Puts the worktree back at the task's base commit. A failed task then gets
 * `[!] reason` in TODO.md, committed on its own; a cancelled one leaves TODO.md alone.
 */
export async function rollbackTask(
  input: TaskRef & TaskTiming & { baseSha: string; status: 'failed' | 'cancelled'; attempts: number; reason: string },
): Promise<{ sha: string }> {
  const { location } = input;
  const mark = { location, taskId: input.taskId, status: 'failed', reason: input.reason, parentSha: input.baseSha } as const;
  // A retry after the mark was committed must not reset it away.
  if (input.status === 'cancelled' || !(await existingMark(mark))) {
    await resetToBase({ repo: location.repo, sha: input.baseSha, branch: location.branch, runId: location.runId });
  }
  const sha = input.status === 'failed' ? await commitMark(mark) : input.baseSha;
  await forgetSnapshots(input);
  // An attempt cut short between its review and its outcome left its staging behind.
  if (input.attempts > 0) await dropStaging(attemptFiles(location.journalDir, input.taskId, input.attempts).reviewedStaging);
  if (input.attempts > 0) {
    await writeDecision({ ...input, attempt: input.attempts }, { decision: 'give_up', reason: input.reason, sha, at: Date.now() });
  }
  recordTaskEnd({ taskId: input.taskId, outcome: input.status, attempts: input.attempts, durationMs: sinceStart(input) });
  return { sha };
}

function sinceStart(input: TaskTiming): number | undefined {
  return input.taskStartedAt === undefined ? undefined : Date.now() - input.taskStartedAt;
}

/** Drops the task's worktree snapshots, if it took any (each edit_file or run_command takes one). */
async function forgetSnapshots(input: TaskRef): Promise<void> {
  if (!(await tookSnapshots(input))) return;
  await deleteSnapshots({ repo: input.location.repo, prefix: `refs/tandem/${journalDirName(input.location.runId)}/${input.taskId}/` });
}

async function tookSnapshots(input: TaskRef): Promise<boolean> {
  const dir = taskDir(input.location.journalDir, input.taskId);
  const attempts = await readdir(dir).catch(() => [] as string[]);
  for (const attempt of attempts) {
    const names = await readdir(join(dir, attempt)).catch(() => [] as string[]);
    if (names.some((name) => name.endsWith('.pre.json'))) return true;
  }
  return false;
}

async function writeDecision(input: TaskRef & { attempt: number }, decision: DecisionRecord): Promise<void> {
  await writeJsonAtomic(attemptFiles(input.location.journalDir, input.taskId, input.attempt).decision, decision);
}

/** Strips what changes between identical failures: numbers (timings, pids, ports) and whitespace. */
function normalize(output: string): string {
  return output.replace(/\d+(\.\d+)?/g, '#').replace(/\s+/g, ' ');
}
