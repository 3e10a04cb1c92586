/**
 * The built-in scripted model: answers in-process, instantly, from a script
 * instead of a vendor. `tandem demo` uses it when no API key is present (and
 * says so), and the benchmarks use it to measure Tandem's own overhead.
 *
 * Model names: `scripted:instant` writes one file per task and approves every
 * review; `scripted:demo` follows a script file (model.baseUrl = its path)
 * holding a plan and each task's file edits.
 */
import { readFileSync } from 'node:fs';
import type { GenerateRequest, VendorCall, VendorResult } from './provider.js';
import type { Message, ResolvedModel, ToolCall } from './types.js';

export interface ModelScript {
  /** Returned as-is when a `plan` is requested. */
  plan?: unknown;
  /** Per task id: files to write, in order, then a finish summary. */
  tasks: Record<string, { edits: { path: string; content: string }[]; summary?: string }>;
  /** Returned when a review verdict is requested; default: approve. */
  review?: { verdict: 'approve' | 'request_changes'; summary: string; comments: unknown[] };
}

const APPROVE = { verdict: 'approve', summary: 'Scripted review: approved.', comments: [] };

export function scriptedCall(model: ResolvedModel): VendorCall {
  const script = model.model === 'instant' || !model.baseUrl ? undefined : loadScript(model.baseUrl);
  return async (request: GenerateRequest<unknown>): Promise<VendorResult> => {
    const reply = answer(script, request);
    return {
      text: reply.text ?? '',
      toolCalls: reply.toolCalls ?? [],
      stopReason: reply.toolCalls?.length ? 'tool_calls' : 'end',
      modelId: model.spec,
      usage: { inputTokens: estimateTokens(request.messages), outputTokens: Math.ceil(JSON.stringify(reply).length / 4), cachedInputTokens: 0 },
      ...(reply.structured !== undefined ? { structured: { value: reply.structured } } : {}),
    };
  };
}

interface Reply {
  text?: string;
  toolCalls?: ToolCall[];
  structured?: unknown;
}

function answer(script: ModelScript | undefined, request: GenerateRequest<unknown>): Reply {
  const output = request.output?.name;
  if (output === 'review_verdict') return { structured: script?.review ?? APPROVE };
  if (output === 'plan') {
    if (!script?.plan) throw new Error('the scripted model has no plan in its script');
    return { structured: script.plan };
  }
  const firstUser = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const taskId = /^Task (\S+?):/m.exec(firstUser)?.[1] ?? 'task';
  const step = request.messages.filter((message) => message.role === 'assistant').length;
  const task = script?.tasks[taskId] ?? { edits: [{ path: `tandem-instant/${taskId}.txt`, content: `${taskId} done\n` }] };
  const edit = task.edits[step];
  if (edit) return { toolCalls: [call(step, 'write_file', edit)] };
  return { toolCalls: [call(step, 'finish', { summary: task.summary ?? `Wrote ${task.edits.map((e) => e.path).join(', ')}.` })] };
}

function call(step: number, name: string, args: unknown): ToolCall {
  return { id: `scripted_${step}`, name, rawArguments: JSON.stringify(args) };
}

function loadScript(path: string): ModelScript {
  return JSON.parse(readFileSync(path.replace(/^file:\/\//, ''), 'utf8')) as ModelScript;
}

function estimateTokens(messages: Message[]): number {
  return Math.ceil(messages.reduce((bytes, message) => bytes + message.content.length, 0) / 4);
}
