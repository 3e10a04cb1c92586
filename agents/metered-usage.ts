/**
 * What an agent session is charged: its own figures (its events, codex's rollout),
 * but never less than the calls Tandem's gateway saw billed. The agent's figures
 * come from files and a stdout its commands can write to; the gateway's come from
 * the API's replies, outside the sandbox. So an agent that under-reports, by a bug
 * or by a forged line, still meets its token and budget limits on time.
 */
import { readFileSync } from 'node:fs';
import { writeJsonAtomic } from '../journal/files.js';
import { addUsage, costOf } from '../models/cost.js';
import type { ModelPrice, Usage } from '../models/types.js';
import { ZERO_USAGE } from './events.js';
import type { AgentProgress } from './progress.js';

/** The billed calls one agent process made through its gateway. */
export class GatewayMeter {
  calls = 0;
  usage: Usage = ZERO_USAGE;

  add(usage: Usage): void {
    this.calls += 1;
    this.usage = addUsage(this.usage, usage);
  }
}

/** The session's totals before this process started (an interrupted run replayed from the journal). */
export interface ChargedBefore {
  usage: Usage;
  costUsd: number;
}

/**
 * `progress` with usage and cost raised to at least what came before this process plus what
 * its gateway metered. Each count is raised on its own, so a cache figure the agent left out
 * is not lost either. Unchanged when the agent's own figures already cover the meter's.
 */
export function atLeastMetered(progress: AgentProgress, before: ChargedBefore, meter: GatewayMeter, price: ModelPrice | undefined): AgentProgress {
  if (meter.calls === 0) return progress;
  const floor = addUsage(before.usage, meter.usage);
  const meteredCost = costOf(meter.usage, price);
  const usage = maxUsage(progress.usage, floor);
  const costUsd = Math.max(progress.costUsd, before.costUsd + meteredCost);
  const raised = costUsd > progress.costUsd || totalTokens(usage) > totalTokens(progress.usage);
  return {
    ...progress,
    usage,
    costUsd,
    gatewayMetered: { calls: meter.calls, usage: meter.usage, costUsd: meteredCost, ...(raised ? { agentReported: { usage: progress.usage, costUsd: progress.costUsd } } : {}) },
  };
}

/**
 * Beside a session's journaled events: what its gateways metered over all its processes so
 * far. A worker that dies takes its meter with it; a resumed session starts from this floor.
 */
export function meteredFileOf(eventsFile: string): string {
  return `${eventsFile.replace(/\.jsonl$/, '')}.metered.json`;
}

export interface MeteredRecord {
  calls: number;
  usage: Usage;
  costUsd: number;
}

/** The record of earlier processes, or undefined (none, or unreadable: the agent's own figures stand). */
export function readMetered(file: string): MeteredRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as Partial<MeteredRecord>;
    const usage = record.usage;
    if (typeof record.calls !== 'number' || typeof record.costUsd !== 'number' || typeof usage?.inputTokens !== 'number' || typeof usage.outputTokens !== 'number') return undefined;
    return { calls: record.calls, usage: { ...usage, cachedInputTokens: typeof usage.cachedInputTokens === 'number' ? usage.cachedInputTokens : 0 }, costUsd: record.costUsd };
  } catch {
    return undefined;
  }
}

/** Journals earlier processes' meter plus this one's (synchronous: it runs between a reply and the next check). */
export function journalMetered(file: string, prior: MeteredRecord | undefined, meter: GatewayMeter, price: ModelPrice | undefined): void {
  const record: MeteredRecord = {
    calls: (prior?.calls ?? 0) + meter.calls,
    usage: addUsage(prior?.usage ?? ZERO_USAGE, meter.usage),
    costUsd: (prior?.costUsd ?? 0) + costOf(meter.usage, price),
  };
  void writeJsonAtomic(file, record);
}

/** The session's totals before this process: its replayed figures, raised to its earlier processes' meter. */
export function chargedBefore(replayed: AgentProgress, prior: MeteredRecord | undefined): ChargedBefore {
  if (prior === undefined) return { usage: replayed.usage, costUsd: replayed.costUsd };
  return { usage: maxUsage(replayed.usage, prior.usage), costUsd: Math.max(replayed.costUsd, prior.costUsd) };
}

function totalTokens(usage: Usage): number {
  return usage.inputTokens + usage.outputTokens;
}

function maxUsage(a: Usage, b: Usage): Usage {
  const written = Math.max(a.cacheWriteInputTokens ?? 0, b.cacheWriteInputTokens ?? 0);
  return {
    inputTokens: Math.max(a.inputTokens, b.inputTokens),
    outputTokens: Math.max(a.outputTokens, b.outputTokens),
    cachedInputTokens: Math.max(a.cachedInputTokens, b.cachedInputTokens),
    ...(written > 0 ? { cacheWriteInputTokens: written } : {}),
    ...(a.estimated || b.estimated ? { estimated: true } : {}),
  };
}
