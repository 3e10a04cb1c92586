/**
 * The converge review's outcome in one line, for the report's header and the
 * pull request's opening: `every requirement met (round 2 by openai:gpt-5)`,
 * `still missing R4 (round 2 by …)`, `skipped — <reason>`, `not run`. The
 * outcome the run journaled when it left converge is the truth (it alone knows
 * why a review was skipped); without one (a run in progress, an older run),
 * the last journaled round says what was found.
 */
import type { ConvergeProgress, ConvergeRound } from '../../contracts/converge.js';

export function convergeOutcomeLine(outcome: ConvergeProgress | undefined, rounds: readonly ConvergeRound[]): string {
  const last = rounds.at(-1);
  const found = last ? foundIn(last) : undefined;
  if (!outcome) return found ?? 'not run';
  switch (outcome.state) {
    case 'met':
      return `every requirement met (${last ? by(last) : `round ${outcome.round}`})`;
    case 'missing':
      return `still missing ${outcome.missing.map(gapLabel).join(', ')} (${last ? by(last) : `round ${outcome.round}`})`;
    case 'skipped':
      return `skipped — ${outcome.reason ?? 'no reason recorded'}${found ? `; before that, ${found}` : '; no converge review ran'}`;
    case 'following-up':
      return `follow-up tasks ${outcome.followUps.join(', ')} not finished${found ? `; ${found}` : ''}`;
    case 'reviewing':
      return `round ${outcome.round} under way`;
  }
}

function by(round: ConvergeRound): string {
  return `round ${round.round} by ${round.reviewer}`;
}

/** What one round found, as the outcome line words it. */
function foundIn(round: ConvergeRound): string {
  const gaps = round.items.filter((item) => item.verdict !== 'met').map((item) => (item.verdict === 'partial' ? `${item.id} (partial)` : item.id));
  return gaps.length ? `still missing ${gaps.join(', ')} (${by(round)})` : `every requirement met (${by(round)})`;
}

/** `R4 (missing): d.txt …` → `R4`; `R2 (partial): …` → `R2 (partial)`: the ids, the text is in the converge section. */
function gapLabel(gap: string): string {
  const match = /^(.*?) \((missing|partial)\)/.exec(gap);
  if (!match) return gap;
  return match[2] === 'partial' ? `${match[1]} (partial)` : match[1]!;
}
