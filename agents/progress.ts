/**
 * What an agent session has done so far, folded from its events: the session
 * id, tool calls, files it says it changed, turns, tokens and cost, its last
 * words. Heartbeat details, the activity's result and `tandem logs` read this.
 */
import { addUsage, costOf } from '../models/cost.js';
import type { ModelPrice, Usage } from '../models/types.js';
import { oneLine, ZERO_USAGE, type AgentEvent } from './events.js';

export interface AgentProgress {
  sessionId?: string;
  toolCalls: number;
  /** Paths the agent's own events name as changed (git has the last word). */
  files: string[];
  /** Model turns that reported usage. */
  turns: number;
  usage: Usage;
  costUsd: number;
  /** The latest tool call, one line. */
  lastTool?: string;
  /** The agent's latest words: its final summary once it is done. */
  lastMessage?: string;
  /** The agent's final verdict on itself, when it sent one. */
  result?: { ok: boolean; text: string };
  /** Tool calls its own permission rules refused, one line each (absent in records from before). */
  permissionDenials?: string[];
  errors: string[];
  /** Stdout lines that were not JSON events. */
  malformed: string[];
  /**
   * Per-call usage of the turn still running (codex's rollout): the totals before its
   * first call, so the turn's own total replaces the calls' sum when it ends.
   */
  liveTurn?: { usage: Usage; costUsd: number };
  /** This run's turn reported its total: per-call usage read after that is already in it (codex runs one turn per run). */
  turnEnded?: true;
  /**
   * Where the agent process now running started (its `session` event), for agents whose
   * final `result` counts that process only (Claude Code's usage) or the saved session
   * (its `total_cost_usd`): a journal of several processes of one session adds up right.
   */
  processStart?: { usage: Usage; costUsd: number; reportedSessionCostUsd?: number };
  /** The session cost the last `result` reported (Claude Code's `total_cost_usd`). */
  reportedSessionCostUsd?: number;
  /**
   * The billed calls of the latest agent process as its gateway read them from the API's replies
   * (metered-usage.ts): the least that process is charged. Absent without a gateway, and in records from before.
   */
  gatewayMetered?: {
    calls: number;
    usage: Usage;
    costUsd: number;
    /** What the agent's own figures said, when the gateway's raised them: it under-reported. */
    agentReported?: { usage: Usage; costUsd: number };
  };
}

export function emptyProgress(): AgentProgress {
  return { toolCalls: 0, files: [], turns: 0, usage: ZERO_USAGE, costUsd: 0, errors: [], malformed: [] };
}

/** Folds one event in. `price` prices usage for agents that report no cost (codex). */
export function foldEvent(progress: AgentProgress, event: AgentEvent, seen: Set<string>, price?: ModelPrice): AgentProgress {
  switch (event.kind) {
    case 'session':
      return {
        ...progress,
        sessionId: event.id,
        processStart: { usage: progress.usage, costUsd: progress.costUsd, ...(progress.reportedSessionCostUsd !== undefined ? { reportedSessionCostUsd: progress.reportedSessionCostUsd } : {}) },
      };
    case 'tool':
      return { ...progress, toolCalls: progress.toolCalls + 1, lastTool: event.summary };
    case 'tool-done':
      return progress;
    case 'file':
      return progress.files.includes(event.path) ? progress : { ...progress, files: [...progress.files, event.path] };
    case 'message':
      return event.text.trim() === '' ? progress : { ...progress, lastMessage: event.text.trim() };
    case 'usage': {
      if (event.messageId !== undefined) {
        if (seen.has(event.messageId)) return progress;
        seen.add(event.messageId);
      }
      const cost = event.costUsd ?? costOf(event.usage, price);
      if (event.live) {
        if (progress.turnEnded) return progress;
        const liveTurn = progress.liveTurn ?? { usage: progress.usage, costUsd: progress.costUsd };
        return { ...progress, liveTurn, usage: addUsage(progress.usage, event.usage), costUsd: progress.costUsd + cost };
      }
      const { liveTurn, ...rest } = progress;
      // Codex's turn total counts the whole thread (a resumed one too): it replaces what came before.
      if (event.sessionTotal) return { ...rest, turns: progress.turns + 1, usage: event.usage, costUsd: cost, turnEnded: true };
      const before = liveTurn ?? { usage: progress.usage, costUsd: progress.costUsd };
      return { ...rest, turns: progress.turns + 1, usage: addUsage(before.usage, event.usage), costUsd: before.costUsd + cost, turnEnded: true };
    }
    case 'result': {
      // The agent's own totals are authoritative when it sends them (Claude Code's result): its usage
      // counts this process, added to what the session had when the process started; its cost counts
      // the session as saved, which a killed process never was, so what such a process spent stays.
      const start = progress.processStart ?? { usage: ZERO_USAGE, costUsd: 0 };
      const reported = event.usage && event.usage.inputTokens + event.usage.outputTokens > 0;
      const usage = reported ? addUsage(start.usage, event.usage!) : progress.usage;
      const sessionCost = event.costUsd !== undefined && event.costUsd > 0 ? event.costUsd : undefined;
      const costUsd = sessionCost !== undefined ? start.costUsd - (start.reportedSessionCostUsd ?? 0) + sessionCost : reported ? start.costUsd + costOf(event.usage!, price) : progress.costUsd;
      return {
        ...progress,
        usage,
        costUsd,
        ...(sessionCost !== undefined ? { reportedSessionCostUsd: sessionCost } : {}),
        turns: Math.max(progress.turns, event.turns ?? 0),
        result: { ok: event.ok, text: event.text },
        ...(event.permissionDenials ? { permissionDenials: event.permissionDenials } : {}),
        ...(event.text.trim() !== '' ? { lastMessage: event.text.trim() } : {}),
      };
    }
    case 'error':
      return { ...progress, errors: [...progress.errors, oneLine(event.text, 400)] };
  }
}

/** One line for a heartbeat or a summary: `3 tool calls · 2 files · 5,120 tok · $ echo hi`. */
export function describeProgress(progress: AgentProgress): string {
  const tokens = progress.usage.inputTokens + progress.usage.outputTokens;
  const parts = [`${progress.toolCalls} tool call${progress.toolCalls === 1 ? '' : 's'}`, `${progress.files.length} file${progress.files.length === 1 ? '' : 's'}`, `${tokens.toLocaleString('en-US')} tok`];
  if (progress.lastTool) parts.push(progress.lastTool);
  return parts.join(' · ');
}
