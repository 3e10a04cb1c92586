/**
 * Tokens per task as Tandem recorded them in the run's journal (the usage it
 * parsed from each vendor response, which is what `tandem status` adds up and
 * what a user is billed for): the implementer's calls split into cached and
 * uncached input, and the review's.
 */
import { readJsonIfExists } from '../journal/files.js';
import { attemptFiles } from '../journal/layout.js';
import type { ModelStepRecord, ReviewRecord } from '../journal/records.js';
import type { ReportedUsage } from './loopback-openai.js';

export interface TaskTokens {
  taskId: string;
  /** Implementer calls in the attempt. */
  requests: number;
  /** All implementer input, cached included. */
  inputTokens: number;
  cachedInputTokens: number;
  uncachedInputTokens: number;
  /** Of the uncached input, written to the cache (Anthropic; billed above the input price). */
  cacheWriteInputTokens: number;
  outputTokens: number;
  /** cachedInputTokens / inputTokens. */
  cachedShare: number;
  /** The first reviewer's call (the bench reviewer is in-process: its input is estimated, never cached). */
  review: { inputTokens: number; outputTokens: number };
}

export async function taskTokens(journalDir: string, taskId: string, attempt = 1): Promise<TaskTokens> {
  const files = attemptFiles(journalDir, taskId, attempt);
  const steps: ModelStepRecord[] = [];
  for (let step = 1; ; step++) {
    const record = await readJsonIfExists<ModelStepRecord>(files.model(step));
    if (!record) break;
    steps.push(record);
  }
  if (steps.length === 0) throw new Error(`no implementer step journaled for ${taskId} attempt ${attempt} in ${journalDir}`);
  const review = await readJsonIfExists<ReviewRecord>(files.review(0));
  const sum = (pick: (record: ModelStepRecord) => number) => steps.reduce((total, record) => total + pick(record), 0);
  const inputTokens = sum((record) => record.usage.inputTokens);
  const cachedInputTokens = sum((record) => record.usage.cachedInputTokens);
  return {
    taskId,
    requests: steps.length,
    inputTokens,
    cachedInputTokens,
    uncachedInputTokens: inputTokens - cachedInputTokens,
    cacheWriteInputTokens: sum((record) => record.usage.cacheWriteInputTokens ?? 0),
    outputTokens: sum((record) => record.usage.outputTokens),
    cachedShare: inputTokens > 0 ? cachedInputTokens / inputTokens : 0,
    review: { inputTokens: review?.usage.inputTokens ?? 0, outputTokens: review?.usage.outputTokens ?? 0 },
  };
}

/**
 * Fails the bench when Tandem's record differs from what the server reported
 * for the same calls: the figures would then describe the fake, not Tandem.
 */
export function assertRecordedAsReported(recorded: TaskTokens, reported: ReportedUsage[]): void {
  const total = (pick: (usage: ReportedUsage) => number) => reported.reduce((sum, usage) => sum + pick(usage), 0);
  const expected = {
    requests: reported.length,
    inputTokens: total((u) => u.inputTokens),
    cachedInputTokens: total((u) => u.cachedInputTokens),
    cacheWriteInputTokens: total((u) => u.cacheWriteInputTokens ?? 0),
    outputTokens: total((u) => u.outputTokens),
  };
  const { requests, inputTokens, cachedInputTokens, cacheWriteInputTokens, outputTokens } = recorded;
  const actual = { requests, inputTokens, cachedInputTokens, cacheWriteInputTokens, outputTokens };
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`Tandem recorded ${JSON.stringify(actual)} for ${recorded.taskId} but the fake reported ${JSON.stringify(expected)}`);
  }
}
