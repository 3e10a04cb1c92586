/**
 * The report's converge section: per round, each requirement and acceptance
 * criterion with its verdict and evidence, and the follow-ups it added. Pure
 * rows that both renderers format.
 */
import type { ConvergeEvidence } from '../../contracts/converge.js';
import type { ConvergeRoundRecord } from '../../journal/records.js';
import { usd } from './report-facts.js';

export const CONVERGE_COLUMNS = ['Item', 'Verdict', 'Evidence', 'Tasks'];

export interface ConvergeRoundSection {
  heading: string;
  summary: string;
  rows: { cells: string[]; verdict: string }[];
  /** `Follow-up tasks: T4, T5`, or undefined when the round added none. */
  followUps?: string;
}

export function convergeSections(rounds: ConvergeRoundRecord[] | undefined): ConvergeRoundSection[] {
  return (rounds ?? []).map((round) => ({
    heading: `Round ${round.round} · ${round.reviewer} · ${round.headSha.slice(0, 8)} against ${round.baseSha.slice(0, 8)}${round.testsPassed === undefined ? '' : round.testsPassed ? ' · tests passed' : ' · tests failed'} · ${usd(round.costUsd)}`,
    summary: round.summary,
    rows: round.items.map((item) => ({
      verdict: item.verdict,
      cells: [`${item.id}: ${item.text}`, item.verdict, item.evidence.map(formatEvidence).join('; ') || '—', item.tasks.join(', ') || '—'],
    })),
    ...(round.followUps.length ? { followUps: `Follow-up tasks: ${round.followUps.join(', ')}` } : {}),
  }));
}

function formatEvidence(evidence: ConvergeEvidence): string {
  const where = evidence.file ? `\`${evidence.file}${evidence.line ? `:${evidence.line}` : ''}\`` : '';
  return [evidence.commit ? `\`${evidence.commit.slice(0, 8)}\`` : '', where, evidence.test ? `test ${evidence.test}` : '', evidence.note ?? ''].filter(Boolean).join(' ');
}
