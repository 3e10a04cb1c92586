/**
 * report.html: one self-contained file (inline CSS, the timeline as inline
 * SVG, no scripts, nothing fetched), so it can be mailed, archived or opened
 * from a CI artefact as is.
 */
import { escapeXml as h } from './escape.js';
import { htmlInline as inline, plainInline } from './inline-code.js';
import { DEMO_BANNER, failedTasks, headerRows, TASK_COLUMNS, taskRow, totalsRows, verdictRows } from './report-facts.js';
import type { ReportModel } from './report-model.js';
import { CONVERGE_COLUMNS, convergeSections } from './converge-section.js';
import { REPORT_CSS } from './report-style.js';
import { TRACE_COLUMNS, traceCaption, traceCells } from './trace-matrix.js';
import { LANE_COLUMNS, laneTaskRows, lanesRows } from './lanes-section.js';

const NUMERIC_COLUMNS = new Set([3, 4, 5, 6]);

export function renderHtml(model: ReportModel, timelineSvg: string): string {
  const title = `Tandem run report${model.planTitle ? `: ${model.planTitle}` : ''}`;
  const body = [
    `<h1>${inline(title)}</h1>`,
    model.run?.demo ? `<div class="banner" role="note">${h(DEMO_BANNER)}</div>` : '',
    `<section><dl class="facts">${headerRows(model).map(([k, v]) => `<dt>${h(k)}</dt><dd>${inline(v)}</dd>`).join('')}</dl></section>`,
    '<h2>Totals</h2>',
    `<div class="totals">${totalsRows(model).map(([k, v]) => `<div class="card"><div class="label">${h(k)}</div><div class="value">${h(v)}</div></div>`).join('')}</div>`,
    lanesSection(model),
    '<h2>Timeline</h2>',
    `<section class="timeline-box">${timelineSvg.replace(/^<\?xml[^>]*>\s*/, '')}</section>`,
    '<h2>Tasks</h2>',
    tasksTable(model),
    traceTable(model),
    verdictsTable(model),
    failedSection(model),
    convergeSection(model),
    model.problems.length ? `<h2>Unreadable journal files</h2><ul>${model.problems.map((p) => `<li><code>${h(p)}</code></li>`).join('')}</ul>` : '',
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(plainInline(title))}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body.filter(Boolean).join('\n')}
</main>
</body>
</html>
`;
}

/** With lanes: how many ran at once and what it saved, as cards like the totals, then each lane's tasks. */
function lanesSection(model: ReportModel): string {
  const rows = lanesRows(model);
  if (rows.length === 0) return '';
  // The integrations line is a sentence, not a figure: it gets a row of its own.
  const cards = rows.map(([k, v]) => `<div class="card${k === 'Integrations' ? ' wide' : ''}"><div class="label">${h(k)}</div><div class="value">${inline(v)}</div></div>`).join('');
  const lanes = laneTaskRows(model).map(([lane, tasks]) => `<tr data-lane="${h(lane ?? '')}"><td>${h(lane ?? '')}</td><td>${h(tasks ?? '')}</td></tr>`).join('');
  return `<h2>Lanes</h2><div class="totals lanes">${cards}</div><div class="table-box"><table class="lanes"><thead><tr>${LANE_COLUMNS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${lanes}</tbody></table></div>`;
}

function tasksTable(model: ReportModel): string {
  const rows = model.tasks.map((task) => {
    const cells = taskRow(task).map((value, column) => {
      if (column === 2) return `<td><span class="state state-${task.state.replace(' ', '-')}">${h(value)}</span></td>`;
      if (column === 7) return `<td class="sha">${h(value)}</td>`;
      if (column === 1) return `<td>${inline(value)}</td>`;
      return `<td${NUMERIC_COLUMNS.has(column) ? ' class="num"' : ''}>${h(value)}</td>`;
    });
    return `<tr data-task="${h(task.id)}">${cells.join('')}</tr>`;
  });
  return `<div class="table-box"><table class="tasks"><thead><tr>${TASK_COLUMNS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** Requirement → task → commit → test → verdict; the verdict is coloured like review verdicts. */
function traceTable(model: ReportModel): string {
  const caption = `<p class="muted">${inline(traceCaption(model.trace))}</p>`;
  if (model.trace.rows.length === 0) return `<h2>Traceability</h2>${caption}`;
  const rows = model.trace.rows.map((row) => {
    const [requirement = '', task = '', commit = '', test = '', verdict = ''] = traceCells(row);
    return `<tr data-requirement="${h(row.requirement)}"><td>${inline(requirement)}</td><td>${inline(task)}</td><td class="sha">${h(commit)}</td><td${testsClass(test.replace(/:.*$/, ''))}>${inline(test)}</td><td><span class="trace-verdict trace-${h(verdict.replace(' ', '-'))}">${h(verdict)}</span></td></tr>`;
  });
  return `<h2>Traceability</h2>${caption}<div class="table-box"><table class="trace"><thead><tr>${TRACE_COLUMNS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function verdictsTable(model: ReportModel): string {
  const rows = verdictRows(model).map((v) => {
    const reviews = v.reviews.length
      ? v.reviews.map((r) => `<span class="verdict verdict-${h(r.verdict)}"><b>${h(r.verdict)}</b> · ${h(r.reviewer)}: ${inline(r.summary)}</span>`).join('')
      : '<span class="muted">—</span>';
    return `<tr><td>${h(v.task)}</td><td class="num">${v.attempt}</td><td${testsClass(v.tests)}>${inline(v.tests)}</td><td>${reviews}</td><td>${inline(v.decision)}</td></tr>`;
  });
  if (rows.length === 0) return '';
  return `<h2>Verdicts per attempt</h2><div class="table-box"><table class="verdicts"><thead><tr><th>Task</th><th>Attempt</th><th>Tests</th><th>Reviews</th><th>Decision</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function failedSection(model: ReportModel): string {
  const failed = failedTasks(model);
  const items = failed.map(
    (task) => `<h3>${inline(task.heading)}</h3><p><b>Reason:</b> ${inline(task.reason)}</p>${task.details.length ? `<ul>${task.details.map((d) => `<li>${inline(d)}</li>`).join('')}</ul>` : ''}`,
  );
  return `<h2>Failed tasks</h2><section class="failed">${items.length ? items.join('') : '<p class="muted">None.</p>'}</section>`;
}

function convergeSection(model: ReportModel): string {
  const rounds = convergeSections(model.converge).map((round) => {
    const rows = round.rows.map((row) => `<tr class="converge-${h(row.verdict)}">${row.cells.map((cell) => `<td>${inline(cell)}</td>`).join('')}</tr>`);
    const table = `<div class="table-box"><table class="converge"><thead><tr>${CONVERGE_COLUMNS.map((c) => `<th>${h(c)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
    return `<h3>${inline(round.heading)}</h3><p>${inline(round.summary)}</p>${table}${round.followUps ? `<p>${h(round.followUps)}</p>` : ''}`;
  });
  return rounds.length ? `<h2>Converge review</h2>${rounds.join('')}` : '';
}

/** Passed green, failed red, as on the timeline. */
function testsClass(tests: string): string {
  if (tests === 'passed') return ' class="tests-passed"';
  return tests.startsWith('failed') ? ' class="tests-failed"' : '';
}
