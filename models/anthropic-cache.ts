import type { ContentBlockParam, MessageParam, TextBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';

const EPHEMERAL = { type: 'ephemeral' } as const;
/** The API allows at most four cache breakpoints per request. */
const MAX_BREAKPOINTS = 4;

/**
 * Marks the stable prefix for Anthropic's prompt cache, in prefix order
 * (tools → system → messages):
 *  1. the last tool, so tool definitions are cached;
 *  2. the last system block, so the instructions are cached;
 *  3. the last block of the conversation, so the next call of a tool loop reads
 *     everything up to here from the cache;
 *  4. the last block of the previous user turn — where the previous call put its
 *     breakpoint 3 — so this call reads what that call wrote.
 * Mutates the arrays it is given; they are freshly built per request.
 */
export function applyCacheBreakpoints(request: { tools?: Tool[]; system: TextBlockParam[]; messages: MessageParam[] }): void {
  let left = MAX_BREAKPOINTS;
  const lastTool = request.tools?.at(-1);
  if (lastTool && left > 0) {
    lastTool.cache_control = EPHEMERAL;
    left--;
  }
  const lastSystem = request.system.at(-1);
  if (lastSystem && left > 0) {
    lastSystem.cache_control = EPHEMERAL;
    left--;
  }
  const userTurns = request.messages.flatMap((m, i) => (m.role === 'user' ? [i] : []));
  const last = request.messages.length - 1;
  const previousUser = userTurns.filter((i) => i < last).at(-1);
  for (const index of [last, previousUser]) {
    if (index === undefined || index < 0 || left === 0) continue;
    if (markLastBlock(request.messages[index])) left--;
  }
}

function markLastBlock(message: MessageParam | undefined): boolean {
  if (!message || typeof message.content === 'string') return false;
  // Thinking blocks cannot carry cache_control; take the last block that can.
  const block = [...message.content].reverse().find(cacheable);
  if (!block) return false;
  (block as { cache_control?: unknown }).cache_control = EPHEMERAL;
  return true;
}

function cacheable(block: ContentBlockParam): boolean {
  return block.type === 'text' || block.type === 'tool_use' || block.type === 'tool_result' || block.type === 'image' || block.type === 'document';
}
