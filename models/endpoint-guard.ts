/**
 * The check every model-calling activity makes before it calls: a worker whose
 * environment would send the run's calls elsewhere, or with another key,
 * refuses with a non-retryable failure naming the variable. The workflow then
 * waits for a worker that matches (workflows/provider-wait.ts); the call is
 * never made with the wrong credentials.
 */
import { hostname } from 'node:os';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { endpointIdentity, endpointMismatch } from './endpoint-identity.js';
import { WORKER_ENDPOINT_MISMATCH, type EndpointIdentity, type ResolvedModel } from './types.js';

/** Throws WorkerEndpointMismatch when `recorded` is given and this process's environment does not match it. */
export function assertRunEndpoint(role: string, model: ResolvedModel, recorded: EndpointIdentity | undefined, env: NodeJS.ProcessEnv = process.env): void {
  // Runs started before endpoints were recorded carry none: nothing to compare.
  if (recorded === undefined) return;
  const mismatch = endpointMismatch(recorded, endpointIdentity(model, env));
  if (mismatch === undefined) return;
  throw ApplicationFailure.create({
    type: WORKER_ENDPOINT_MISMATCH,
    nonRetryable: true,
    message: `worker ${workerIdentity()} refused the ${role} call to ${model.spec}: ${mismatch}. Start \`tandem worker --task-queue ${taskQueue()}\` with the run's variables (and stop this one); the run waits for it.`,
    details: [{ role, variable: recorded.keyEnv, queue: taskQueue() }],
  });
}

function taskQueue(): string {
  try {
    return Context.current().info.taskQueue;
  } catch {
    return '<the run\'s queue>';
  }
}

function workerIdentity(): string {
  return `${process.pid}@${hostname()}`;
}
