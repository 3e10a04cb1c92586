/** A task commit's story: the trailers, the plan as it was at the commit, and the journal's committed attempt. */
import { git } from '../../git/run-git.js';
import type { TracedCommit } from '../../git/trace-trailers.js';
import { parseTodo, type TodoTask } from '../../plan/index.js';
import { checksSummary } from '../report/report-model.js';
import { committedAttempt } from './run-journals.js';
import type { TraceContext } from './trace-context.js';
import type { TaskStory } from './trace-types.js';

/** Undefined for a commit without a `Tandem-Task` trailer. */
export async function taskStory(ctx: TraceContext, commit: TracedCommit): Promise<TaskStory | undefined> {
  const taskId = commit.taskIds[0];
  if (taskId === undefined) return undefined;
  const runId = commit.runIds[0];
  const journal = runId === undefined ? undefined : await committedAttempt(runId, taskId, commit.sha, ctx);
  const planRelPath = journal?.planRelPath ?? planOfRun(runId) ?? ctx.planRelPath;
  const planned = await taskAtCommit(ctx.repo, commit.sha, planRelPath, taskId);
  const acceptance = planned?.acceptance.length ? planned.acceptance.map((text, index) => `${taskId}/${index + 1} ${text}`) : commit.acceptance;
  return {
    taskId,
    title: planned?.title ?? commit.subject.replace(new RegExp(`^${escapeRegExp(taskId)}: `), ''),
    sha: commit.sha,
    ...(runId ? { runId } : {}),
    requirements: commit.requirements.length ? commit.requirements : (planned?.requirements ?? []),
    acceptance,
    ...(journal
      ? {
          tests: checksSummary(journal.attempt),
          attempt: journal.attempt.attempt,
          attempts: journal.attempts,
          journalDir: journal.journalDir,
        }
      : {}),
    reviews: (journal?.attempt.reviews ?? []).map((review) => ({ reviewer: review.reviewer, verdict: review.verdict, summary: review.summary })),
  };
}

/** `tandem/run/<repo key>/<plan path>` → the plan path; undefined for other ids. */
function planOfRun(runId: string | undefined): string | undefined {
  const match = runId === undefined ? null : /^tandem\/run\/[^/]+\/(.+)$/.exec(runId);
  return match?.[1];
}

/** The task as the plan file in commit `sha` describes it (the commit ticks it, so the plan is there). */
export async function taskAtCommit(repo: string, sha: string, planRelPath: string, taskId: string): Promise<TodoTask | undefined> {
  const blob = await git(repo, ['cat-file', 'blob', `${sha}:${planRelPath}`], { okExitCodes: [128] });
  if (blob.exitCode !== 0) return undefined;
  try {
    return parseTodo(blob.stdout, { file: planRelPath }).tasks.find((task) => task.id === taskId);
  } catch {
    return undefined;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
