/**
 * The converge reviewer's messages, cut to fit its context window like the
 * code review's (review-prompt.ts): the whole branch diff keeps its start and
 * the test output its end, and the prompt says what was cut. The design and
 * the plan are sent whole: they are what the branch is judged against.
 */
import type { Message } from '../models/types.js';
import { fitParts, trimBudgetChars, type TrimmablePart } from '../models/context-window.js';
import { fillTemplate } from './templates.js';

/** Reply room for a verdict per requirement and criterion, with evidence and follow-ups. */
const VERDICT_TOKENS = 6000;
/** Test output before any window applies. */
const TEST_TAIL_CHARS = 4000;

export interface ConvergePromptInput {
  system: string;
  /** The converge-task template. */
  template: string;
  fields: { round: string; designPath: string; design: string; planPath: string; plan: string; baseSha: string; headSha: string; commits: string; changes: string };
  /** The test command and how it ended, and its output; undefined when no test command is set. */
  tests?: { command: string; status: string; output: string };
  diff: string;
  /** The diff was already cut to the size limit when it was computed. */
  diffTruncated: boolean;
}

export interface ConvergePrompt {
  messages: Message[];
  /** Characters of diff and test output sent: the overflow retry halves it. */
  partsChars: number;
}

/** The messages for one converge round; `maxPartsChars` caps the diff and test output together. */
export function convergePrompt(input: ConvergePromptInput, window: number | undefined, maxPartsChars?: number): ConvergePrompt {
  const output = input.tests?.output ?? '';
  const parts: Record<'diff' | 'tests', TrimmablePart> = {
    diff: { text: input.diff, keep: 'head' },
    tests: { text: output.length > TEST_TAIL_CHARS ? `…${output.slice(-TEST_TAIL_CHARS)}` : output, keep: 'tail' },
  };
  const empty = render(input, { diff: '', tests: '' }, true);
  const windowChars = trimBudgetChars(window, input.system.length + empty.length, VERDICT_TOKENS);
  const fitted = fitParts(parts, Math.min(windowChars ?? Infinity, maxPartsChars ?? Infinity));
  return {
    messages: [
      { role: 'system', content: input.system },
      { role: 'user', content: render(input, fitted.parts, fitted.trimmed.length > 0) },
    ],
    partsChars: fitted.parts.diff.length + fitted.parts.tests.length,
  };
}

function render(input: ConvergePromptInput, parts: { diff: string; tests: string }, trimmed: boolean): string {
  const tests = input.tests
    ? `- \`${input.tests.command}\`: ${input.tests.status}\n${parts.tests.split('\n').map((line) => `    ${line}`).join('\n')}`
    : '(no test command configured)';
  const note = trimmed ? " (cut to fit your context window; judge what is shown and say what you could not see)" : input.diffTruncated ? ' (truncated)' : '';
  return fillTemplate(input.template, { ...input.fields, tests, diffNote: note, diff: parts.diff });
}
