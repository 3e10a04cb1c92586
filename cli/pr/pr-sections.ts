/**
 * The sections of a run's pull request description, each built from the
 * report model that `tandem report` uses, so the pull request and the report
 * say the same thing. PR_SECTIONS is the list the body is made of.
 */
import type { BodySection } from '../../pr/pull-request-body.js';
import { escapeMdCell } from '../report/escape.js';
import { headerRows, TASK_COLUMNS, taskRow, totalsRows } from '../report/report-facts.js';
import type { ReportModel, ReportTask } from '../report/report-model.js';
import { traceMatrixMarkdown } from '../report/trace-matrix.js';

export type SectionBuilder = (model: ReportModel) => BodySection;

/** Longest review comment quoted in full; the report keeps the rest. */
const COMMENT_CHARS = 300;

/** The header and totals of the report, then one row per task. */
export function summarySection(model: ReportModel): BodySection {
  // The journal's path is on the machine that ran it: of no use to a reader of the pull request; the converge outcome opens the description.
  const facts = [...headerRows(model).filter(([key]) => key !== 'Journal' && key !== 'Converge'), ...totalsRows(model)];
  const lines = [
    ...table(['', ''], facts.map(([k, v]) => [`**${k}**`, v])),
    '',
    ...table(TASK_COLUMNS, model.tasks.map(taskRow)),
  ];
  return { heading: 'Summary', markdown: lines.join('\n') };
}

/** Requirement → task → commit → test → verdict, as in the report: where each requirement of the design is done. */
export function traceabilitySection(model: ReportModel): BodySection {
  return { heading: 'Traceability', markdown: traceMatrixMarkdown(model.trace).join('\n') };
}

/** Per task, each reviewer's verdict on the attempt that decided it, with its comments cut short. */
export function reviewsSection(model: ReportModel): BodySection {
  const blocks = model.tasks.filter((task) => task.attempts.length > 0).map(taskReviews);
  return { heading: 'Reviews', markdown: blocks.join('\n\n') };
}

function taskReviews(task: ReportTask): string {
  const last = task.attempts.at(-1)!;
  const attempts = task.attempts.length > 1 ? ` (attempt ${last.attempt} of ${task.attempts.length})` : '';
  const reason = task.state !== 'committed' && task.reason ? `: ${inline(task.reason)}` : '';
  const lines = [`**${task.id}**${task.title ? ` · ${inline(task.title)}` : ''}: ${task.state}${attempts}${reason}`];
  if (last.reviews.length === 0) lines.push('- no review recorded');
  for (const review of last.reviews) {
    lines.push(`- ${review.verdict === 'approve' ? '✓' : '✗'} ${inline(review.reviewer)}: **${review.verdict}**: ${inline(review.summary)}`);
    for (const comment of review.comments) {
      const where = comment.file ? ` ${inline(comment.file)}${comment.line ? `:${comment.line}` : ''}` : '';
      lines.push(`  - [${comment.severity}]${where}: ${inline(comment.body)}`);
    }
  }
  return lines.join('\n');
}

/** Model text on one line, short, with no HTML, and no @mention that would notify someone. */
function inline(text: string): string {
  const short = text.length > COMMENT_CHARS ? `${text.slice(0, COMMENT_CHARS).trimEnd()}…` : text;
  return escapeMdCell(short).replace(/@(?=\w)/g, '@\u200b');
}

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map((cell) => inline(cell)).join(' | ')} |`)];
}

/** The pull request's sections, in order. */
export const PR_SECTIONS: readonly SectionBuilder[] = [summarySection, traceabilitySection, reviewsSection];
