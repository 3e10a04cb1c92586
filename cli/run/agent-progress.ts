/**
 * An external agent's session (Codex CLI, Claude Code) is one long activity,
 * so the task's own step says only `implement · agent:codex/…` until it ends.
 * What the session has done so far is in the activity's heartbeat details
 * (activities/agent-session.ts): read by one describe of the task workflow,
 * decoded with the client's data converter (encrypted or not), and shown as
 * `agent codex · 7 tool calls · 3 files · 41k tok · $0.0120 · last: $ npm test`.
 * Best effort: any failure shows nothing extra and never fails the caller.
 */
import type { Client } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { TaskProgress } from '../../contracts/run.js';
import { formatTokens } from './format.js';

/** The activity type whose heartbeats carry the session's progress (activities/index.ts). */
const AGENT_SESSION_ACTIVITY = 'agentSession';

export interface AgentSessionProgress {
  /** The task the session works on. */
  taskId: string;
  /** The agent spec, e.g. `agent:codex/gpt-5.4`. */
  agent: string;
  sessionId?: string;
  /** Absent in heartbeats from a worker older than this field. */
  toolCalls?: number;
  files: string[];
  tokens: number;
  costUsd: number;
  lastTool?: string;
  /** The worker's own one-line description (agents/progress.ts describeProgress). */
  summary?: string;
}

/** True while the task runs an agent session: only then is the describe worth it. */
export function atAgentSession(progress: TaskProgress | undefined): boolean {
  return progress?.state === 'running' && !progress.pausedReason && /^implement · agent:/.test(progress.step);
}

/** The running session's progress, or undefined when there is none yet or it cannot be read. */
export async function readAgentProgress(client: Client, taskWorkflowId: string, taskId: string): Promise<AgentSessionProgress | undefined> {
  try {
    const pending = (await client.workflow.getHandle(taskWorkflowId).describe()).raw.pendingActivities ?? [];
    const session = pending.find((activity) => activity.activityType?.name === AGENT_SESSION_ACTIVITY);
    const payloads = session?.heartbeatDetails?.payloads;
    if (!payloads?.length) return undefined; // not started, or no heartbeat yet
    const details = await decodeFromPayloadsAtIndex<unknown>(client.options.loadedDataConverter, 0, payloads);
    return parseAgentHeartbeat(details, taskId);
  } catch {
    return undefined; // the task just ended, a missing key, a server hiccup: status goes on without it
  }
}

/** Checks the heartbeat's shape field by field: it comes from whichever worker version ran the session. */
export function parseAgentHeartbeat(details: unknown, taskId: string): AgentSessionProgress | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const beat = details as Record<string, unknown>;
  if (typeof beat.agent !== 'string') return undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const sessionId = text(beat.sessionId);
  const toolCalls = count(beat.toolCalls);
  const lastTool = text(beat.lastTool);
  const summary = text(beat.progress);
  return {
    taskId,
    agent: beat.agent,
    ...(sessionId ? { sessionId } : {}),
    ...(toolCalls !== undefined ? { toolCalls } : {}),
    files: Array.isArray(beat.files) ? beat.files.filter((file): file is string => typeof file === 'string') : [],
    tokens: count(beat.tokens) ?? 0,
    costUsd: count(beat.costUsd) ?? 0,
    ...(lastTool ? { lastTool } : {}),
    ...(summary ? { summary } : {}),
  };
}

/** `agent codex · 7 tool calls · 3 files · 41k tok · $0.0120 · last: $ npm test`. */
export function formatAgentProgress(progress: AgentSessionProgress): string {
  const name = progress.agent.replace(/^agent:/, '').split('/')[0] ?? progress.agent;
  const parts = [`agent ${name}`];
  if (progress.toolCalls !== undefined) {
    parts.push(`${progress.toolCalls} tool call${progress.toolCalls === 1 ? '' : 's'}`, `${progress.files.length} file${progress.files.length === 1 ? '' : 's'}`);
  } else if (progress.summary) {
    // An older worker's heartbeat has its counts only in its own line.
    return `${parts[0]} · ${progress.summary} · $${formatUsd(progress.costUsd)}`;
  }
  parts.push(`${formatTokens(progress.tokens)} tok`, `$${formatUsd(progress.costUsd)}`);
  if (progress.lastTool) parts.push(`last: ${progress.lastTool}`);
  return parts.join(' · ');
}

function formatUsd(usd: number): string {
  return usd.toFixed(usd < 1 ? 4 : 2);
}

/** For `tandem status --json`: the session's progress moves under its task's row, as `agentProgress`. */
export function withAgentProgressOnRow<S extends { status: { tasks: { id: string }[] }; agentProgress?: AgentSessionProgress }>(snapshot: S | undefined): Omit<S, 'agentProgress'> | undefined {
  if (!snapshot) return undefined;
  const { agentProgress, ...rest } = snapshot;
  if (!agentProgress) return rest;
  const tasks = snapshot.status.tasks.map((row) => (row.id === agentProgress.taskId ? { ...row, agentProgress } : row));
  return { ...rest, status: { ...snapshot.status, tasks } };
}
