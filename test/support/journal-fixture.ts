/**
 * Builds run journals on disk with the record shapes the activities write
 * (activities/journal/records.ts, layout.ts), on a fake clock that advances as
 * each record is written, so logs and reports can be tested without a run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attemptFiles } from '../../journal/layout.js';
import type { ChecksRecord, CommandRecord, DecisionRecord, ModelStepRecord, PromptRecord, ReviewRecord, ToolStepRecord } from '../../journal/records.js';
import type { RunRecord } from '../../activities/run-setup.js';

export interface FixtureToolCall {
  name: string;
  args: Record<string, unknown>;
  content: string;
  ok?: boolean;
  summary?: string;
  ms?: number;
  /** Set for `finish`: the implementer's summary. */
  finished?: string;
}

export interface FixtureStep {
  text?: string;
  calls: FixtureToolCall[];
  ms?: number;
  tokens?: [input: number, output: number, cached?: number];
  costUsd?: number;
  /** Leave the tool results unwritten, as a crash mid-step would. */
  crashBeforeTools?: boolean;
}

export type FixtureReview = Pick<ReviewRecord, 'reviewer' | 'verdict' | 'summary' | 'comments'> & { ms?: number; costUsd?: number };

const write = async (path: string, value: unknown) => {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, typeof value === 'string' ? value : `${JSON.stringify(value, null, 2)}\n`);
};

export class JournalFixture {
  constructor(
    readonly dir: string,
    public now: number,
  ) {}

  private tick(ms: number): { startedAt: number; finishedAt: number } {
    const startedAt = this.now;
    this.now += ms;
    return { startedAt, finishedAt: this.now };
  }

  async run(record: Omit<RunRecord, 'startedAt'>): Promise<void> {
    await write(join(this.dir, 'run.json'), { ...record, startedAt: this.now } satisfies RunRecord);
  }

  async baseline(command: string, output: string): Promise<void> {
    const { finishedAt } = this.tick(2000);
    await write(join(this.dir, 'baseline.json'), { at: finishedAt, name: 'baseline', command, exitCode: 0, timedOut: false, durationMs: 2000, output, outputTruncated: false });
  }

  attempt(taskId: string, attempt: number): AttemptWriter {
    return new AttemptWriter(this, taskId, attempt);
  }

  /** Advances the fake clock, for time spent outside the journaled phases (commits, waits). */
  wait(ms: number): void {
    this.tick(ms);
  }
}

export class AttemptWriter {
  private readonly files;
  private steps = 0;

  constructor(
    private readonly journal: JournalFixture,
    taskId: string,
    attempt: number,
  ) {
    this.files = attemptFiles(journal.dir, taskId, attempt);
  }

  private tick(ms: number) {
    const startedAt = this.journal.now;
    this.journal.now += ms;
    return { startedAt, finishedAt: this.journal.now };
  }

  async prompt(task: string): Promise<this> {
    const record: PromptRecord = { messages: [{ role: 'system', content: 'You are the implementer.' }, { role: 'user', content: task }], createdAt: this.tick(500).startedAt };
    await write(this.files.prompt, record);
    return this;
  }

  async step(step: FixtureStep): Promise<this> {
    const n = ++this.steps;
    const [inputTokens, outputTokens, cachedInputTokens = 0] = step.tokens ?? [1500, 200, 0];
    const record: ModelStepRecord = {
      ...this.tick(step.ms ?? 3000),
      text: step.text ?? '',
      toolCalls: step.calls.map((call, index) => ({ id: `call_${n}_${index}`, name: call.name, rawArguments: JSON.stringify(call.args) })),
      stopReason: step.calls.length ? 'tool_calls' : 'end',
      modelId: 'gpt-5-mini-2025-08-07',
      usage: { inputTokens, outputTokens, cachedInputTokens },
      costUsd: step.costUsd ?? 0.0021,
    };
    await write(this.files.model(n), record);
    if (step.crashBeforeTools) return this;
    for (const [index, call] of step.calls.entries()) {
      const tool: ToolStepRecord = {
        ...this.tick(call.ms ?? 400),
        toolCallId: `call_${n}_${index}`,
        name: call.name,
        ok: call.ok ?? true,
        content: call.content,
        summary: call.summary ?? `${call.name} ${String(call.args.path ?? call.args.command ?? '')}`.trim(),
        ...(call.finished ? { finished: { summary: call.finished } } : {}),
      };
      await write(this.files.tool(n, index), tool);
    }
    return this;
  }

  async checks(commands: Omit<CommandRecord, 'timedOut' | 'outputTruncated'>[]): Promise<this> {
    const span = this.tick(commands.reduce((sum, c) => sum + c.durationMs, 0));
    const record: ChecksRecord = {
      ...span,
      passed: commands.every((c) => c.exitCode === 0),
      commands: commands.map((c) => ({ ...c, timedOut: false, outputTruncated: false })),
    };
    await write(this.files.checks, record);
    return this;
  }

  /** Reviews run in parallel: all start together, the attempt waits for the slowest. */
  async reviews(reviews: FixtureReview[]): Promise<this> {
    const startedAt = this.journal.now;
    for (const [index, review] of reviews.entries()) {
      const record: ReviewRecord = {
        startedAt,
        finishedAt: startedAt + (review.ms ?? 6000),
        reviewer: review.reviewer,
        modelId: review.reviewer.split(':')[1] ?? review.reviewer,
        verdict: review.verdict,
        summary: review.summary,
        comments: review.comments,
        usage: { inputTokens: 4000, outputTokens: 300, cachedInputTokens: 0 },
        costUsd: review.costUsd ?? 0.015,
      };
      await write(this.files.review(index), record);
    }
    this.journal.now = startedAt + Math.max(...reviews.map((r) => r.ms ?? 6000));
    return this;
  }

  async feedback(text: string): Promise<this> {
    await write(this.files.feedback, text);
    return this;
  }

  async decision(decision: Omit<DecisionRecord, 'at'>, ms = 800): Promise<this> {
    await write(this.files.decision, { ...decision, at: this.tick(ms).finishedAt } satisfies DecisionRecord);
    return this;
  }
}
