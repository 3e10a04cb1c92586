/**
 * Cross-review: a model other than the implementer reads the task, the diff
 * against the task's base commit and the test results, and returns a verdict.
 * The diff is computed once per attempt, so every reviewer sees the same one.
 */
import { ReviewVerdictSchema } from '../plan/schema.js';
import type { EndpointIdentity, ResolvedModel } from '../models/types.js';
import type { PlanTaskInput, RunLocation, Spend } from '../contracts/run.js';
import { describeChangedFiles, diffSince } from '../git/diff-since.js';
import { readJsonIfExists, readTextIfExists, writeFileAtomic, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles, type AttemptFiles } from '../journal/layout.js';
import type { ChecksRecord, ModelStepRecord, ReviewRecord, ToolStepRecord } from '../journal/records.js';
import { callModel } from '../models/call-in-activity.js';
import { keeperRoute } from '../keeper/client.js';
import { assertRunEndpoint } from '../models/endpoint-guard.js';
import { recordReviewVerdict } from '../telemetry/instruments.js';
import { loadTemplate } from '../prompts/templates.js';
import { reviewPrompt, type ReviewPromptInput } from '../prompts/review-prompt.js';
import { contextWindowOf } from '../models/context-window-probe.js';
import { callFittingWindow } from '../models/context-overflow-retry.js';
import { spendOf } from '../contracts/spend.js';
import { clip } from '../journal/clip.js';
import { reviewWithAgent } from '../agents/review-session.js';
import type { SandboxSetting } from '../contracts/sandbox.js';
import type { AgentResultRecord } from './agent-session.js';

const MAX_DIFF_BYTES = 60_000;

export interface ReviewSummary {
  reviewer: string;
  verdict: 'approve' | 'request_changes';
  summary: string;
  blockers: number;
  spend: Spend;
}

export async function reviewChanges(input: {
  location: RunLocation;
  taskId: string;
  attempt: number;
  reviewerIndex: number;
  reviewer: ResolvedModel;
  baseSha: string;
  task: PlanTaskInput;
  /** The run's recorded endpoint for this reviewer; absent in older runs. */
  endpoint?: EndpointIdentity;
  /** How an external agent reviewer is confined; absent in runs started before agents (then Tandem's default). */
  sandbox?: SandboxSetting;
  /** An external agent reviewer's token and dollar limits (the attempt's, and what is left of the budgets); absent in older runs. */
  agentLimits?: { maxTokens?: number; maxUsd?: number };
}): Promise<ReviewSummary> {
  assertRunEndpoint('reviewer', input.reviewer, input.endpoint);
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const done = await readJsonIfExists<ReviewRecord>(files.review(input.reviewerIndex));
  if (done) return summarize(done);

  const { repo } = input.location;
  const { task } = input;
  const diff = await attemptDiff(files, repo, input.baseSha);
  const checks = await readJsonIfExists<ChecksRecord>(files.checks);
  const promptInput: ReviewPromptInput = {
    system: await loadTemplate('reviewer', repo),
    template: await loadTemplate('reviewer-task', repo),
    fields: {
      taskId: task.id,
      title: task.title,
      details: task.details ?? '',
      acceptance: task.acceptance.map((line) => `- ${line}`).join('\n'),
      implementSummary: (await implementerSummary(files)) ?? '(none given)',
      changes: diff.changes || '(none)',
    },
    checks: (checks?.commands ?? []).map((c) => ({
      command: c.command,
      status: `${c.timedOut ? 'timed out' : `exit ${c.exitCode}`} in ${(c.durationMs / 1000).toFixed(1)} s`,
      output: c.output,
    })),
    diff: diff.text,
    diffTruncated: diff.truncated,
  };
  const startedAt = Date.now();
  if (input.reviewer.agent !== undefined) {
    // An external agent reviews in a read-only session of its own; the verdict is checked the same way.
    const outcome = await reviewWithAgent({ ...input, messages: reviewPrompt(promptInput, undefined).messages, attemptDir: files.dir, sandbox: input.sandbox ?? 'bwrap', ...(input.agentLimits ? { limits: input.agentLimits } : {}) });
    // A review stopped by a limit approves nothing: the attempt fails with the reason, and its spend counts.
    const verdict = 'verdict' in outcome ? outcome.verdict : { verdict: 'request_changes' as const, summary: `review stopped: ${outcome.stoppedBecause}`, comments: [] };
    const record: ReviewRecord = { startedAt, finishedAt: Date.now(), reviewer: input.reviewer.spec, modelId: input.reviewer.spec, ...verdict, usage: outcome.usage, costUsd: outcome.costUsd };
    await writeJsonAtomic(files.review(input.reviewerIndex), record);
    recordReviewVerdict({ verdict: record.verdict, reviewer: record.reviewer });
    return summarize(record);
  }
  const window = await contextWindowOf(input.reviewer);
  const result = await callFittingWindow((maxPartsChars) => {
    const prompt = reviewPrompt(promptInput, window, maxPartsChars);
    return { prompt, call: () => callModel(input.reviewer, {
      messages: prompt.messages,
      output: { name: 'review_verdict', description: 'The review verdict for this change', schema: ReviewVerdictSchema },
    }, { via: keeperRoute(input.location) }) };
  });
  const verdict = result.output!;
  const record: ReviewRecord = {
    startedAt,
    finishedAt: Date.now(),
    reviewer: input.reviewer.spec,
    modelId: result.modelId,
    verdict: verdict.verdict,
    summary: verdict.summary,
    comments: verdict.comments,
    usage: result.usage,
    costUsd: result.costUsd,
  };
  await writeJsonAtomic(files.review(input.reviewerIndex), record);
  recordReviewVerdict({ verdict: record.verdict, reviewer: record.reviewer });
  return summarize(record);
}

