/**
 * Calls a model from inside an activity: heartbeats while waiting and as a
 * streamed answer arrives (its progress as the heartbeat details), and turns
 * a classified ModelCallError into the Temporal failure that makes the retry
 * decision: non-retryable for a bad key or an unknown model, and the
 * server's Retry-After as the next retry delay. A failure that means the
 * provider is unavailable carries a ProviderOutage as its details, so the
 * workflow can pause the run once Temporal's retries are spent, and the CLI can
 * say what it is waiting for while they are not.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ApplicationFailureCategory } from '@temporalio/common';
import type { GenerateRequest } from './contract.js';
import { createModelClient } from './provider.js';
import { ModelCallError } from './errors.js';
import { providerOutage } from './provider-outage.js';
import type { GenerateResult, ResolvedModel } from './types.js';
import { whileHeartbeating } from '../temporal/heartbeat.js';
import { inSpan, recordModelCall } from '../telemetry/instruments.js';

/**
 * Who makes the HTTP call: by default this process (`createModelClient(model).generate`).
 * A route must behave the same: resolve with the result, reject only with ModelCallError
 * (or an abort when `request.signal` fires), and report stream progress through `onProgress`.
 */
export type ModelRoute = <T>(model: ResolvedModel, request: GenerateRequest<T>) => Promise<GenerateResult<T>>;

export interface CallOptions {
  /** Another route for the call (keeper/client.ts: a process that outlives this worker); absent, in-process. */
  via?: ModelRoute;
}

/** The default route: this process makes the call. */
export const inProcess: ModelRoute = (model, request) => createModelClient(model).generate(request);

/** One model call, as a `tandem.model_call` span with its model, tokens, cost and cache hits. */
export function callModel<T>(model: ResolvedModel, request: GenerateRequest<T>, options: CallOptions = {}): Promise<GenerateResult<T>> {
  return inSpan('tandem.model_call', { 'tandem.model': model.spec }, async (span) => {
    const result = await generate(model, request, options.via ?? inProcess);
    for (const warning of result.warnings ?? []) logWarning(warning);
    recordModelCall(span, { model: model.spec, ...result.usage, costUsd: result.costUsd });
    return result;
  });
}

async function generate<T>(model: ResolvedModel, request: GenerateRequest<T>, route: ModelRoute): Promise<GenerateResult<T>> {
  try {
    // A streamed answer heartbeats as it arrives, with how far it has got as the details.
    return await whileHeartbeating((signal, progress) =>
      route(model, { ...request, signal, onProgress: (streamed) => progress({ model: model.spec, ...streamed }) }),
    );
  } catch (error) {
    if (stoppedByWorkerShutdown()) {
      // Benign and expected on Ctrl-C: the next worker makes the call again (or collects it from
      // the call keeper that went on making it), and no warning is logged.
      throw ApplicationFailure.create({
        type: 'WorkerShutdown',
        message: `The call to ${model.spec} stopped waiting with its worker; the next worker takes it up again.`,
        category: ApplicationFailureCategory.BENIGN,
      });
    }
    if (error instanceof ModelCallError) {
      const outage = providerOutage({ kind: error.kind, provider: error.provider, status: error.status, detail: error.detail, hint: error.hint });
      throw ApplicationFailure.create({
        type: `ModelCallError.${error.kind}`,
        message: error.hint ? `${error.message} (${error.hint})` : error.message,
        nonRetryable: !error.retryable || answersWithoutCompletion(error),
        ...(error.retryAfterMs !== undefined ? { nextRetryDelay: error.retryAfterMs } : {}),
        ...(outage ? { details: [outage] } : {}),
      });
    }
    throw error;
  }
}

/**
 * A server that answered twice with something that is not a completion (a web page, a
 * proxy's body) is the wrong address, not a passing fault: one retry, then a clear error,
 * instead of every retry of the model profile.
 */
function answersWithoutCompletion(error: ModelCallError): boolean {
  if (error.kind !== 'malformed_response') return false;
  try {
    return Context.current().info.attempt >= 2;
  } catch {
    return false; // not inside an activity
  }
}

/** The activity's logger (the worker log), or stderr outside an activity. */
function logWarning(message: string): void {
  try {
    Context.current().log.warn(message);
  } catch {
    console.warn(`warning: ${message}`);
  }
}

function stoppedByWorkerShutdown(): boolean {
  try {
    const { cancellationSignal, cancellationDetails } = Context.current();
    const shutdown = cancellationDetails?.workerShutdown === true || (cancellationSignal.reason as Error | undefined)?.message === 'WORKER_SHUTDOWN';
    return cancellationSignal.aborted && shutdown;
  } catch {
    return false; // not inside an activity
  }
}
