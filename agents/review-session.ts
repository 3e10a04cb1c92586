/**
 * A review by an external agent (`reviewers: [{ agent: codex }]`): a read-only
 * session (codex `read-only` sandbox; Claude Code with its read tools only) in
 * the task's worktree, given the same review prompt the built-in review sends,
 * whose final message must be the verdict JSON, validated with the same schema.
 * Not an activity of its own: activities/review.ts calls it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describeProgress } from './progress.js';
import { runAgentSession } from './session.js';
import { extractJson } from '../models/extract-json.js';
import { outputJsonSchema } from '../models/output-json-schema.js';
import type { Message, ResolvedModel, Usage } from '../models/types.js';
import { ReviewVerdictSchema, type ReviewVerdict } from '../plan/schema.js';
import { fillTemplate, loadTemplate } from '../prompts/templates.js';
import { whileHeartbeating } from '../temporal/heartbeat.js';
import { tandemHome } from '../temporal/state-dir.js';
import { journalDirName } from '../journal/layout.js';
import type { RunLocation } from '../contracts/run.js';
import type { SandboxSetting } from '../contracts/sandbox.js';

export interface AgentReviewInput {
  location: RunLocation;
  taskId: string;
  attempt: number;
  reviewerIndex: number;
  reviewer: ResolvedModel;
  messages: Message[];
  /** The attempt's journal directory: the review's raw events go next to the other files. */
  attemptDir: string;
  sandbox: SandboxSetting;
}

export interface AgentReviewOutcome {
  verdict: ReviewVerdict;
  usage: Usage;
  costUsd: number;
}

/** Runs the review; throws (so the activity retries) when the agent gives no valid verdict, naming its last words. */
export async function reviewWithAgent(input: AgentReviewInput): Promise<AgentReviewOutcome> {
  const review = input.messages.map((m) => String(m.content)).join('\n\n');
  const schema = JSON.stringify(outputJsonSchema({ name: 'review_verdict', description: 'The review verdict', schema: ReviewVerdictSchema }));
  const prompt = fillTemplate(await loadTemplate('agent-reviewer', input.location.repo), { review, schema }).trim();
  const home = path.join(tandemHome(), 'agents', journalDirName(input.location.runId), input.taskId, `attempt-${input.attempt}-review-${input.reviewerIndex}`);
  mkdirSync(home, { recursive: true });
  const run = await whileHeartbeating((signal, report) =>
    runAgentSession({
      model: input.reviewer,
      workspace: input.location.repo,
      home,
      prompt,
      mode: 'review',
      sandbox: input.sandbox,
      env: process.env,
      limits: { maxSteps: 50 },
      eventsFile: path.join(input.attemptDir, `review-${input.reviewerIndex}.agent-events.jsonl`),
      signal,
      onSession: () => undefined,
      onProgress: (progress) => report({ agent: input.reviewer.spec, progress: describeProgress(progress) }),
    }),
  );
  const words = run.progress.result?.text || run.progress.lastMessage || run.progress.errors.at(-1) || run.stderr.trim().split('\n').at(-1) || '(no words)';
  const extracted = extractJson(words);
  const parsed = extracted.ok ? ReviewVerdictSchema.safeParse(extracted.value) : undefined;
  if (run.exitCode !== 0 || !parsed?.success) {
    throw new Error(`reviewer ${input.reviewer.spec} gave no valid verdict (exit ${run.exitCode ?? run.signal}): ${words.slice(0, 500)}`);
  }
  return { verdict: parsed.data, usage: run.progress.usage, costUsd: run.progress.costUsd };
}
