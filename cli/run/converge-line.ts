/** The converge review's line in the live view, the final summary and `tandem status`. */
import type { ConvergeProgress } from '../../contracts/converge.js';
import type { RunStatus } from '../../contracts/run.js';

/** One line saying where the converge review stands, or why it was skipped. */
export function describeConverge(progress: ConvergeProgress): string {
  const of = `round ${progress.round} of ${progress.rounds}`;
  switch (progress.state) {
    case 'reviewing':
      return `converge ${of}: reviewing the branch against the design`;
    case 'following-up':
      return `converge ${of}: ${progress.missing.length} not met; working on follow-ups ${progress.followUps.join(', ')}`;
    case 'met':
      return `converge ${of}: every requirement and acceptance criterion is met`;
    case 'missing':
      return `converge ${of}: still not met:${progress.missing.map((gap) => `\n  - ${gap}`).join('')}`;
    case 'skipped':
      return `converge skipped: ${progress.reason ?? 'no reason given'}`;
  }
}

/** The converge line with its newline, or '' when the run has no converge progress. */
export function formatConverge(status: Pick<RunStatus, 'converge'>): string {
  return status.converge ? `${describeConverge(status.converge)}\n` : '';
}
