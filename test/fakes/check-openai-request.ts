/**
 * The Chat Completions rules a real server enforces and our mapping could break:
 * a model and messages, and every tool message answering a tool call of the
 * assistant message before it (and every tool call answered).
 */
export function checkOpenAIRequest(body: any): string | undefined {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model is required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages must be a non-empty array';
  let open = new Set<string>();
  for (const [i, m] of body.messages.entries()) {
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m?.role)) return `messages[${i}].role is invalid`;
    if (m.role === 'tool') {
      if (!open.delete(m.tool_call_id)) return `messages[${i}] answers unknown tool_call_id ${m.tool_call_id}`;
      if (typeof m.content !== 'string') return `messages[${i}].content must be a string`;
      continue;
    }
    if (open.size) return `tool calls ${[...open].join(', ')} were not answered before messages[${i}]`;
    if (m.role === 'assistant' && Array.isArray(m.tool_calls)) {
      open = new Set(m.tool_calls.map((c: any) => c.id));
      for (const c of m.tool_calls) {
        if (c.type !== 'function' || typeof c.function?.arguments !== 'string') return `messages[${i}] has a malformed tool call`;
      }
    } else if (typeof m.content !== 'string') {
      return `messages[${i}].content must be a string`;
    }
  }
  for (const t of body.tools ?? []) {
    if (t.type !== 'function' || !t.function?.name) return 'tools must be {type:"function", function:{name,...}}';
  }
  if (body.response_format?.type === 'json_schema' && !body.response_format.json_schema?.name) return 'json_schema.name is required';
  return undefined;
}
