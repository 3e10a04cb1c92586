/**
 * Pure: one attempt folder's file contents → an AttemptEntry. The file names
 * are the ones `activities/journal/layout.ts` writes. A file that does not
 * parse is reported and skipped, so a damaged journal still tells its story.
 */
import type { McpToolList } from '../../contracts/mcp.js';
import { addSpend, ZERO_SPEND, type Spend } from '../../contracts/run.js';
import type { ChecksRecord, DecisionRecord, ModelStepRecord, PromptRecord, ReviewRecord, ToolStepRecord } from '../../journal/records.js';
import type { AgentSessionEntry, AttemptEntry, ReviewEntry, Span, StepEntry } from './journal-model.js';
import type { AgentResultRecord, AgentSessionRecord } from '../../activities/agent-session.js';
import { eventsOfStream } from '../../agents/events.js';
import { spendOf } from '../../contracts/spend.js';
import { mapperForSpec } from '../../agents/map-event.js';

/** File name → file text, for one `tasks/<id>/attempt-<n>/` folder. */
export type AttemptFileTexts = Record<string, string>;

const STEP_MODEL = /^step-(\d+)\.model\.json$/;
const REVIEW = /^review-(\d+)\.json$/;

export function parseAttempt(taskId: string, attempt: number, files: AttemptFileTexts, problems: string[]): AttemptEntry {
  const where = `tasks/${taskId}/attempt-${attempt}`;
  const json = <T>(name: string): T | undefined => {
    const text = files[name];
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      problems.push(`${where}/${name}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const steps: StepEntry[] = [];
  for (const step of numbered(files, STEP_MODEL)) {
    const pad = String(step).padStart(3, '0');
    const model = json<ModelStepRecord>(`step-${pad}.model.json`);
    if (!model) continue;
    steps.push({
      step,
      startedAt: model.startedAt,
      finishedAt: model.finishedAt,
      modelId: model.modelId,
      text: model.text,
      ...(model.reasoningText ? { reasoningText: model.reasoningText } : {}),
      stopReason: model.stopReason,
      spend: { ...model.usage, costUsd: model.costUsd },
      toolCalls: model.toolCalls.map((call, index) => {
        const result = json<ToolStepRecord>(`step-${pad}.tool-${index}.json`);
        return { index, name: call.name, rawArguments: call.rawArguments, ...(result ? { result } : {}) };
      }),
    });
  }
  const reviews: ReviewEntry[] = [];
  for (const index of numbered(files, REVIEW)) {
    const review = json<ReviewRecord>(`review-${index}.json`);
    if (review) reviews.push({ ...review, reviewerIndex: index });
  }
  const prompt = json<PromptRecord>('prompt.json');
  const mcp = json<McpToolList>('mcp-tools.json');
  const checks = json<ChecksRecord>('checks.json');
  const decision = json<DecisionRecord>('decision.json');
  const feedback = files['feedback.md'];

  const agent = agentEntry(json<AgentSessionRecord>('agent-session.json'), json<AgentResultRecord>('agent-result.json'), files);

  const implementEnd = latest([...steps.flatMap((s) => [s.finishedAt, ...s.toolCalls.map((c) => c.result?.finishedAt ?? 0)]), ...(agent?.finishedAt ? [agent.finishedAt] : [])]);
  const implementStart = prompt?.createdAt ?? steps[0]?.startedAt ?? agent?.startedAt;
  const phases = {
    ...(implementStart !== undefined && implementEnd !== undefined ? { implement: { startedAt: implementStart, finishedAt: implementEnd } } : {}),
    ...(checks ? { test: { startedAt: checks.startedAt, finishedAt: checks.finishedAt } } : {}),
    ...(reviews.length ? { review: envelope(reviews) } : {}),
  };
  const start = implementStart ?? earliest(Object.values(phases).map((p) => p.startedAt));
  const end = decision?.at ?? latest(Object.values(phases).map((p) => p.finishedAt));
  const spend = [...steps.map((s) => s.spend), ...(agent ? [agent.spend] : []), ...reviews.map((r): Spend => ({ ...r.usage, costUsd: r.costUsd }))].reduce(addSpend, ZERO_SPEND);

  return {
    taskId,
    attempt,
    ...(prompt ? { promptAt: prompt.createdAt } : {}),
    ...(mcp ? { mcp: { tools: mcp.tools.length, notes: mcp.notes } } : {}),
    steps,
    ...(agent ? { agent } : {}),
    ...(checks ? { checks } : {}),
    reviews,
    ...(feedback !== undefined ? { feedback } : {}),
    ...(decision ? { decision } : {}),
    phases,
    spend,
    ...(start !== undefined && end !== undefined ? { span: { startedAt: start, finishedAt: Math.max(start, end) } } : {}),
  };
}

function agentEntry(session: AgentSessionRecord | undefined, result: AgentResultRecord | undefined, files: AttemptFileTexts): AgentSessionEntry | undefined {
  if (!session) return undefined;
  const events = eventsOfStream(files['agent-events.jsonl'] ?? '', mapperForSpec(session.agent));
  const sessionId = result?.sessionId ?? session.sessionId;
  return {
    spec: session.agent,
    startedAt: session.startedAt,
    ...(result ? { finishedAt: result.finishedAt } : {}),
    ...(sessionId ? { sessionId } : {}),
    resumes: session.resumes,
    events,
    ...(result
      ? { result: { finished: result.finished, summary: result.summary, lastWords: result.lastWords, exitCode: result.exitCode, gitNotes: result.gitNotes, ...(Array.isArray(result.progress?.files) ? { files: result.progress.files } : {}), ...(result.stoppedBecause ? { stoppedBecause: result.stoppedBecause } : {}) } }
      : {}),
    ...(files['agent-stderr.txt']?.trim() ? { stderr: files['agent-stderr.txt'] } : {}),
    spend: result?.spend ?? ZERO_SPEND,
    ...underReported(result),
  };
}

/** The agent's own figures, when its gateway metered more (records from before have no meter). */
function underReported(result: AgentResultRecord | undefined): Pick<AgentSessionEntry, 'underReported'> {
  const metered = result?.progress?.gatewayMetered;
  if (metered?.agentReported === undefined) return {};
  return { underReported: { calls: metered.calls, reported: spendOf(metered.agentReported.usage, metered.agentReported.costUsd) } };
}

function numbered(files: AttemptFileTexts, pattern: RegExp): number[] {
  return Object.keys(files)
    .map((name) => pattern.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

function envelope(spans: Span[]): Span {
  return { startedAt: Math.min(...spans.map((s) => s.startedAt)), finishedAt: Math.max(...spans.map((s) => s.finishedAt)) };
}

const latest = (values: number[]) => (values.length ? Math.max(...values) : undefined);
const earliest = (values: number[]) => (values.length ? Math.min(...values) : undefined);
