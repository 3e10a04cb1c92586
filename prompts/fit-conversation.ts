/**
 * An implementer conversation cut to fit the model's context window. Tool results
 * are what grows (files read, command output), so they are what gets cut: file
 * contents keep their start, command output its end, each saying how much was cut.
 * Nothing changes while the conversation fits, so vendor prompt caching still works.
 */
import type { Message, ToolSpec } from '../models/types.js';
import { fitParts, trimBudgetChars, type TrimmablePart } from '../models/context-window.js';

/** Reply room for one step (a tool call with a file's content) when the model sets no maxOutputTokens. */
const DEFAULT_STEP_REPLY_TOKENS = 4096;

export interface FittedConversation {
  messages: Message[];
  /** Characters of tool results sent: the overflow retry halves it. */
  toolChars: number;
}

/**
 * `window` undefined and no cap: the messages as they are. `maxToolChars` caps the
 * tool results together (half the last try after a context overflow).
 */
export function fitConversation(
  messages: Message[],
  tools: ToolSpec[],
  options: { window: number | undefined; replyTokens?: number; maxToolChars?: number },
): FittedConversation {
  const parts: Record<string, TrimmablePart> = {};
  messages.forEach((message, i) => {
    if (message.role === 'tool') parts[String(i)] = { text: message.content, keep: message.name === 'run_command' ? 'tail' : 'head' };
  });
  const toolChars = Object.values(parts).reduce((sum, part) => sum + part.text.length, 0);
  const fixedChars = JSON.stringify(messages).length - toolChars + JSON.stringify(tools).length;
  const replyTokens = Math.min(options.replyTokens ?? DEFAULT_STEP_REPLY_TOKENS, Math.floor((options.window ?? Infinity) / 4));
  const budget = Math.min(trimBudgetChars(options.window, fixedChars, replyTokens) ?? Infinity, options.maxToolChars ?? Infinity);
  const fitted = fitParts(parts, budget);
  if (fitted.trimmed.length === 0) return { messages, toolChars };
  const cut = messages.map((message, i) =>
    message.role === 'tool' && fitted.parts[String(i)] !== undefined ? { ...message, content: fitted.parts[String(i)]! } : message,
  );
  return { messages: cut, toolChars: Object.values(fitted.parts).reduce((sum, text) => sum + text.length, 0) };
}
