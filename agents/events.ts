/**
 * One vocabulary for what an external agent reports on its JSON event stream,
 * whichever vendor it is. The vendor mappers (codex-events.ts,
 * claude-events.ts) turn each line into these; progress.ts folds them.
 */
import type { Usage } from '../models/types.js';

export type AgentEvent =
  /** The agent's resumable session id: codex's thread id, Claude Code's session id. */
  | { kind: 'session'; id: string }
  /** A tool call started (a command, an edit); `summary` is one line for people. */
  | { kind: 'tool'; summary: string }
  /** A tool call ended; failed when the command exited non-zero or the tool refused. */
  | { kind: 'tool-done'; summary: string; failed: boolean }
  /** The agent changed a file (as far as its own events say; git decides in the end). */
  | { kind: 'file'; path: string }
  /** Words from the agent: its progress notes and, last, its summary. */
  | { kind: 'message'; text: string }
  /** One model turn ended; `usage` adds to what earlier usage events said (unless it is the session's total). */
  | {
      kind: 'usage';
      usage: Usage;
      costUsd?: number;
      /** Claude Code repeats a message's usage on each of its blocks: counted once per id. */
      messageId?: string;
      /** One model call of a turn still running (codex's rollout file): counted now, replaced by the turn's own total when it ends. */
      live?: true;
      /** The total of the whole session so far (codex's `turn.completed`, also after a resume): it replaces, not adds. */
      sessionTotal?: true;
    }
  /** The session ended; `ok` false when the agent itself says it failed. */
  | { kind: 'result'; ok: boolean; text: string; turns?: number; costUsd?: number; usage?: Usage; /** Tool calls the agent's own permission rules refused (Claude Code's `permission_denials`), one line each. */ permissionDenials?: string[] }
  /** The agent reported an error (an API error, a refused request). */
  | { kind: 'error'; text: string };

/** A stdout line that is not the JSON the agent promised, kept for the logs. */
export interface MalformedLine {
  line: string;
}

/** Reads one stdout line as a JSON object, or says it is malformed. */
export function parseEventLine(line: string): { json: Record<string, unknown> } | MalformedLine | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) return { json: json as Record<string, unknown> };
  } catch {
    // fall through: malformed
  }
  return { line: text };
}

export const ZERO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };

/** One line, at most `max` characters, for summaries and heartbeat details. */
export function oneLine(text: string, max = 120): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The events of a journaled stream (agent-events.jsonl), for `tandem logs`; malformed lines come back as errors. */
export function eventsOfStream(text: string, mapEvent: (event: Record<string, any>) => AgentEvent[]): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const line of text.split('\n')) {
    const parsed = parseEventLine(line);
    if (parsed === undefined) continue;
    if ('line' in parsed) events.push({ kind: 'error', text: `not JSON: ${oneLine(parsed.line, 200)}` });
    else events.push(...mapEvent(parsed.json));
  }
  return events;
}
