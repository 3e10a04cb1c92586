/**
 * The demo's best moment, told after the run: which attempts were sent back,
 * and what the reviewer (or the failing check) said. Read from the journal, so
 * it reads the same in a terminal and in a pipe, where the live view shows only
 * a task's current step.
 */
import type { AttemptEntry, RunJournal } from '../journal/journal-model.js';

type Paint = (text: string) => string;

export interface SentBackColors {
  bold: Paint;
  yellow: Paint;
  green: Paint;
}

const plain: SentBackColors = { bold: (t) => t, yellow: (t) => t, green: (t) => t };

/** One paragraph per retried attempt; empty when every task passed on its first attempt. */
export function formatSentBack(journal: RunJournal, colors: SentBackColors = plain): string {
  const paragraphs: string[] = [];
  for (const task of journal.tasks) {
    for (const attempt of task.attempts) {
      if (attempt.decision?.decision !== 'retry') continue;
      const next = task.attempts.find((a) => a.attempt === attempt.attempt + 1);
      paragraphs.push([colors.bold(`${task.id} was sent back after attempt ${attempt.attempt}:`), ...why(attempt, colors), ...outcome(next, colors)].join('\n'));
    }
  }
  return paragraphs.length === 0 ? '' : `${paragraphs.join('\n\n')}\n`;
}

function why(attempt: AttemptEntry, colors: SentBackColors): string[] {
  const requested = attempt.reviews.filter((review) => review.verdict === 'request_changes');
  if (requested.length === 0) {
    const failed = attempt.checks?.commands.find((command) => command.exitCode !== 0);
    return [`  ${failed ? `\`${failed.command}\` failed (exit ${failed.exitCode ?? 'timeout'})` : attempt.decision?.reason ?? ''}`];
  }
  return requested.flatMap((review) => [
    `  ${review.reviewer} reviewed the diff and the test results: ${colors.yellow('request changes')}`,
    `    ${review.summary.trim()}`,
    ...review.comments.map((c) => `    [${c.severity}]${c.file ? ` ${c.file}${c.line ? `:${c.line}` : ''}` : ''} ${c.body}`),
  ]);
}

function outcome(next: AttemptEntry | undefined, colors: SentBackColors): string[] {
  if (!next) return [];
  const decision = next.decision?.decision;
  const approvedBy = next.reviews.filter((review) => review.verdict === 'approve').map((review) => review.reviewer);
  if (decision === 'commit') {
    return [`  Attempt ${next.attempt} got that feedback${approvedBy.length ? `, and ${approvedBy.join(', ')} approved it` : ''}: ${colors.green(`committed ${next.decision?.sha?.slice(0, 8) ?? ''}`.trim())}.`];
  }
  if (decision === 'give_up') return [`  Attempt ${next.attempt} got that feedback, and the task was rolled back: ${next.decision?.reason ?? ''}`];
  return [`  Attempt ${next.attempt} got that feedback.`];
}
