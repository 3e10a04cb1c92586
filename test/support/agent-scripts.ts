/**
 * Scripts for the fakes that play the model behind a real agent CLI: Codex CLI
 * (Responses API, its `exec_command` tool) and Claude Code (Messages API, its
 * `Bash` tool). Each request carries the whole conversation, so the step is
 * the number of tool calls already made, and the answer depends only on the
 * request: a request repeated after a crash gets the same answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import type { FakeReply, RecordedRequest, ScriptFn } from '../fakes/index.js';

/**
 * A TANDEM_HOME for a test with agents, removed after the file's tests. Not under /tmp:
 * Codex's own sandbox (with `sandbox: none`) refuses a CODEX_HOME there, and its session directories live in it.
 */
export function agentTandemHome(prefix = 'tandem-agents-'): string {
  const dir = mkdtempSync(`/var/tmp/${prefix}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface AgentTurn {
  /** Which task and attempt the conversation is about, and what it said so far. */
  taskId?: string;
  attempt: number;
  /** Tool calls already made in this conversation. */
  calls: number;
  text: string;
}

/** A call of one of the agent's own tools (Claude Code's Write/Edit/Read, …) instead of a shell command. */
export interface AgentToolStep {
  tool: string;
  input: Record<string, unknown>;
}

/** What the agent does: the shell commands (or its own tool calls) it makes, in order, then its final words. */
export type AgentPlan = (turn: AgentTurn) => { commands: Array<string | AgentToolStep>; summary: string } | undefined;

/**
 * A shell command that makes Codex apply a patch with its own apply_patch: codex
 * recognises `apply_patch <<'EOF'` in `exec_command`, applies the patch itself
 * (its file_change events) and never runs a shell. Models it offers no
 * apply_patch tool to (unknown ones, such as the fakes') edit this way.
 */
export function codexApplyPatch(patch: string): string {
  return `apply_patch <<'EOF'\n*** Begin Patch\n${patch.trim()}\n*** End Patch\nEOF\n`;
}

export function turnOf(request: RecordedRequest): AgentTurn {
  const text = JSON.stringify(request.body ?? {});
  const calls = request.path.endsWith('/messages')
    ? (request.body?.messages ?? []).flatMap((m: any) => (Array.isArray(m.content) ? m.content : [])).filter((b: any) => b.type === 'tool_use').length
    : (request.body?.input ?? []).filter((item: any) => item.type === 'function_call').length;
  const taskId = /Task (T\d+):/.exec(text)?.[1];
  const attempt = Number(/This is attempt (\d+)/.exec(text)?.[1] ?? 1);
  return { ...(taskId ? { taskId } : {}), attempt, calls, text };
}

/** Codex CLI's model: `exec_command` for each command, then a message. */
export function codexScript(plan: AgentPlan, options: { delayMs?: (turn: AgentTurn) => number | undefined } = {}): ScriptFn {
  return (request) => {
    if (!request.path.endsWith('/responses')) return undefined;
    return reply(plan, turnOf(request), (cmd) => ({ name: 'exec_command', arguments: { cmd } }), options.delayMs);
  };
}

/** Claude Code's model: `Bash` for each command, then text. Its side requests (titles, without tools) get a word. */
export function claudeScript(plan: AgentPlan, options: { delayMs?: (turn: AgentTurn) => number | undefined } = {}): ScriptFn {
  return (request) => {
    if (!request.path.endsWith('/messages')) return undefined;
    if (!(request.body?.tools ?? []).some((tool: any) => tool.name === 'Bash')) return undefined;
    return reply(plan, turnOf(request), (command) => ({ name: 'Bash', arguments: { command, description: 'run a command' } }), options.delayMs);
  };
}

function reply(plan: AgentPlan, turn: AgentTurn, call: (command: string) => { name: string; arguments: unknown }, delayMs?: (turn: AgentTurn) => number | undefined): FakeReply | undefined {
  const steps = plan(turn);
  if (!steps) return undefined;
  const next = steps.commands[turn.calls];
  const toolCall = (step: string | AgentToolStep) => (typeof step === 'string' ? call(step) : { name: step.tool, arguments: step.input });
  const answer: FakeReply = next !== undefined ? { toolCalls: [toolCall(next)] } : { text: steps.summary };
  const delay = delayMs?.(turn);
  return delay ? { ...answer, delayMs: delay } : answer;
}
