/**
 * Pure: the texts of a run's journal files → the RunJournal model. Kept apart
 * from the file reading so tests and other readers can feed it directly.
 */
import type { RunRecord } from '../../activities/run-setup.js';
import { addSpend, ZERO_SPEND } from '../../contracts/run.js';
import type { BaselineEntry, RunJournal, TaskEntry } from './journal-model.js';
import { parseAttempt, type AttemptFileTexts } from './parse-attempt.js';
import { CONVERGE_OUTCOME_FILE } from '../../journal/layout.js';
import type { ConvergeOutcomeRecord, ConvergeRoundRecord } from '../../journal/records.js';

export interface JournalTexts {
  dir: string;
  /** `run.json`, `baseline.json` and `converge-outcome.json` at the journal's top level, when present. */
  top: Record<string, string>;
  /** Task id → attempt number → that attempt folder's files. */
  tasks: Record<string, Record<number, AttemptFileTexts>>;
  /** Converge round number → `converge/round-<n>.json`; absent from journals read before converge existed. */
  converge?: Record<number, string>;
}

export function parseJournal(texts: JournalTexts): RunJournal {
  const problems: string[] = [];
  const top = <T>(name: string): T | undefined => {
    const text = texts.top[name];
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  const run = top<RunRecord>('run.json');
  const baseline = top<BaselineEntry>('baseline.json');
  const convergeOutcome = top<ConvergeOutcomeRecord>(CONVERGE_OUTCOME_FILE);

  const tasks: TaskEntry[] = Object.entries(texts.tasks).map(([id, byAttempt]) => {
    const attempts = Object.keys(byAttempt)
      .map(Number)
      .sort((a, b) => a - b)
      .map((n) => parseAttempt(id, n, byAttempt[n]!, problems));
    const spans = attempts.flatMap((a) => (a.span ? [a.span] : []));
    const decision = attempts.at(-1)?.decision;
    return {
      id,
      attempts,
      spend: attempts.map((a) => a.spend).reduce(addSpend, ZERO_SPEND),
      ...(spans.length ? { span: { startedAt: Math.min(...spans.map((s) => s.startedAt)), finishedAt: Math.max(...spans.map((s) => s.finishedAt)) } } : {}),
      ...(decision ? { decision } : {}),
    };
  });
  // Run order is the order tasks started; ids break ties (T2 before T10).
  tasks.sort((a, b) => (a.span?.startedAt ?? Infinity) - (b.span?.startedAt ?? Infinity) || a.id.localeCompare(b.id, 'en', { numeric: true }));

  const converge = Object.keys(texts.converge ?? {})
    .map(Number)
    .sort((a, b) => a - b)
    .flatMap((round) => {
      try {
        return [JSON.parse(texts.converge![round]!) as ConvergeRoundRecord];
      } catch (error) {
        problems.push(`converge/round-${round}.json: ${(error as Error).message}`);
        return [];
      }
    });

  return { dir: texts.dir, ...(run ? { run } : {}), ...(baseline ? { baseline } : {}), tasks, ...(converge.length ? { converge } : {}), ...(convergeOutcome ? { convergeOutcome } : {}), problems };
}

/** The task with this id (case-insensitive, as users type `t3`), or undefined. */
export function findTask(journal: RunJournal, taskId: string): TaskEntry | undefined {
  return journal.tasks.find((task) => task.id.toLowerCase() === taskId.toLowerCase());
}
