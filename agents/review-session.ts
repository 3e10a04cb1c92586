/**
 * A review by an external agent (`reviewers: [{ agent: codex }]`): a read-only
 * session (codex with the workspace bound read-only in Tandem's sandbox, or its
 * own `read-only` sandbox with `sandbox: none`; Claude Code with its read tools only) in
 * the task's worktree, given the same review prompt the built-in review sends,
 * whose final message must be the verdict JSON, validated with the same schema.
 * Not an activity of its own: activities/review.ts calls it.
 *
 * Limited like an implementing session (the attempt's token limit, what is left
 * of the budgets), and durable the same way: its session id is journaled next to
 * its events, so a retry (a worker crash, or an answer that was not a verdict)
 * resumes the session instead of paying for the whole review again.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describeProgress } from './progress.js';
import { limitsAfter, runAgentSession, type AgentLimits } from './session.js';
import { chargedWith, couldNotResume, stopSurvivor, type AgentRun } from './run-agent.js';
import { readJsonIfExists, writeJsonAtomic } from '../journal/files.js';
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
  /** The attempt's token limit and what is left of the budgets; steps are capped at REVIEW_MAX_STEPS. */
  limits?: Omit<AgentLimits, 'maxSteps'>;
}

/** A verdict, or why Tandem stopped the review first (a limit); either way what it spent. */
export type AgentReviewOutcome = ({ verdict: ReviewVerdict } | { stoppedBecause: string }) & { usage: Usage; costUsd: number };

/** review-N.agent-session.json: what a retry needs to resume the review. */
export interface AgentReviewSessionRecord {
  sessionId?: string;
  /** How many times a retry picked the review up again. */
  resumes: number;
  /** The agent's process group and binary while it runs: a retry stops a survivor first. */
  process?: { pid: number; binary: string };
}

const REVIEW_MAX_STEPS = 50;
const RESUME_PROMPT = 'Tandem restarted while you were reviewing, or your last answer was not the verdict. Finish the review and reply with only the verdict JSON the first message asks for.';

/** Runs the review; throws (so the activity retries) when the agent gives no valid verdict, naming its last words. */
export async function reviewWithAgent(input: AgentReviewInput): Promise<AgentReviewOutcome> {
  const review = input.messages.map((m) => String(m.content)).join('\n\n');
  const schema = JSON.stringify(outputJsonSchema({ name: 'review_verdict', description: 'The review verdict', schema: ReviewVerdictSchema }));
  const prompt = fillTemplate(await loadTemplate('agent-reviewer', input.location.repo), { review, schema }).trim();
  const home = path.join(tandemHome(), 'agents', journalDirName(input.location.runId), input.taskId, `attempt-${input.attempt}-review-${input.reviewerIndex}`);
  mkdirSync(home, { recursive: true });
  const sessionPath = path.join(input.attemptDir, `review-${input.reviewerIndex}.agent-session.json`);
  const eventsFile = path.join(input.attemptDir, `review-${input.reviewerIndex}.agent-events.jsonl`);
  const journaled = await readJsonIfExists<AgentReviewSessionRecord>(sessionPath);
  if (journaled?.process) await stopSurvivor(journaled.process.pid, journaled.process.binary);
  const journal = new SessionJournal(sessionPath, journaled ? { ...journaled, resumes: journaled.resumes + 1 } : { resumes: 0 });
  await journal.flush();

  const limits = { maxSteps: REVIEW_MAX_STEPS, ...input.limits };
  const session = (resumeId: string | undefined, sessionLimits = limits): Promise<AgentRun> =>
    whileHeartbeating((signal, report) =>
      runAgentSession({
        model: input.reviewer,
        workspace: input.location.repo,
        home,
        prompt: resumeId ? RESUME_PROMPT : prompt,
        mode: 'review',
        ...(resumeId ? { resumeId } : {}),
        sandbox: input.sandbox,
        env: process.env,
        limits: sessionLimits,
        eventsFile,
        replay: resumeId !== undefined,
        signal,
        onSpawn: (pid, binary) => journal.save({ process: { pid, binary } }),
        onSession: (id) => journal.save({ sessionId: id }),
        onProgress: (progress) => report({ agent: input.reviewer.spec, ...(progress.sessionId ? { sessionId: progress.sessionId } : {}), progress: describeProgress(progress) }),
      }),
    );
  const resumeId = journaled?.sessionId;
  let run = await session(resumeId);
  // The agent could not pick its session up (its files are gone): review again from the start.
  if (resumeId !== undefined && couldNotResume(run)) {
    const lost = run.progress;
    run = chargedWith(await session(undefined, limitsAfter(limits, lost)), lost);
  }
  await journal.flush();

  const spent = { usage: run.progress.usage, costUsd: run.progress.costUsd };
  if (run.stoppedBecause === 'cancelled') throw new Error(`review by ${input.reviewer.spec} cancelled`);
  if (run.stoppedBecause !== undefined) return { stoppedBecause: run.stoppedBecause, ...spent };
  const words = run.progress.result?.text || run.progress.lastMessage || run.progress.errors.at(-1) || run.stderr.trim().split('\n').at(-1) || '(no words)';
  const extracted = extractJson(words);
  const parsed = extracted.ok ? ReviewVerdictSchema.safeParse(extracted.value) : undefined;
  if (run.exitCode !== 0 || !parsed?.success) {
    throw new Error(`reviewer ${input.reviewer.spec} gave no valid verdict (exit ${run.exitCode ?? run.signal}): ${words.slice(0, 500)}`);
  }
  return { verdict: parsed.data, ...spent };
}

/** The review's session record on disk; writes are chained so a later one never lands first. */
class SessionJournal {
  private writing: Promise<void> = Promise.resolve();
  constructor(private readonly file: string, private record: AgentReviewSessionRecord) {}

  save(change: Partial<AgentReviewSessionRecord>): void {
    this.record = { ...this.record, ...change };
    const record = this.record;
    this.writing = this.writing.then(() => writeJsonAtomic(this.file, record)).catch(() => undefined);
  }

  flush(): Promise<void> {
    this.save({});
    return this.writing;
  }
}
