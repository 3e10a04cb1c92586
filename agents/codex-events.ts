/**
 * Codex CLI's `exec --json` events (checked against codex 0.171): `thread.started`
 * (thread id), `item.started`/`item.completed` for `command_execution`,
 * `file_change`, `agent_message`, `error`; `turn.completed` with usage for the
 * whole turn, `turn.failed`, and a top-level `error`. Also `token_usage_record`,
 * a line of its rollout file (usage per model call, read while the turn runs).
 */
import type { Usage } from '../models/types.js';
import { oneLine, type AgentEvent } from './events.js';

export function mapCodexEvent(event: Record<string, any>): AgentEvent[] {
  switch (event.type) {
    case 'thread.started':
      return typeof event.thread_id === 'string' ? [{ kind: 'session', id: event.thread_id }] : [];
    case 'item.started':
      if (event.item?.type === 'command_execution') return [{ kind: 'tool', summary: `$ ${oneLine(unwrapShell(String(event.item.command ?? '')))}` }];
      // Its apply_patch (a tool, or `apply_patch <<EOF` in a shell, which codex applies itself) starts as a file_change.
      if (event.item?.type === 'file_change') return [{ kind: 'tool', summary: oneLine(`apply_patch ${(Array.isArray(event.item.changes) ? event.item.changes : []).map((change: any) => `${change.kind ?? 'update'} ${change.path}`).join(', ')}`) }];
      return [];
    case 'item.completed':
      return itemCompleted(event.item ?? {});
    case 'turn.completed':
      // The thread's usage since it started, a resumed thread's earlier turns included.
      return [{ kind: 'usage', usage: usageOf(event.usage), sessionTotal: true }];
    case 'token_usage_record':
      // Not on stdout: a line of codex's rollout file (codex-rollout.ts), written after each model call.
      return typeof event.payload?.response_id === 'string' ? [{ kind: 'usage', usage: usageOf(event.payload.usage), messageId: `codex-response:${event.payload.response_id}`, live: true }] : [];
    case 'turn.failed':
      return [{ kind: 'error', text: String(event.error?.message ?? 'the turn failed') }];
    case 'error':
      return [{ kind: 'error', text: String(event.message ?? 'error') }];
    default:
      return [];
  }
}

function itemCompleted(item: Record<string, any>): AgentEvent[] {
  switch (item.type) {
    case 'command_execution': {
      const failed = typeof item.exit_code === 'number' && item.exit_code !== 0;
      const output = String(item.aggregated_output ?? '').trim().split('\n').at(-1) ?? '';
      return [{ kind: 'tool-done', summary: `exit ${item.exit_code ?? '?'}${output ? ` · ${oneLine(output, 80)}` : ''}`, failed }];
    }
    case 'file_change':
      return (Array.isArray(item.changes) ? item.changes : []).map((change: any) => ({ kind: 'file', path: String(change.path) }) as AgentEvent);
    case 'agent_message':
      return typeof item.text === 'string' ? [{ kind: 'message', text: item.text }] : [];
    case 'error':
      // Codex reports warnings (unknown model metadata) as error items; they do not end the session.
      return [];
    default:
      return [];
  }
}

/** Codex runs each command as `/bin/bash -lc '<command>'`; people want the command. */
function unwrapShell(command: string): string {
  const match = /^\/(?:usr\/)?bin\/(?:ba)?sh -lc (.*)$/s.exec(command);
  if (!match) return command;
  const inner = match[1]!;
  if (/^'[^']*'$/.test(inner)) return inner.slice(1, -1);
  return /^".*"$/s.test(inner) ? inner.slice(1, -1).replace(/\\(["\\$`])/g, '$1') : inner;
}

function usageOf(usage: Record<string, unknown> | undefined): Usage {
  return { inputTokens: num(usage?.input_tokens), outputTokens: num(usage?.output_tokens), cachedInputTokens: num(usage?.cached_input_tokens) };
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
