/**
 * `renderTodo`: `TodoDocument` → canonical TODO.md text. Rendering is
 * normalising (titles on one line, trailing spaces dropped, fields in a fixed
 * order), and canonical text parses back to a document that renders to the
 * same bytes. Format rules: todo-format.md.
 */
import { oneLine, proseBlock, splitLines, textBlock, toCodeSpan } from './todo-text.js';
import { STATUS_MARKS, type TodoDocument, type TodoTask } from './todo-types.js';

const FIELD = '  - ';
const NESTED = '    ';

/**
 * Blocks (heading, source, preamble, runs of tasks, prose sections) separated
 * by one blank line; tasks in a run are not separated; one final newline.
 */
export function renderTodo(doc: TodoDocument): string {
  const blocks: string[] = [];
  const title = oneLine(doc.title);
  if (title !== '') blocks.push(`# Plan: ${title}`);
  const source = oneLine(doc.source ?? '');
  if (source !== '') blocks.push(`> Source: ${source}`);
  pushProse(blocks, doc.preamble);
  let run: string[] = [];
  for (const task of doc.tasks) {
    const preface = proseBlock(splitLines(task.preface ?? ''));
    if (preface !== '' && run.length > 0) {
      blocks.push(run.join('\n'));
      run = [];
    }
    if (preface !== '') blocks.push(preface);
    run.push(...renderTask(task));
  }
  if (run.length > 0) blocks.push(run.join('\n'));
  pushProse(blocks, doc.postscript);
  return `${blocks.join('\n\n')}\n`;
}

function pushProse(blocks: string[], prose: string | undefined): void {
  const text = proseBlock(splitLines(prose ?? ''));
  if (text !== '') blocks.push(text);
}

/** The task line, then Reason, Details, Acceptance, Verify, Depends on, Files, Requirements, then unknown fields in order. */
export function renderTask(task: TodoTask): string[] {
  const lines = [`- [${STATUS_MARKS[task.status]}] ${task.id}: ${oneLine(task.title)}`];
  const reason = oneLine(task.reason ?? '');
  if (reason !== '') lines.push(`${FIELD}Reason: ${reason}`);
  if (textBlock(task.details) !== '') lines.push(...renderText('Details', task.details));
  const acceptance = task.acceptance.map(oneLine).filter((item) => item !== '');
  if (acceptance.length > 0) lines.push(`${FIELD}Acceptance:`, ...acceptance.map((item) => `${NESTED}- ${item}`));
  const verify = oneLine(task.verify ?? '');
  if (verify !== '') lines.push(`${FIELD}Verify: ${toCodeSpan(verify)}`);
  lines.push(`${FIELD}Depends on: ${task.dependsOn.length > 0 ? task.dependsOn.join(', ') : 'none'}`);
  if (task.files !== undefined) {
    const files = task.files.map(oneLine).filter((file) => file !== '');
    lines.push(`${FIELD}Files: ${files.length > 0 ? files.join(', ') : 'none'}`);
  }
  if (task.requirements !== undefined) {
    lines.push(`${FIELD}Requirements: ${task.requirements.length > 0 ? task.requirements.join(', ') : 'none'}`);
  }
  for (const field of task.extra) lines.push(...renderText(oneLine(field.name), field.value));
  return lines;
}

/**
 * A free-text field. The first line goes after the name unless it is indented
 * or starts a Markdown block (list, quote, heading, fence, table); then all
 * lines go below, so the parser gives back the same text.
 */
function renderText(name: string, value: string): string[] {
  const text = textBlock(value);
  if (text === '') return [`${FIELD}${name}:`];
  const lines = text.split('\n');
  const inline = !/^(?:[ \t]|[-*+>#|]|\d+[.)]|```|~~~)/.test(lines[0] ?? '');
  const below = (inline ? lines.slice(1) : lines).map((line) => (line === '' ? '' : `${NESTED}${line}`));
  return [inline ? `${FIELD}${name}: ${lines[0]}` : `${FIELD}${name}:`, ...below];
}
