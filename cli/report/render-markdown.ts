/** report.md: the report for terminals, pull requests and wikis; the timeline is the `timeline.svg` written next to it. */
import { escapeMdCell } from './escape.js';
import { DEMO_BANNER, failedTasks, headerRows, TASK_COLUMNS, taskRow, totalsRows, verdictRows } from './report-facts.js';
import type { ReportModel } from './report-model.js';
import { CONVERGE_COLUMNS, convergeSections } from './converge-section.js';
import { traceMatrixMarkdown } from './trace-matrix.js';
import { LANE_COLUMNS, laneTaskRows, lanesRows } from './lanes-section.js';

export const TIMELINE_FILE = 'timeline.svg';

export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [`# Tandem run report${model.planTitle ? `: ${model.planTitle}` : ''}`, ''];
  if (model.run?.demo) out.push(`> **${DEMO_BANNER}**`, '');
  out.push(...table(['', ''], headerRows(model).map(([k, v]) => [`**${k}**`, v])), '');

  out.push('## Totals', '', ...table(['', ''], totalsRows(model).map(([k, v]) => [`**${k}**`, v])), '');

  const lanes = lanesRows(model);
  if (lanes.length) {
    out.push('## Lanes', '', ...table(['', ''], lanes.map(([k, v]) => [`**${k}**`, v])), '', ...table(LANE_COLUMNS, laneTaskRows(model)), '');
  }

  out.push('## Timeline', '');
  out.push(`<img src="${TIMELINE_FILE}" alt="Timeline: ${lanes.length ? 'a row per lane, then ' : ''}one bar per task with implement, test and review segments per attempt" width="960">`, '');

  out.push('## Tasks', '', ...table(TASK_COLUMNS, model.tasks.map(taskRow)), '');

  out.push('## Traceability', '', ...traceMatrixMarkdown(model.trace), '');

  const verdicts = verdictRows(model);
  if (verdicts.length) {
    const rows = verdicts.map((v) => [
      v.task,
      String(v.attempt),
      v.tests,
      v.reviews.length ? v.reviews.map((r) => `${r.verdict === 'approve' ? '✓' : '✗'} ${r.reviewer}: **${r.verdict}**: ${escapeMdCell(r.summary)}`).join('<br>') : '—',
      v.decision,
    ]);
    out.push('## Verdicts per attempt', '', ...table(['Task', 'Attempt', 'Tests', 'Reviews', 'Decision'], rows, [3]), '');
  }

  const failed = failedTasks(model);
  out.push('## Failed tasks', '');
  if (failed.length === 0) out.push('None.', '');
  for (const task of failed) {
    out.push(`### ${task.heading}`, '', `**Reason:** ${task.reason}`, '');
    if (task.details.length) out.push(...task.details.map((d) => `- ${d.replace(/\n/g, ' ')}`), '');
  }
  const converge = convergeSections(model.converge);
  if (converge.length) out.push('## Converge review', '');
  for (const round of converge) {
    out.push(`### ${round.heading}`, '', round.summary, '', ...table(CONVERGE_COLUMNS, round.rows.map((row) => row.cells)), '');
    if (round.followUps) out.push(round.followUps, '');
  }
  if (model.problems.length) out.push('## Unreadable journal files', '', ...model.problems.map((p) => `- ${p}`), '');
  return `${out.join('\n').trimEnd()}\n`;
}

/** A GitHub-flavoured table; cells are escaped except the `raw` columns, which the caller escaped already. */
function table(head: string[], rows: string[][], raw: number[] = []): string[] {
  const cell = (value: string, column: number) => (raw.includes(column) ? value : escapeMdCell(value));
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`)];
}
