/**
 * The code reviewer's messages, cut to fit the reviewer's context window: the
 * diff keeps its start and each test output its end (where failures are), and the
 * prompt says what was cut. A small local server (llama.cpp at 8k tokens) refused
 * a review that did not fit, so the task failed without a retry.
 */
import type { Message } from '../models/types.js';
import { fitParts, trimBudgetChars, type TrimmablePart } from '../models/context-window.js';
import { fillTemplate } from './templates.js';

/** Reply room for a verdict with a few comments. */
const VERDICT_TOKENS = 1500;
/** Test output per command before any window applies. */
const CHECK_TAIL_CHARS = 2000;

export interface ReviewPromptInput {
  system: string;
  /** The reviewer-task template. */
  template: string;
  fields: { taskId: string; title: string; details: string; acceptance: string; implementSummary: string; changes: string };
  checks: { command: string; status: string; output: string }[];
  diff: string;
  /** The diff was already cut to the size limit when it was computed. */
  diffTruncated: boolean;
}

export interface ReviewPrompt {
  messages: Message[];
  /** Characters of diff and test output sent: the overflow retry halves it. */
  partsChars: number;
  /** Something was cut to fit the window. */
  trimmed: boolean;
}

/**
 * The messages for one review. `maxPartsChars` caps the diff and test output
 * together (from the window, or half the last try after an overflow); undefined
 * sends them whole (test output still tailed).
 */
export function reviewPrompt(input: ReviewPromptInput, window: number | undefined, maxPartsChars?: number): ReviewPrompt {
  const parts: Record<string, TrimmablePart> = { diff: { text: input.diff, keep: 'head' } };
  input.checks.forEach((check, i) => {
    const output = check.output.length > CHECK_TAIL_CHARS ? `…${check.output.slice(-CHECK_TAIL_CHARS)}` : check.output;
    parts[`check${i}`] = { text: output, keep: 'tail' };
  });
  const empty = render(input, Object.fromEntries(Object.keys(parts).map((key) => [key, ''])), true);
  const windowChars = trimBudgetChars(window, input.system.length + empty.length, VERDICT_TOKENS);
  let budget = Math.min(windowChars ?? Infinity, maxPartsChars ?? Infinity);
  let fitted = fitParts(parts, budget);
  let user = render(input, fitted.parts, fitted.trimmed.length > 0);
  // Indenting test output and the cut notes add characters the parts did not count: cut those too.
  for (let tries = 0; windowChars !== undefined && tries < 3; tries++) {
    const over = input.system.length + user.length - (input.system.length + empty.length + windowChars);
    if (over <= 0) break;
    budget = Math.max(0, Math.min(budget, partsLength(fitted.parts)) - over);
    fitted = fitParts(parts, budget);
    user = render(input, fitted.parts, true);
  }
  return {
    messages: [
      { role: 'system', content: input.system },
      { role: 'user', content: user },
    ],
    partsChars: partsLength(fitted.parts),
    trimmed: fitted.trimmed.length > 0,
  };
}

function partsLength(parts: Record<string, string>): number {
  return Object.values(parts).reduce((sum, text) => sum + text.length, 0);
}

function render(input: ReviewPromptInput, parts: Record<string, string>, trimmed: boolean): string {
  const checks = input.checks.length
    ? input.checks.map((c, i) => `- \`${c.command}\`: ${c.status}\n${indent(parts[`check${i}`] ?? '')}`).join('\n')
    : '(no test command configured)';
  const note = trimmed ? " (cut to fit the reviewer's context window; judge what is shown and say what you could not see)" : input.diffTruncated ? ' (truncated)' : '';
  return fillTemplate(input.template, { ...input.fields, checks, diffNote: note, diff: parts.diff ?? '' });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
