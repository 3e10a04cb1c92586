/**
 * The fake OpenAI server's Responses API (`POST /v1/responses`): a scripted
 * reply as a Response object, or for `stream: true` as the events the API
 * streams: response.created, response.in_progress, any keepalives, per output item
 * response.output_item.added, its deltas (output_text in two pieces,
 * function_call_arguments) and response.output_item.done, then
 * response.completed (or response.incomplete) carrying the whole response
 * with usage.
 */
import type { FakeEndpoint, SseEvent } from './http-fake.js';
import { argumentsText, replyStopReason, replyUsage, type FakeReply, type RecordedRequest } from './script.js';

export const responsesEndpoint: FakeEndpoint = { renderReply: renderResponse, renderStream: renderResponseEvents, checkRequest: checkResponsesRequest };

function renderResponse(reply: FakeReply, request: RecordedRequest, index: number): any {
  const usage = replyUsage(reply, request);
  const output: any[] = [];
  for (const [i, item] of (reply.reasoning ?? []).entries()) {
    output.push({ type: 'reasoning', id: `rs_fake_${index}_${i}`, summary: [{ type: 'summary_text', text: item }], encrypted_content: `enc:${index}:${i}:${item}` });
  }
  const text = reply.text ?? (reply.json === undefined ? undefined : JSON.stringify(reply.json));
  if (text !== undefined) {
    output.push({ type: 'message', id: `msg_fake_${index}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [], logprobs: [] }] });
  }
  for (const [i, call] of (reply.toolCalls ?? []).entries()) {
    output.push({ type: 'function_call', id: `fc_fake_${index}_${i}`, call_id: call.id ?? `call_${index}_${i}`, name: call.name, arguments: argumentsText(call), status: 'completed' });
  }
  const stop = replyStopReason(reply);
  const incomplete = stop === 'max_tokens' ? 'max_output_tokens' : stop === 'refusal' ? 'content_filter' : undefined;
  return {
    id: `resp_fake_${index}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: incomplete ? 'incomplete' : 'completed',
    incomplete_details: incomplete ? { reason: incomplete } : null,
    error: null,
    model: reply.model ?? request.body?.model ?? 'gpt-fake',
    output,
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: request.body?.tools ?? [],
    store: request.body?.store ?? true,
    ...(reply.noUsage
      ? { usage: null }
      : {
          usage: {
            input_tokens: usage.inputTokens,
            input_tokens_details: { cached_tokens: usage.cachedInputTokens, ...(usage.cacheWriteInputTokens ? { cache_write_tokens: usage.cacheWriteInputTokens } : {}) },
            output_tokens: usage.outputTokens,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: usage.inputTokens + usage.outputTokens,
          },
        }),
  };
}

function renderResponseEvents(reply: FakeReply, request: RecordedRequest, index: number): SseEvent[] {
  const response = renderResponse(reply, request, index);
  const events: SseEvent[] = [];
  const emit = (type: string, data: Record<string, unknown>): void => void events.push({ event: type, data: { type, sequence_number: events.length, ...data } });
  const started = { ...response, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  emit('response.created', { response: started });
  emit('response.in_progress', { response: started });
  for (let i = 0; i < (reply.stream?.idleSignals ?? 0); i++) emit('keepalive', {});
  for (const [output_index, item] of (response.output as any[]).entries()) {
    if (item.type === 'message') {
      const part = item.content[0];
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      emit('response.content_part.added', { item_id: item.id, output_index, content_index: 0, part: { ...part, text: '' } });
      for (const delta of halves(part.text)) emit('response.output_text.delta', { item_id: item.id, output_index, content_index: 0, delta, logprobs: [] });
      emit('response.output_text.done', { item_id: item.id, output_index, content_index: 0, text: part.text, logprobs: [] });
      emit('response.content_part.done', { item_id: item.id, output_index, content_index: 0, part });
    } else if (item.type === 'function_call') {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', arguments: '' } });
      for (const delta of halves(item.arguments)) emit('response.function_call_arguments.delta', { item_id: item.id, output_index, delta });
      emit('response.function_call_arguments.done', { item_id: item.id, output_index, name: item.name, arguments: item.arguments });
    } else {
      emit('response.output_item.added', { output_index, item });
    }
    emit('response.output_item.done', { output_index, item });
  }
  emit(response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', { response });
  return events;
}

function halves(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return [text.slice(0, middle), text.slice(middle)].filter((piece) => piece.length > 0);
}

/**
 * The Responses rules a real server enforces and our mapping could break: a model
 * and input; every function_call_output answering an earlier function_call and every
 * call answered before the next message; reasoning items sent back with their
 * encrypted content when nothing is stored; strict schemas with every field required.
 */
export function checkResponsesRequest(body: any): string | undefined {
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (typeof body.model !== 'string' || !body.model) return 'model is required';
  if (!Array.isArray(body.input) || body.input.length === 0) return 'input must be a non-empty array';
  if (body.previous_response_id && body.store === false) return 'previous_response_id needs a stored response';
  const open = new Set<string>();
  for (const [i, item] of body.input.entries()) {
    const type = item?.type ?? 'message';
    if (type === 'message') {
      if (!['system', 'developer', 'user', 'assistant'].includes(item.role)) return `input[${i}].role is invalid`;
      if (open.size) return `function calls ${[...open].join(', ')} have no function_call_output before input[${i}]`;
    } else if (type === 'function_call') {
      if (typeof item.call_id !== 'string' || typeof item.arguments !== 'string') return `input[${i}] is a malformed function_call`;
      open.add(item.call_id);
    } else if (type === 'function_call_output') {
      if (!open.delete(item.call_id)) return `input[${i}]: No tool call found for function call output with call_id ${item.call_id}.`;
      if (typeof item.output !== 'string') return `input[${i}].output must be a string`;
    } else if (type === 'reasoning') {
      if (body.store === false && !item.encrypted_content) return `input[${i}]: reasoning item ${item.id} cannot be found: send encrypted_content when store is false`;
    } else {
      return `input[${i}].type ${type} is not expected from Tandem`;
    }
  }
  for (const t of body.tools ?? []) {
    // Codex CLI also sends a namespace of tools (its sub-agents) and the hosted web_search tool.
    if (t.type === 'namespace' ? !t.name || !Array.isArray(t.tools) : t.type === 'web_search' ? false : t.type !== 'function' || !t.name) {
      return 'tools must be {type:"function", name, parameters}, a {type:"namespace", name, tools} or {type:"web_search"}';
    }
  }
  const format = body.text?.format;
  if (format?.type === 'json_schema') {
    if (!format.name || !format.schema) return 'text.format.name and text.format.schema are required';
    if (format.strict && !allRequired(format.schema)) return "Invalid schema for response_format: In strict mode, 'required' must include every property and additionalProperties must be false.";
  }
  return undefined;
}

function allRequired(schema: any): boolean {
  if (!schema || typeof schema !== 'object') return true;
  if (schema.properties) {
    const required = new Set(schema.required ?? []);
    if (schema.additionalProperties !== false || Object.keys(schema.properties).some((key) => !required.has(key))) return false;
  }
  return Object.values(schema).every(allRequired);
}
