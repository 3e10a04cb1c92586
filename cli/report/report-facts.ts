/**
 * The report's content as plain strings, once: the header, the totals, a row
 * per task, the verdicts per attempt and the failures. The Markdown and HTML
 * renderers only lay these out, so both files always say the same thing.
 */
import { spendTokens, type Spend } from '../../contracts/run.js';
import { formatEndpoint } from '../../contracts/endpoints.js';
import type { AttemptEntry } from '../journal/journal-model.js';
import { formatDuration, formatTokens } from '../run/format.js';
import type { ReportModel, ReportTask } from './report-model.js';

export const DEMO_BANNER = 'demo mode: scripted model, not a real one';

export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export const usd = (value: number) => `$${value.toFixed(value < 1 ? 4 : 2)}`;
/** A spend's cost, `~` first when some of its usage was estimated (a server sent none). */
const spendUsd = (spend: Spend) => `${spend.estimated ? '~' : ''}${usd(spend.costUsd)}`;

export function headerRows(model: ReportModel): [string, string][] {
  const run = model.run;
  const rows: [string, string | undefined][] = [
    ['Plan', run ? `${run.planRelPath}${model.planTitle ? ` (${model.planTitle})` : ''}` : model.planTitle],
    ['Branch', run?.branch],
    ['Implementer', run?.implementer],
    ['Reviewers', run?.reviewers.join(', ')],
    ['Endpoints', run?.endpoints ? [`implementer: ${formatEndpoint(run.endpoints.implementer)}`, ...run.endpoints.reviewers.map((r) => `reviewer: ${formatEndpoint(r)}`)].join('; ') : undefined],
    ['Test command', run ? (run.testCommand ?? 'none configured') : undefined],
    ['Converge', model.convergeLine],
    ['Started', model.span ? utc(model.span.startedAt) : undefined],
    ['Duration', model.span ? formatDuration(model.span.finishedAt - model.span.startedAt) : undefined],
    ['Journal', model.journalDir],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
}

export function totalsRows(model: ReportModel): [string, string][] {
  const { totals } = model;
  const counts = (['committed', 'failed', 'skipped', 'in progress', 'not run'] as const).filter((s) => s === 'committed' || s === 'failed' || totals[s] > 0).map((s) => `${totals[s]} ${s}`);
  const { spend } = totals;
  const rows: [string, string][] = [
    ['Tasks', counts.join(', ')],
    ['Tokens', tokensInOut(spend)],
    ['Cost', spend.estimated ? `${spendUsd(spend)} (est.: a server sent no usage for some calls; counted at ~4 characters a token)` : usd(spend.costUsd)],
    ['Wall time', model.span ? formatDuration(model.span.finishedAt - model.span.startedAt) : '—'],
  ];
  const planning = model.planning;
  if (planning) {
    // Planning is shown on its own, then added in: the run's figures stay comparable between runs.
    rows.push(
      ['Planning', `${usd(planning.spend.costUsd)} · ${tokensInOut(planning.spend)} · ${planning.calls} model call${planning.calls === 1 ? '' : 's'}`],
      ['Cost with planning', usd(spend.costUsd + planning.spend.costUsd)],
    );
  }
  return rows;
}

/** `59k in (6.6k cached) · 6.2k out`: every count through the one formatter. */
export function tokensInOut(spend: Spend): string {
  return `${formatTokens(spend.inputTokens)} in (${formatTokens(spend.cachedInputTokens)} cached) · ${formatTokens(spend.outputTokens)} out`;
}

export const TASK_COLUMNS = ['Task', 'Title', 'State', 'Attempts', 'Tokens in / out', 'Cost', 'Duration', 'Commit'];

export function taskRow(task: ReportTask): string[] {
  return [
    task.id,
    task.title ?? '',
    task.earlier ? `${task.state} (earlier run)` : task.state,
    task.attempts.length ? String(task.attempts.length) : '—',
    task.attempts.length ? `${formatTokens(task.spend.inputTokens)} / ${formatTokens(task.spend.outputTokens)}` : '—',
    task.attempts.length ? spendUsd(task.spend) : '—',
    task.span ? formatDuration(task.span.finishedAt - task.span.startedAt) : '—',
    task.state === 'committed' && task.sha ? task.sha.slice(0, 10) : '—',
  ];
}

export interface VerdictRow {
  task: string;
  attempt: number;
  tests: string;
  reviews: { reviewer: string; verdict: string; summary: string }[];
  decision: string;
}

export function verdictRows(model: ReportModel): VerdictRow[] {
  return model.tasks.flatMap((task) =>
    task.attempts.map((attempt) => ({
      task: task.id,
      attempt: attempt.attempt,
      tests: testsCell(attempt),
      reviews: attempt.reviews.map((r) => ({ reviewer: r.reviewer, verdict: r.verdict, summary: r.summary })),
      decision: decisionCell(attempt, task),
    })),
  );
}

function testsCell(attempt: AttemptEntry): string {
  const checks = attempt.checks;
  if (!checks) return attempt.steps.length ? 'not run' : '—';
  if (checks.passed) return checks.commands.length ? 'passed' : 'no test command';
  const failed = checks.commands.find((c) => c.exitCode !== 0);
  return failed ? `failed: ${failed.command} ${failed.timedOut ? 'timed out' : `exit ${failed.exitCode}`}` : 'failed';
}

function decisionCell(attempt: AttemptEntry, task: ReportTask): string {
  const decision = attempt.decision;
  if (!decision) return 'none yet';
  // With lanes an approved attempt is committed in its worktree, then integrated: the branch's sha, or why it went back.
  const integration = task.integrations?.find((i) => i.attempt === attempt.attempt);
  if (integration?.outcome === 'refused') return `approved, sent back by integration: ${integration.reason ?? 'refused'}`;
  if (integration && task.sha) return `committed ${task.sha.slice(0, 10)}`;
  if (decision.decision === 'commit') return `committed ${decision.sha?.slice(0, 10) ?? ''}`.trim();
  if (decision.decision === 'give_up') return `rolled back: ${decision.reason}`;
  return `retry: ${decision.reason}`;
}

export interface FailedTask {
  heading: string;
  reason: string;
  details: string[];
}

/** Failed tasks with their reason, and the blocking review comments or failed check of their last attempt. */
export function failedTasks(model: ReportModel): FailedTask[] {
  return model.tasks
    .filter((task) => task.state === 'failed')
    .map((task) => {
      const last = task.attempts.at(-1);
      const details: string[] = [];
      if (task.attempts.length) details.push(`${task.attempts.length} attempts, ${formatTokens(spendTokens(task.spend))} tokens, ${spendUsd(task.spend)}`);
      if (task.earlier) details.push('failed in an earlier run of this plan');
      const failedCheck = last?.checks?.commands.find((c) => c.exitCode !== 0);
      if (failedCheck) details.push(`last check: ${failedCheck.command} ${failedCheck.timedOut ? 'timed out' : `exited ${failedCheck.exitCode}`}`);
      for (const review of last?.reviews ?? []) {
        for (const c of review.comments.filter((c) => c.severity === 'blocker' || c.severity === 'major')) {
          details.push(`[${c.severity}] ${review.reviewer}${c.file ? ` on ${c.file}${c.line ? `:${c.line}` : ''}` : ''}: ${c.body}`);
        }
      }
      return { heading: `${task.id}${task.title ? ` · ${task.title}` : ''}`, reason: task.reason ?? 'no reason recorded', details };
    });
}
