/**
 * The journals a traced commit points to: its `Tandem-Run` trailer is the run's
 * workflow id, whose journal root holds one folder per execution.
 */
import { join } from 'node:path';
import type { RunRecord } from '../../activities/run-setup.js';
import type { ConvergeRound } from '../../contracts/converge.js';
import { readJsonIfExists } from '../../journal/files.js';
import { readConvergeRounds } from '../journal/converge-rounds.js';
import { executions } from '../journal/find-journal.js';
import type { AttemptEntry, RunJournal } from '../journal/journal-model.js';
import { readJournal } from '../journal/read-journal.js';
import { journalRootFor } from '../workspace.js';

export interface CommittedAttempt {
  journalDir: string;
  /** The plan file the run worked from, per its run.json. */
  planRelPath?: string;
  attempt: AttemptEntry;
  attempts: number;
}

/** The attempt that made commit `sha` of task `taskId`, searching the run's executions newest first. */
export async function committedAttempt(
  runId: string,
  taskId: string,
  sha: string,
  where: { env: NodeJS.ProcessEnv; journals: Map<string, Promise<RunJournal>> },
): Promise<CommittedAttempt | undefined> {
  for (const dir of await executions(journalRootFor(runId, where.env))) {
    if (!where.journals.has(dir)) where.journals.set(dir, readJournal(dir));
    const journal = await where.journals.get(dir)!;
    const task = journal.tasks.find((entry) => entry.id === taskId);
    const attempt = task?.attempts.find((entry) => entry.decision?.decision === 'commit' && entry.decision.sha === sha);
    if (task && attempt) {
      return { journalDir: dir, ...(journal.run ? { planRelPath: journal.run.planRelPath } : {}), attempt, attempts: task.attempts.length };
    }
  }
  return undefined;
}

/** The newest converge round of any of these runs (the newest execution that has rounds wins). */
export async function latestConvergeRound(runIds: readonly string[], env: NodeJS.ProcessEnv): Promise<ConvergeRound | undefined> {
  const dirs = (await Promise.all([...new Set(runIds)].map((runId) => executions(journalRootFor(runId, env))))).flat();
  // Execution folders are named by start time, so the greatest name is the newest across runs too.
  dirs.sort((a, b) => basename(b).localeCompare(basename(a)));
  for (const dir of dirs) {
    const { rounds } = await readConvergeRounds(dir);
    if (rounds.length > 0) return rounds.at(-1);
  }
  return undefined;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The run branch the plan's newest execution worked on, from its run.json. */
export async function journaledBranch(runId: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of await executions(journalRootFor(runId, env))) {
    const branch = (await readJsonIfExists<RunRecord>(join(dir, 'run.json')).catch(() => undefined))?.branch;
    if (branch) return branch;
  }
  return undefined;
}
