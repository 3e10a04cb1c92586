/**
 * A worker whose keys or endpoints are not the run's refuses a model call
 * (models/endpoint-guard.ts). The run does not fail for it: it waits for a
 * worker that matches, trying again on a timer (so a proper worker, once
 * started, picks the call up by itself) or at once on `tandem resume`.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { WORKER_ENDPOINT_MISMATCH } from '../contracts/endpoints.js';

/** Runs recorded before the check fail such a call; the marker keeps their replay unchanged. */
export const WORKER_ENDPOINT_PATCH = 'worker-endpoint-check';

/** The refusal's message when `error` is a worker refusing for its endpoint, else undefined. */
export function endpointRefusal(error: unknown): string | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  return cause instanceof ApplicationFailure && cause.type === WORKER_ENDPOINT_MISMATCH ? cause.message : undefined;
}

/**
 * The wait before try `refusals + 1`: the base, doubling up to 4x, so a wait of
 * hours does not fill the history while a proper worker is still found soon.
 */
export function workerRetryDelay(baseMs: number, refusals: number): number {
  return baseMs * Math.min(4, 2 ** Math.max(0, refusals - 1));
}

/**
 * How long to wait before trying a refused call again, at first: the heartbeat timeout (how
 * long a silent worker keeps its work, 30 s by default), within 2 s to 60 s.
 */
export function workerRetryMs(heartbeatTimeoutSeconds: number): number {
  return Math.min(60, Math.max(2, heartbeatTimeoutSeconds)) * 1000;
}
