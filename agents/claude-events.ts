/**
 * Claude Code's `-p --output-format stream-json --verbose` events (checked against
 * 2.1.332): `system/init` (session id), `assistant` messages with text and
 * tool_use blocks and their usage, `user` messages with tool_result blocks, and
 * a final `result` (subtype, is_error, num_turns, total_cost_usd, usage).
 */
import { oneLine, type AgentEvent } from './events.js';
import { anthropicUsage } from '../models/wire-usage.js';

const EDIT_TOOLS = new Set(['Edit', 'Write', 'MultiEdit', 'NotebookEdit']);

export function mapClaudeEvent(event: Record<string, any>): AgentEvent[] {
  if (event.type === 'system' && event.subtype === 'init' && typeof event.session_id === 'string') return [{ kind: 'session', id: event.session_id }];
  if (event.type === 'assistant') return assistant(event.message ?? {});
  if (event.type === 'user') return toolResults(event.message ?? {});
  if (event.type === 'result') {
    const ok = event.subtype === 'success' && event.is_error !== true;
    const text = typeof event.result === 'string' ? event.result : String(event.subtype ?? '');
    const denials = Array.isArray(event.permission_denials) ? event.permission_denials.map((denial: any) => describeToolUse(String(denial?.tool_name ?? 'a tool'), denial?.tool_input ?? {})) : [];
    return [{ kind: 'result', ok, text, ...(denials.length > 0 ? { permissionDenials: denials } : {}), ...(typeof event.num_turns === 'number' ? { turns: event.num_turns } : {}), ...(typeof event.total_cost_usd === 'number' ? { costUsd: event.total_cost_usd } : {}), ...(event.usage ? { usage: anthropicUsage(event.usage) } : {}) }];
  }
  return [];
}

function assistant(message: Record<string, any>): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const block of Array.isArray(message.content) ? message.content : []) {
    if (block.type === 'text' && typeof block.text === 'string') events.push({ kind: 'message', text: block.text });
    if (block.type === 'tool_use') {
      events.push({ kind: 'tool', summary: describeToolUse(block.name, block.input ?? {}) });
      if (EDIT_TOOLS.has(block.name) && typeof (block.input?.file_path ?? block.input?.notebook_path) === 'string') {
        events.push({ kind: 'file', path: block.input.file_path ?? block.input.notebook_path });
      }
    }
  }
  // Claude Code's own messages (an API error it reports as text) carry the model `<synthetic>` and no real usage.
  if (message.usage && message.model !== '<synthetic>') events.push({ kind: 'usage', usage: anthropicUsage(message.usage), ...(typeof message.id === 'string' ? { messageId: message.id } : {}) });
  return events;
}

function toolResults(message: Record<string, any>): AgentEvent[] {
  return (Array.isArray(message.content) ? message.content : [])
    .filter((block: any) => block.type === 'tool_result')
    .map((block: any): AgentEvent => ({ kind: 'tool-done', summary: resultSummary(resultText(block.content)), failed: block.is_error === true }));
}

/** `Exit code 1 · <the last line>`: where a failing command says why. */
function resultSummary(text: string): string {
  const lines = text.trim().split('\n');
  const exit = /^Exit code \d+$/.test(lines[0] ?? '') && lines.length > 1 ? `${lines[0]} · ` : '';
  return `${exit}${oneLine(lines.at(-1) ?? '', 160)}`;
}

function describeToolUse(name: string, input: Record<string, any>): string {
  if (name === 'Bash' && typeof input.command === 'string') return `$ ${oneLine(input.command)}`;
  const target = input.file_path ?? input.path ?? input.pattern ?? input.notebook_path;
  return typeof target === 'string' ? `${name} ${target}` : name;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: any) => (typeof part?.text === 'string' ? part.text : '')).join(' ');
  return '';
}

