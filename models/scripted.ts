/**
 * The built-in scripted model: answers in-process, instantly, from a script
 * instead of a vendor. `tandem demo` uses it when no API key is present (and
 * says so), and the benchmarks use it to measure Tandem's own overhead.
 *
 * Without a script it writes one file per task and approves every review
 * (`scripted:instant`). With one (the path in model.baseUrl, or in
 * TANDEM_DEMO_SCRIPT, read at call time like an API key) it plans, implements
 * and reviews like a careful model would, including one critique round, so a
 * demo shows the whole loop.
 */
import { readFileSync } from 'node:fs';
import type { EnvVars, GenerateRequest, VendorCall, VendorResult } from './contract.js';
import type { Message, ResolvedModel, ToolCall } from './types.js';
import { demoScriptSetting } from '../settings/environment.js';

interface Verdict {
  verdict: 'approve' | 'request_changes';
  summary: string;
  comments: { severity: string; body: string; file?: string }[];
}

/** A verdict that holds until the text under review contains `until`; then the reviewer approves. */
interface ConditionalReview {
  until: string;
  verdict: Verdict;
}

export interface ModelScript {
  plan?: { draft: unknown; revised?: unknown };
  planReview?: ConditionalReview;
  /** Per task id, per attempt (the last one repeats): files to write in order, then finish. */
  tasks: Record<string, { attempts: { edits: { path: string; content: string }[]; summary: string }[] }>;
  reviews?: Record<string, ConditionalReview>;
  /** Each call takes this long, like a remote model's round trip (the bench's lanes figures). */
  latencyMs?: number;
}

const APPROVE: Verdict = { verdict: 'approve', summary: 'Scripted review: the change meets the acceptance criteria.', comments: [] };

export function scriptedCall(model: ResolvedModel, env: EnvVars = process.env): VendorCall {
  const scriptPath = model.baseUrl ?? demoScriptSetting(env);
  return async (request: GenerateRequest<unknown>): Promise<VendorResult> => {
    const script = scriptPath ? loadScript(scriptPath) : undefined;
    if (script?.latencyMs) await new Promise((resolve) => setTimeout(resolve, script.latencyMs));
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
  const everything = request.messages.map((message) => message.content).join('\n');
  const firstUser = request.messages.find((message) => message.role === 'user')?.content ?? '';
  const taskId = /^Task (\S+?):/m.exec(firstUser)?.[1];
  switch (request.output?.name) {
    case 'plan':
      if (!script?.plan) throw new Error('this scripted model has no plan in its script');
      // A revision request carries the previous draft as an assistant turn.
      return { structured: request.messages.some((m) => m.role === 'assistant') ? (script.plan.revised ?? script.plan.draft) : script.plan.draft };
    case 'review_verdict': {
      const rule = taskId ? script?.reviews?.[taskId] : script?.planReview;
      return { structured: rule && !everything.includes(rule.until) ? rule.verdict : APPROVE };
    }
  }
  const attempt = Number(/This is attempt (\d+)/.exec(firstUser)?.[1] ?? 1);
  const attempts = (taskId && script?.tasks[taskId]?.attempts) || [instantTask(taskId ?? 'task')];
  const work = attempts[Math.min(attempt, attempts.length) - 1]!;
  const step = request.messages.filter((message) => message.role === 'assistant').length;
  const edit = work.edits[step];
  if (edit) return { toolCalls: [call(step, 'write_file', edit)] };
  return { toolCalls: [call(step, 'finish', { summary: work.summary })] };
}

function instantTask(taskId: string) {
  return { edits: [{ path: `tandem-instant/${taskId}.txt`, content: `${taskId} done\n` }], summary: `Wrote tandem-instant/${taskId}.txt.` };
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
