/**
 * `tandem logs`: the story of one task, attempt by attempt. Picks the task and
 * attempt, refusing unknown ones with the known ones listed, then formats.
 */
import { TandemError } from '../../errors/tandem-error.js';
import type { RunJournal, TaskEntry } from '../journal/journal-model.js';
import { findTask } from '../journal/parse-journal.js';
import { formatDuration, formatSpendShort } from '../run/format.js';
import { formatAttempt, type LogFormatOptions } from './format-attempt.js';

export interface TaskLogOptions extends LogFormatOptions {
  taskId: string;
  /** Show only this attempt (1-based). */
  attempt?: number;
  /** The task's title from TODO.md, when the plan could be read. */
  title?: string;
}

/** The task's log as text; throws TandemError LOGS_UNKNOWN_TASK / LOGS_UNKNOWN_ATTEMPT for ids the journal does not have. */
export function formatTaskLog(journal: RunJournal, options: TaskLogOptions): string {
  const task = findTask(journal, options.taskId);
  if (!task) {
    const known = journal.tasks.map((t) => t.id);
    throw new TandemError(`Task ${options.taskId} has no journal in this run${known.length ? ` (journaled tasks: ${known.join(', ')})` : ' (no task has started yet)'}.`, {
      code: 'LOGS_UNKNOWN_TASK',
      hint: known.length ? `Pick one of ${known.join(', ')}; a task that was skipped or not run yet has no log.` : 'Wait for the run to start a task, or pass --run-dir to read another run.',
      context: { task: options.taskId, journal: journal.dir },
    });
  }
  const attempts = options.attempt === undefined ? task.attempts : task.attempts.filter((a) => a.attempt === options.attempt);
  if (attempts.length === 0) {
    const known = task.attempts.map((a) => a.attempt);
    throw new TandemError(`Task ${task.id} has no attempt ${options.attempt} (attempts: ${known.join(', ') || 'none'}).`, {
      code: 'LOGS_UNKNOWN_ATTEMPT',
      hint: `Pass --attempt ${known.join(' or --attempt ') || '1'}, or leave it out to see every attempt.`,
      context: { task: task.id, attempt: options.attempt },
    });
  }
  const header = [options.colors.bold(`${task.id}${options.title ? ` · ${options.title}` : ''}`), outcome(task), formatSpendShort(task.spend)];
  if (task.span) header.push(formatDuration(task.span.finishedAt - task.span.startedAt));
  const lines = [header.join(' · '), options.colors.dim(`journal: ${journal.dir}`)];
  if (journal.run?.demo) lines.push(options.colors.yellow('demo mode: scripted model, not a real one'));
  for (const problem of journal.problems) lines.push(options.colors.yellow(`unreadable journal file: ${problem}`));
  for (const attempt of attempts) lines.push('', formatAttempt(attempt, options));
  return `${lines.join('\n')}\n`;
}

function outcome(task: TaskEntry): string {
  const n = task.attempts.length;
  const attempts = `${n} attempt${n === 1 ? '' : 's'}`;
  switch (task.decision?.decision) {
    case 'commit':
      return `committed on attempt ${n} (${task.decision.sha?.slice(0, 10) ?? 'no sha'})`;
    case 'give_up':
      return `failed after ${attempts}`;
    default:
      return `in progress or interrupted · ${attempts}`;
  }
}
