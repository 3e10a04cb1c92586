/**
 * Writes a task's outcome into TODO.md: `[x]` rides along in the task's own
 * commit; `[!]` (failed) and `[-]` (skipped) get a commit of their own that
 * touches only the plan file.
 */
import { join } from 'node:path';
import { setTaskStatus, setTaskStatusInValidPlan } from '../plan/index.js';
import type { TaskStatus } from '../plan/todo-types.js';
import { commitPlanFile } from './commit-plan-file.js';
import { headSha } from './refs.js';
import { readObject } from './object-reader.js';
import { git, gitLine } from './run-git.js';
import { readTextIfExists, writeFileAtomic } from '../journal/files.js';
import type { RunLocation } from '../contracts/run.js';

/** Sets the task's mark in the plan file; a no-op when it is already set. */
export async function markInPlanFile(location: RunLocation, taskId: string, status: TaskStatus, reason?: string): Promise<void> {
  const path = join(location.repo, location.planRelPath);
  const text = await readTextIfExists(path);
  if (text === undefined) return;
  const updated = setTaskStatus(text, taskId, status, reason);
  if (updated !== text) await writeFileAtomic(path, updated);
}

/**
 * Writes the plan as `baseSha` has it plus this task's mark, whatever the
 * worktree's copy holds (an implementer that ticked another task, a command that
 * rewrote the file): the task's commit changes the plan by its own mark only.
 * A plan file `baseSha` does not track (ignored, never committed) is marked
 * where it is. Idempotent.
 */
export async function markOnBase(location: RunLocation, baseSha: string, taskId: string, status: TaskStatus): Promise<void> {
  const committed = await planAt(location, baseSha);
  if (committed === undefined) return markInPlanFile(location, taskId, status);
  const path = join(location.repo, location.planRelPath);
  // The base's plan is the run's own commit of a plan validated when the run began.
  const updated = setTaskStatusInValidPlan(committed, taskId, status);
  if ((await readTextIfExists(path)) !== updated) await writeFileAtomic(path, updated);
}

/** The plan file's text at `sha`, or undefined when that commit does not have it. */
async function planAt(location: RunLocation, sha: string): Promise<string | undefined> {
  const read = await readObject(location.repo, `${sha}:${location.planRelPath}`);
  if (read !== undefined) return 'missing' in read || read.type !== 'blob' ? undefined : read.content.toString('utf8');
  const { stdout, exitCode } = await git(location.repo, ['cat-file', 'blob', `${sha}:${location.planRelPath}`], { okExitCodes: [128] });
  return exitCode === 0 ? stdout : undefined;
}

export interface MarkInput {
  location: RunLocation;
  taskId: string;
  status: 'failed' | 'skipped';
  reason: string;
  /** The commit the mark goes on top of. */
  parentSha: string;
}

/** HEAD's sha when HEAD is already this mark commit (a retried activity), else undefined. */
export async function existingMark(input: MarkInput): Promise<string | undefined> {
  const { repo } = input.location;
  const [parent, subject] = (await gitLine(repo, ['log', '-1', '--format=%P%x00%s'])).split('\0');
  return parent === input.parentSha && subject === markSubject(input) ? headSha({ repo }) : undefined;
}

/** Marks and commits only the plan file, with a subject that names the task. Idempotent. */
export async function commitMark(input: MarkInput): Promise<string> {
  const existing = await existingMark(input);
  if (existing) return existing;
  const { repo, runId, planRelPath } = input.location;
  await markInPlanFile(input.location, input.taskId, input.status, oneLine(input.reason));
  const commit = await commitPlanFile({ repo, planRelPath, message: markSubject(input), runId });
  return commit.sha;
}

function markSubject(input: MarkInput): string {
  return `${input.taskId}: ${input.status} — ${oneLine(input.reason)}`;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