/** The attempt's diff and changed files, computed once: a second reviewer or a retry reads the journal. */
async function attemptDiff(files: AttemptFiles, repo: string, baseSha: string): Promise<{ text: string; truncated: boolean; changes: string }> {
  const saved = await readTextIfExists(files.diff);
  const savedChanges = await readTextIfExists(files.changes);
  if (saved !== undefined && savedChanges !== undefined) return { text: saved, truncated: saved.includes('[diff truncated'), changes: savedChanges };
  // The staging is kept for the commit, which then need not list and stage the worktree again.
  const diff = await diffSince({ repo, baseSha, maxBytes: MAX_DIFF_BYTES, keepStagingIn: files.reviewedStaging });
  const changes = describeChangedFiles(diff.files);
  await writeFileAtomic(files.changes, changes);
  await writeFileAtomic(files.diff, diff.diff);
  return { text: diff.diff, truncated: diff.truncated, changes };
}

/** The implementer's `finish` summary, or its last words; an external agent's summary when one implemented. */
async function implementerSummary(files: AttemptFiles): Promise<string | undefined> {
  const agent = await readJsonIfExists<AgentResultRecord>(files.agent.result);
  if (agent) return agent.summary;
  let last: string | undefined;
  for (let step = 1; ; step++) {
    const model = await readJsonIfExists<ModelStepRecord>(files.model(step));
    if (!model) return last;
    if (model.text.trim()) last = model.text.trim();
    for (let index = 0; index < model.toolCalls.length; index++) {
      const tool = await readJsonIfExists<ToolStepRecord>(files.tool(step, index));
      if (tool?.finished) return tool.finished.summary;
    }
  }
}

function summarize(record: ReviewRecord): ReviewSummary {
  return {
    reviewer: record.reviewer,
    verdict: record.verdict,
    summary: clip(record.summary, 300),
    blockers: record.comments.filter((c) => c.severity === 'blocker').length,
    spend: spendOf(record.usage, record.costUsd),
  };
}
