/** `tandem trace` answers as plain text: one heading line, then indented `Label  value` lines. */
import type { FileAnswer, LineAnswer, RequirementAnswer, TaskAnswer, TaskStory, TraceAnswer } from './trace-types.js';

const short = (sha: string) => sha.slice(0, 10);
const LABEL = 14;

function row(label: string, value: string, indent = '  '): string {
  return `${indent}${label.padEnd(LABEL)}${value}`;
}

/** Everything known about a task commit, one fact a line; the first criterion or review continues under its label. */
export function storyLines(story: TaskStory, indent = '  '): string[] {
  const lines = [row('Task', `${story.taskId}${story.title ? ` · ${story.title}` : ''}`, indent), row('Commit', short(story.sha), indent)];
  if (story.runId) lines.push(row('Run', story.runId, indent));
  lines.push(row('Requirements', story.requirements.length ? story.requirements.join(', ') : 'none named', indent));
  const list = (label: string, items: string[]) => items.forEach((item, index) => lines.push(row(index === 0 ? label : '', item, indent)));
  if (story.acceptance.length) list('Acceptance', story.acceptance);
  if (story.tests) lines.push(row('Tests', story.tests, indent));
  if (story.attempt !== undefined) {
    const reviews = story.reviews.map((r) => `${r.verdict === 'approve' ? '✓' : '✗'} ${r.reviewer}: ${r.verdict}: ${r.summary.replace(/\s+/g, ' ').trim()}`);
    list(`Reviews`, [`attempt ${story.attempt} of ${story.attempts ?? story.attempt}`, ...reviews]);
  } else {
    lines.push(row('Reviews', "not found: this run's journal is not on this machine (see TANDEM_HOME)", indent));
  }
  return lines;
}

function lineText(answer: LineAnswer): string[] {
  const lines = [`${answer.path}:${answer.line} on ${answer.branch}`, `  ${answer.line} │ ${answer.text}`, ''];
  lines.push(`Last changed by ${short(answer.commit.sha)} ${answer.commit.subject}`);
  if (answer.task) lines.push(...storyLines(answer.task));
  else lines.push('  not a Tandem task commit (it has no Tandem-Task trailer): made by hand or outside a run');
  return lines;
}

function fileText(answer: FileAnswer): string[] {
  const lines = [`${answer.path} on ${answer.branch}: ${answer.commits.length} commit${answer.commits.length === 1 ? '' : 's'} last changed its lines`];
  for (const commit of answer.commits) {
    lines.push('', `${/[-,]/.test(commit.lines) ? 'Lines' : 'Line'} ${commit.lines}: ${short(commit.sha)} ${commit.subject}`);
    if (commit.task) lines.push(...storyLines(commit.task));
    else lines.push('  not a Tandem task commit');
  }
  return lines;
}

function requirementText(answer: RequirementAnswer): string[] {
  const lines = [`Requirement ${answer.id}${answer.text ? `: ${answer.text}` : ''} (on ${answer.branch})`];
  lines.push(row('Verdict', answer.round === undefined ? `${answer.verdict} (no converge review of it)` : `${answer.verdict} (converge round ${answer.round})`));
  if (answer.commits.length === 0) lines.push(row('Done in', 'no commit on this branch names it'));
  for (const story of answer.commits) lines.push('', ...storyLines(story));
  if (answer.uncommitted.length) {
    lines.push('', 'Planned, not committed:');
    for (const task of answer.uncommitted) lines.push(row(task.id, `${task.title} (${task.status})`));
  }
  return lines;
}

function taskText(answer: TaskAnswer): string[] {
  const lines = [`Task ${answer.id}${answer.title ? ` · ${answer.title}` : ''} (on ${answer.branch}${answer.status ? `, ${answer.status} in the plan` : ''})`];
  if (answer.commits.length === 0) lines.push(row('Commit', 'none on this branch yet'));
  for (const story of answer.commits) lines.push('', ...storyLines(story));
  return lines;
}

export function renderTrace(answer: TraceAnswer): string {
  const lines =
    answer.kind === 'line' ? lineText(answer) : answer.kind === 'file' ? fileText(answer) : answer.kind === 'requirement' ? requirementText(answer) : taskText(answer);
  return `${lines.join('\n')}\n`;
}
