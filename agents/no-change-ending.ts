/**
 * An agent that changed nothing and ended by asking the person something, or
 * after its own permission rules refused its tools, has not done the task: in
 * an unattended run nobody answers, and testing and reviewing the unchanged
 * tree is wasted. Tandem's own loop has the same rule (workflows/implement.ts):
 * words without a change fail the attempt unless the model says, with
 * `finish`, that no change is needed. An agent has no `finish` tool, so its
 * last words decide: a statement ("a.txt already says alpha") stands, a
 * question does not. Only a session that left the workspace unchanged is
 * judged here; with a change, Tandem's tests and reviewers have the last word.
 */
import { oneLine } from './events.js';

/** Asking phrases that need no question mark ("Please confirm the file name."). */
const ASKING = /\b(would you like me to|do you want me to|should I|shall I|please (confirm|clarify|specify|advise|let me know which)|could you (confirm|clarify|specify|provide|tell me)|can you (confirm|clarify|specify|provide|tell me)|which (one|option|file|approach) (do|would|should) you)\b/i;

/** True when the last paragraph of `text` asks the reader something. */
export function asksTheUser(text: string): boolean {
  const last = text.trim().split(/\n\s*\n/).at(-1)?.trim() ?? '';
  if (last === '') return false;
  // A trailing question mark, also inside closing markup: `…?**`, `…?)`, `…?"`.
  if (/\?[\s*_`)"'\]]*$/.test(last)) return true;
  return ASKING.test(last);
}

export interface NoChangeEndingInput {
  /** The agent's name for the reason (`codex`, `claude-code`). */
  agent: string;
  lastWords: string;
  permissionDenials?: readonly string[];
}

/** Why a session that changed nothing did not do the task, quoting its last words; undefined when its ending stands. */
export function noChangeEnding(input: NoChangeEndingInput): string | undefined {
  const quoted = `"${oneLine(input.lastWords, 400)}"`;
  const denied = input.permissionDenials ?? [];
  if (denied.length > 0) {
    return `${input.agent} changed no file and its permission rules refused ${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ` and ${denied.length - 3} more` : ''}; its last words: ${quoted}`;
  }
  if (asksTheUser(input.lastWords)) {
    return `${input.agent} changed no file and ended with a question nobody answers in a run (decide, make the change, and end with a summary); its last words: ${quoted}`;
  }
  return undefined;
}
