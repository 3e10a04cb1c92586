/** Which vendor mapper reads a journaled agent's events, by the agent named in its spec (`agent:codex/…`). */
import { mapClaudeEvent } from './claude-events.js';
import { mapCodexEvent } from './codex-events.js';
import type { AgentEvent } from './events.js';

export function mapperForSpec(spec: string): (event: Record<string, any>) => AgentEvent[] {
  return spec.startsWith('agent:claude-code') ? mapClaudeEvent : mapCodexEvent;
}
