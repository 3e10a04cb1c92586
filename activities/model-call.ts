/**
 * Calls a model from inside an activity: heartbeats while waiting, and turns
 * a classified ModelCallError into the Temporal failure that makes the retry
 * decision: non-retryable for a bad key or an unknown model, and the
 * server's Retry-After as the next retry delay.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { createModelClient, type GenerateRequest } from '../models/provider.js';
import { ModelCallError } from '../models/errors.js';
import type { GenerateResult, ResolvedModel } from '../models/types.js';
import { whileHeartbeating } from './heartbeat.js';

export async function callModel<T>(model: ResolvedModel, request: GenerateRequest<T>): Promise<GenerateResult<T>> {
  try {
    return await whileHeartbeating((signal) => createModelClient(model).generate({ ...request, signal }));
  } catch (error) {
    if (error instanceof ModelCallError) {
      throw ApplicationFailure.create({
        type: `ModelCallError.${error.kind}`,
        message: error.hint ? `${error.message} (${error.hint})` : error.message,
        nonRetryable: !error.retryable,
        ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
      });
    }
    throw error;
  }
}
