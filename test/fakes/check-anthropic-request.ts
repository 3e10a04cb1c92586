/**
 * The Messages API rules a real server enforces and our mapping could break:
 * max_tokens, user/assistant alternation starting with user, every tool_use
 * answered by a tool_result at the start of the next user turn, non-empty text,
 * thinking budget below max_tokens, at most four cache breakpoints, and a forced
 * tool that exists.
 */
export function checkAnthropicRequest(body: any): string | undefined {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model: Field required';
  if (!Number.isInteger(body.max_tokens) || body.max_tokens < 1) return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  let pending: string[] = [];
  for (const [i, m] of mergeConsecutive(body.messages).entries()) {
    const expected = i % 2 === 0 ? 'user' : 'assistant';
    if (m?.role !== expected) return `messages.${i}: roles must alternate starting with user`;
    const blocks: any[] = typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content;
    if (!Array.isArray(blocks) || blocks.length === 0) return `messages.${i}: content must be non-empty`;
    if (blocks.some((b) => b.type === 'text' && !String(b.text ?? '').trim())) return `messages.${i}: text content blocks must be non-empty`;
    const results = blocks.filter((b) => b.type === 'tool_result').map((b) => b.tool_use_id);
    if (pending.length) {
      const missing = pending.filter((id) => !results.includes(id));
      if (missing.length) return `messages.${i}: tool_use ids ${missing.join(', ')} have no tool_result`;
      if (blocks.slice(0, results.length).some((b) => b.type !== 'tool_result')) return `messages.${i}: tool_result blocks must come first`;
    }
    if (results.some((id) => !pending.includes(id))) return `messages.${i}: unexpected tool_use_id in tool_result`;
    pending = m.role === 'assistant' ? blocks.filter((b) => b.type === 'tool_use').map((b) => b.id) : [];
    if (blocks.some((b) => (b.type === 'tool_use' || b.type === 'tool_result') && !/^[a-zA-Z0-9_-]+$/.test(b.id ?? b.tool_use_id))) {
      return `messages.${i}: tool ids must match ^[a-zA-Z0-9_-]+$`;
    }
  }
  if (body.thinking?.type === 'enabled' && !(body.thinking.budget_tokens >= 1024 && body.thinking.budget_tokens < body.max_tokens)) {
    return 'thinking.budget_tokens must be >= 1024 and less than max_tokens';
  }
  if (body.thinking && body.thinking.type !== 'disabled' && ['tool', 'any'].includes(body.tool_choice?.type)) {
    return 'Thinking may not be enabled when tool_choice forces tool use.';
  }
  if (body.tool_choice?.type === 'tool' && !(body.tools ?? []).some((t: any) => t.name === body.tool_choice.name)) {
    return `tool_choice names unknown tool ${body.tool_choice.name}`;
  }
  if (countCacheBreakpoints(body) > 4) return 'A maximum of 4 blocks with cache_control may be provided.';
  return undefined;
}

/**
 * The API combines consecutive turns of one role into one turn, and takes `system`
 * messages between turns as context (Claude Code sends its reminders both ways).
 */
function mergeConsecutive(messages: any[]): any[] {
  const merged: any[] = [];
  const blocksOf = (m: any): any[] => (typeof m?.content === 'string' ? [{ type: 'text', text: m.content }] : m?.content);
  for (const m of messages) {
    if (m?.role === 'system' && merged.length > 0) continue;
    const last = merged.at(-1);
    if (last && last.role === m?.role && Array.isArray(blocksOf(m))) last.content = [...blocksOf(last), ...blocksOf(m)];
    else merged.push({ ...m });
  }
  return merged;
}

function countCacheBreakpoints(body: any): number {
  const blocks = [
    ...(body.tools ?? []),
    ...(Array.isArray(body.system) ? body.system : []),
    ...body.messages.flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])),
  ];
  return blocks.filter((b) => b?.cache_control).length;
}
