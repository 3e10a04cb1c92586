/**
 * What a task is waiting for while Temporal retries its model call: the
 * activity's pending state (try, last failure, next try) says it long before
 * the retries run out, e.g. `waiting for ollama: connection refused (retry 6
 * of 8, next in 30 s)`. Read only while a task is at a model call, so the
 * live view costs one describe per poll at most.
 */
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { optionalTsToMs } from '@temporalio/common/lib/time.js';
import { describeOutage, type ProviderOutage } from '../../models/provider-outage.js';
import type { TaskProgress } from '../../contracts/run.js';

export interface PendingRetry {
  /** The try Temporal makes next (or is making now), counting the first. */
  attempt: number;
  maximumAttempts: number;
  /** When the next try starts; undefined while one is running. */
  nextAttemptAt?: number;
  outage?: Pick<ProviderOutage, 'provider' | 'reason'>;
  /** The last failure's message, for failures that are no outage (a rate limit). */
  message: string;
}

/** True when the task is at a step that calls a model: only then is the describe worth it. */
export function atModelCall(progress: TaskProgress | undefined): boolean {
  return progress?.state === 'running' && !progress.pausedReason && (/ · model$/.test(progress.step) || progress.step === 'review');
}

/** `waiting for ollama: connection refused (retry 6 of 8, next in 30 s)`. */
export function formatPendingRetry(retry: PendingRetry, now: number = Date.now()): string {
  const what = retry.outage ? describeOutage(retry.outage) : `retrying: ${firstLine(retry.message)}`;
  const next = retry.nextAttemptAt === undefined ? '' : `, next in ${Math.max(0, Math.round((retry.nextAttemptAt - now) / 1000))} s`;
  const of = retry.maximumAttempts > 0 ? ` of ${retry.maximumAttempts}` : '';
  return `${what} (retry ${retry.attempt}${of}${next})`;
}

/** The retry of a failed model call the task workflow is waiting on, or undefined when none failed yet. */
export async function readPendingRetry(client: Client, taskWorkflowId: string): Promise<PendingRetry | undefined> {
  let pending;
  try {
    pending = (await client.workflow.getHandle(taskWorkflowId).describe()).raw.pendingActivities ?? [];
  } catch {
    return undefined; // the task has not started yet, or just ended
  }
  const retrying = pending.find((activity) => (activity.attempt ?? 0) > 1 && activity.lastFailure);
  if (!retrying) return undefined;
  const failure = await decodeOptionalFailureToOptionalError(client.options.loadedDataConverter, retrying.lastFailure).catch(() => undefined);
  return {
    attempt: retrying.attempt ?? 0,
    maximumAttempts: retrying.maximumAttempts ?? 0,
    nextAttemptAt: optionalTsToMs(retrying.nextAttemptScheduleTime),
    outage: outageIn(failure),
    message: failure?.message ?? retrying.lastFailure?.message ?? 'the last try failed',
  };
}

function outageIn(failure: Error | undefined): PendingRetry['outage'] {
  const details = failure instanceof ApplicationFailure ? (failure.details?.[0] as Partial<ProviderOutage> | undefined) : undefined;
  return typeof details?.provider === 'string' && typeof details.reason === 'string' ? { provider: details.provider, reason: details.reason } : undefined;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
