/**
 * Reads a recorded model request (OpenAI Chat Completions or Responses, or
 * Anthropic Messages) into the few facts a scripted fake needs to answer the way a
 * real model would: which task, which attempt, which step, what the last tool
 * said, and whether a structured answer is wanted. Scripts keyed on these
 * facts answer the same request the same way, even after a worker restart.
 */
import type { RecordedRequest } from '../fakes/index.js';

export interface Conversation {
  vendor: 'openai' | 'anthropic';
  /** All text the model was sent, system prompt included. */
  text: string;
  /** The first user message: the task (or the design to plan). */
  firstUser: string;
  /** `T3` from "Task T3: …", when the request is about one task. */
  taskId?: string;
  /** From "This is attempt N", else 1. */
  attempt: number;
  /** 1 + the number of assistant turns already in the conversation. */
  step: number;
  /** The content of the newest tool result, if the conversation ends with one. */
  lastToolResult?: string;
  /** `plan` or `review_verdict` when a structured answer is requested. */
  structured?: string;
  /** The newest user message's text (feedback for a revision). */
  lastUser: string;
}

export function readConversation(request: RecordedRequest): Conversation {
  const body = request.body ?? {};
  const vendor = request.path.endsWith('/messages') ? 'anthropic' : 'openai';
  const messages: { role: string; text: string; toolResult?: string }[] =
    vendor === 'anthropic' ? anthropicMessages(body) : openAIMessages(body);
  const system = vendor === 'anthropic' ? textOf(body.system) : '';
  const users = messages.filter((m) => m.role === 'user' && !m.toolResult);
  const firstUser = users[0]?.text ?? '';
  const last = messages.at(-1);
  // Anthropic: a forced output tool, or (thinking on, or a 5.5 model that refuses forcing) one the system asks for.
  const askedTool = /call the (\w+) tool with your answer/.exec(system)?.[1];
  const structured =
    vendor === 'anthropic'
      ? body.tool_choice?.type === 'tool'
        ? body.tool_choice.name
        : askedTool
      : (body.response_format?.json_schema?.name ?? body.text?.format?.name);
  return {
    vendor,
    text: [system, ...messages.map((m) => m.text ?? m.toolResult ?? '')].join('\n'),
    firstUser,
    taskId: firstUser.match(/^Task (\S+?):/m)?.[1],
    attempt: Number(firstUser.match(/This is attempt (\d+)/)?.[1] ?? 1),
    step: messages.filter((m) => m.role === 'assistant').length + 1,
    lastToolResult: last?.toolResult,
    structured,
    lastUser: users.at(-1)?.text ?? '',
  };
}

function openAIMessages(body: any): { role: string; text: string; toolResult?: string }[] {
  if (Array.isArray(body.input)) return responsesMessages(body.input);
  return (body.messages ?? []).map((m: any) =>
    m.role === 'tool' ? { role: 'user', text: '', toolResult: textOf(m.content) } : { role: m.role, text: textOf(m.content) },
  );
}

/** Responses input items as turns: one assistant turn per run of reasoning, assistant text and function calls. */
function responsesMessages(input: any[]): { role: string; text: string; toolResult?: string }[] {
  const turns: { role: string; text: string; toolResult?: string }[] = [];
  for (const item of input) {
    const type = item.type ?? 'message';
    if (type === 'function_call_output') turns.push({ role: 'user', text: '', toolResult: textOf(item.output) });
    else if (type === 'message' && item.role !== 'assistant') turns.push({ role: item.role, text: textOf(item.content) });
    else if (turns.at(-1)?.role === 'assistant') turns.at(-1)!.text += type === 'message' ? textOf(item.content) : '';
    else turns.push({ role: 'assistant', text: type === 'message' ? textOf(item.content) : '' });
  }
  return turns;
}

function anthropicMessages(body: any): { role: string; text: string; toolResult?: string }[] {
  return (body.messages ?? []).map((m: any) => {
    const blocks = Array.isArray(m.content) ? m.content : [{ type: 'text', text: m.content }];
    const results = blocks.filter((b: any) => b.type === 'tool_result');
    if (results.length > 0) return { role: 'user', text: '', toolResult: results.map((b: any) => textOf(b.content)).join('\n') };
    return { role: m.role, text: blocks.filter((b: any) => b.type === 'text').map((b: any) => b.text).join('\n') };
  });
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: any) => (typeof part === 'string' ? part : part?.text ?? '')).join('\n');
  return '';
}
