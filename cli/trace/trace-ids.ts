/**
 * "Where is this requirement done?" and "what became of this task?", from the
 * run branch's task commits, the plan at the branch tip and the converge review.
 */
import { TandemError } from '../../errors/tandem-error.js';
import { git } from '../../git/run-git.js';
import { traceCommits, type TracedCommit } from '../../git/trace-trailers.js';
import { parseTodo, type TodoTask } from '../../plan/index.js';
import { latestConvergeRound } from './run-journals.js';
import { taskStory } from './task-story.js';
import type { TraceContext } from './trace-context.js';
import type { RequirementAnswer, TaskAnswer, TaskStory } from './trace-types.js';

/** A branch's history is walked this far back at most; a run's commits are far fewer. */
const MAX_COMMITS = 5000;

export interface BranchFacts {
  /** Task commits (a `Tandem-Task` trailer), newest first. */
  commits: TracedCommit[];
  /** The plan's tasks at the branch tip, or the worktree's when the branch has no plan file. */
  planTasks: TodoTask[];
}

export async function branchFacts(ctx: TraceContext): Promise<BranchFacts> {
  const all = await traceCommits({ repo: ctx.repo, from: { range: ctx.rev, max: MAX_COMMITS } });
  return { commits: all.filter((commit) => commit.taskIds.length > 0), planTasks: await planAtTip(ctx) };
}

async function planAtTip(ctx: TraceContext): Promise<TodoTask[]> {
  const blob = await git(ctx.repo, ['cat-file', 'blob', `${ctx.rev}:${ctx.planRelPath}`], { okExitCodes: [128] });
  if (blob.exitCode !== 0) return [];
  try {
    return parseTodo(blob.stdout, { file: ctx.planRelPath }).tasks;
  } catch {
    return [];
  }
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** True when the plan or a commit on the branch knows this task id. */
export function isKnownTask(facts: BranchFacts, id: string): boolean {
  return facts.planTasks.some((task) => same(task.id, id)) || facts.commits.some((commit) => commit.taskIds.some((taskId) => same(taskId, id)));
}

export async function traceTask(ctx: TraceContext, facts: BranchFacts, id: string): Promise<TaskAnswer> {
  const planned = facts.planTasks.find((task) => same(task.id, id));
  const commits = facts.commits.filter((commit) => commit.taskIds.some((taskId) => same(taskId, id)));
  return {
    kind: 'task',
    branch: ctx.branch,
    id: planned?.id ?? commits[0]?.taskIds.find((taskId) => same(taskId, id)) ?? id,
    ...(planned ? { title: planned.title, status: planned.status } : {}),
    commits: await stories(ctx, commits),
  };
}

export async function traceRequirement(ctx: TraceContext, facts: BranchFacts, id: string): Promise<RequirementAnswer> {
  const runIds = [ctx.planRunId, ...facts.commits.flatMap((commit) => commit.runIds)];
  const round = await latestConvergeRound(runIds, ctx.env);
  const item = round?.items.find((entry) => entry.kind === 'requirement' && same(entry.id, id));
  const naming = facts.commits.filter((commit) => commit.requirements.some((req) => same(req, id)));
  // Tasks the reviewer credits (a converge follow-up may not name the requirement itself): their newest commit.
  for (const taskId of item?.tasks ?? []) {
    const commit = facts.commits.find((entry) => entry.taskIds.includes(taskId));
    if (commit && !naming.includes(commit)) naming.push(commit);
  }
  const committedTasks = new Set(facts.commits.flatMap((commit) => commit.taskIds));
  const uncommitted = facts.planTasks
    .filter((task) => (task.requirements ?? []).some((req) => same(req, id)) && !committedTasks.has(task.id))
    .map((task) => ({ id: task.id, title: task.title, status: task.status }));
  if (naming.length === 0 && uncommitted.length === 0 && item === undefined) throw unknownRequirement(ctx, facts, id, round?.items.map((entry) => entry.id));
  const canonical = item?.id ?? naming[0]?.requirements.find((req) => same(req, id)) ?? id;
  return {
    kind: 'requirement',
    branch: ctx.branch,
    id: canonical,
    ...(item?.text ? { text: item.text } : {}),
    verdict: item?.verdict ?? 'not reviewed',
    ...(item && round ? { round: round.round } : {}),
    commits: await stories(ctx, naming),
    uncommitted,
  };
}

async function stories(ctx: TraceContext, commits: TracedCommit[]): Promise<TaskStory[]> {
  const found: TaskStory[] = [];
  for (const commit of commits) {
    const story = await taskStory(ctx, commit);
    if (story) found.push(story);
  }
  return found;
}

function unknownRequirement(ctx: TraceContext, facts: BranchFacts, id: string, reviewed: string[] = []): TandemError {
  const known = [...new Set([...facts.planTasks.flatMap((task) => task.requirements ?? []), ...facts.commits.flatMap((c) => c.requirements), ...reviewed])];
  return new TandemError(`No task, commit or converge review on ${ctx.branch} names "${id}": it is not a file there, a task id or a requirement id.`, {
    code: 'TRACE_UNKNOWN_REQUIREMENT',
    hint: known.length
      ? `Requirements known on this branch: ${known.slice(0, 20).join(', ')}. A file is traced as path or path:line.`
      : `Nothing on this branch names a requirement (plans get \`Requirements:\` fields from \`tandem plan\`). Pass --branch for another branch, or a file as path:line.`,
    context: { requirement: id, branch: ctx.branch },
  });
}
