/**
 * The key a call keeper knows a call by: the activity that makes it (its
 * workflow, workflow run and activity id, which stay the same when Temporal
 * retries the activity after its worker died) and a hash of exactly what it
 * sends. The same activity retried with the same request finds the same call;
 * anything else is a new one.
 */
import { createHash } from 'node:crypto';
import type { ResolvedModel } from '../models/types.js';
import type { WireRequest } from './protocol.js';

export interface CallOrigin {
  workflowId: string;
  /** The workflow execution's run id: a new execution under the same id never collects an old one's answer. */
  runId: string;
  activityId: string;
}

export function callKey(origin: CallOrigin, model: ResolvedModel, request: WireRequest): string {
  // The limits are how long to wait, not what is sent: a retry on a worker with other limits joins the same call.
  const { timeoutMs: _timeoutMs, stallMs: _stallMs, ...sent } = request;
  const requestHash = sha256(canonicalJson({ model, request: sent }));
  return sha256([origin.workflowId, origin.runId, origin.activityId, requestHash].join('\0'));
}

/** JSON with object keys sorted, so two equal values give one text whatever order their keys were set in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
