/**
 * The worker's side of the call keeper: a ModelRoute that hands the call to
 * the keeper of this state directory, run queue and endpoint, and waits for
 * the answer with the stream's progress (which heartbeats the activity). A
 * retried activity sends the same key, so it joins the call its dead worker
 * left in flight, or collects its kept answer, instead of sending it again.
 *
 * The keeper is an optimisation, never a dependency: when it cannot start,
 * dies mid-call, or refuses (another endpoint, a schema it does not know), the
 * call is made here in-process, with one warning in the worker log.
 */
import { Context } from '@temporalio/activity';
import type { Socket } from 'node:net';
import { inProcess, type ModelRoute } from '../models/call-in-activity.js';
import type { GenerateRequest } from '../models/contract.js';
import { endpointIdentity } from '../models/endpoint-identity.js';
import { ModelCallError } from '../models/errors.js';
import type { GenerateResult, ResolvedModel } from '../models/types.js';
import { tandemHome } from '../temporal/state-dir.js';
import { keeperAddress, MAX_SOCKET_PATH, type KeeperAddress } from './address.js';
import { callEnvironmentFingerprint, keeperEnvironment } from './call-environment.js';
import { callKey } from './call-key.js';
import { isKeptSchema } from './output-schemas.js';
import { frame, onMessages, type ClientMessage, type KeeperMessage } from './protocol.js';
import { FailedStarts } from './failed-starts.js';
import { keeperBuildId } from './build-id.js';
import { connectKeeper, keeperEntry } from './start.js';
import { keeperWanted } from './when-used.js';
import { fromWireError, toWireRequest } from './wire.js';

/** The route for a run's calls at `location`: through its keeper when one is wanted, else undefined (in-process). */
export function keeperRoute(location: { workspaceRoot?: string }, env: NodeJS.ProcessEnv = process.env): ModelRoute | undefined {
  return keeperWanted(location, env) ? keptCall : undefined;
}

type Exchange =
  | { kind: 'result'; result: GenerateResult }
  | { kind: 'failed'; error: ModelCallError }
  /** The keeper would not or could not answer: the call is made here. `reason` groups warnings. */
  | { kind: 'fallback'; reason: string; why: string }
  | { kind: 'aborted' };

/** A call through the keeper, from inside an activity; outside one (no key to give it) it is made in-process. */
export const keptCall: ModelRoute = async <T>(model: ResolvedModel, request: GenerateRequest<T>): Promise<GenerateResult<T>> => {
  const context = activityContext();
  // The scripted model answers in-process; a schema the keeper does not hold cannot be validated there.
  if (!context || model.kind === 'scripted' || (request.output && !isKeptSchema(request.output))) return inProcess(model, request);
  const { info } = context;
  const execution = info.workflowExecution;
  if (!execution) return inProcess(model, request); // a standalone activity: no workflow to key the call by
  const wire = toWireRequest(request as GenerateRequest<unknown>);
  const key = callKey({ workflowId: execution.workflowId, runId: execution.runId, activityId: info.activityId }, model, wire);
  const identity = endpointIdentity(model, process.env);
  const environment = callEnvironmentFingerprint(process.env, identity);
  const address = keeperAddress({ home: tandemHome(), taskQueue: info.taskQueue, identity, environment, build: keeperBuildId(keeperEntry()) });
  if (Buffer.byteLength(address.socket) > MAX_SOCKET_PATH) {
    warnOnce('path too long', `the call keeper's socket path ${address.socket} is too long for a Unix socket (a shorter TANDEM_HOME fixes it); model calls are made by the worker`);
    return inProcess(model, request);
  }
  // It failed to start a moment ago (already warned): no new start, and its wait, per call.
  if (failedStarts.recent(address.socket)) return inProcess(model, request);
  let socket: Socket;
  try {
    socket = await connectKeeper(address, { env: keeperEnvironment(process.env, identity) });
  } catch (error) {
    failedStarts.record(address.socket);
    warnOnce('no start', `the call keeper could not start (${(error as Error).message}); model calls are made by the worker, and a killed worker repeats its calls in flight`);
    return inProcess(model, request);
  }
  const outcome = await exchange(socket, { type: 'call', key, identity, environment, model, request: wire }, request, context, address);
  switch (outcome.kind) {
    case 'result': {
      // The keeper validated it with the schema of that name; this worker trusts only its own.
      const checked = request.output?.schema.safeParse(outcome.result.output);
      if (!checked || checked.success) return outcome.result as GenerateResult<T>;
      warnOnce('bad output', `the call keeper's answer does not match the output schema "${request.output!.name}" (its log: ${address.log}); the worker makes the call itself`);
      return inProcess(model, request);
    }
    case 'failed':
      throw outcome.error;
    case 'aborted':
      throw new ModelCallError(`The call to ${model.providerName} model ${model.model} was cancelled.`, { kind: 'aborted', retryable: false, provider: model.providerName, model: model.model });
    case 'fallback':
      warnOnce(outcome.reason, `${outcome.why}; the worker makes the call itself`);
      return inProcess(model, request);
  }
};

/**
 * How much longer than the call's own limits the keeper may stay silent: its model call
 * fails at those limits and says so, so silence beyond them means a stuck keeper.
 */
export function silenceLimitMs(callLimitMs: number): number {
  return callLimitMs + 1_000 + callLimitMs / 10;
}

/**
 * Sends the call and waits for its end: the answer, a failure, a refusal, the keeper gone or
 * silent past the call's limits (a stopped keeper must not hold the task until its activity
 * times out), or this activity stopped.
 */
function exchange(socket: Socket, call: Extract<ClientMessage, { type: 'call' }>, request: GenerateRequest<unknown>, context: Context, address: KeeperAddress): Promise<Exchange> {
  return new Promise((resolve) => {
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const finish = (outcome: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      request.signal?.removeEventListener('abort', onAbort);
      if (outcome.kind === 'result') socket.end(frame({ type: 'ack', key: call.key }));
      else socket.end();
      resolve(outcome);
    };
    const onAbort = () => {
      // A cancelled activity stops its call; a worker shutting down leaves it to the next worker to collect.
      if (context.cancellationDetails?.cancelRequested && socket.writable) socket.write(frame({ type: 'abort', key: call.key }));
      finish({ kind: 'aborted' });
    };
    const gone = { kind: 'fallback', reason: 'went away', why: `the call keeper went away mid-call (its log: ${address.log})` } as const;
    // Waiting for the stream to start, the call's timeout; once it streams, its stall limit.
    const arm = (limitMs: number) => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        // Should it wake up, it stops the call: this worker makes it now.
        if (socket.writable) socket.write(frame({ type: 'abort', key: call.key }));
        finish({ kind: 'fallback', reason: 'silent', why: `the call keeper sent nothing for ${Math.round(silenceLimitMs(limitMs) / 1000)} s (stopped or stuck? its log: ${address.log})` });
      }, silenceLimitMs(limitMs));
    };
    if (request.signal?.aborted) return finish({ kind: 'aborted' });
    // The connection closed between connect and now (its error was already swallowed).
    if (socket.destroyed) return finish(gone);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', () => undefined); // 'close' follows
    socket.once('close', () => finish(gone));
    onMessages<KeeperMessage>(socket, (message) => {
      if (message.type === 'progress') {
        arm(call.request.stallMs);
        request.onProgress?.(message.progress);
      } else if (message.type === 'result') finish({ kind: 'result', result: message.result });
      else if (message.type === 'refused') finish({ kind: 'fallback', reason: 'refused', why: `the call keeper refused the call (${message.reason})` });
      else if (message.type === 'failed') {
        const error = fromWireError(message.error);
        finish(error ? { kind: 'failed', error } : { kind: 'fallback', reason: 'failed', why: `the call keeper failed (${'unexpected' in message.error ? message.error.unexpected : 'unknown'}; its log: ${address.log})` });
      }
    });
    arm(call.request.timeoutMs);
    socket.write(frame(call));
  });
}

const failedStarts = new FailedStarts();
const warned = new Set<string>();

/** Each reason once per worker process: the worker log says what happened without repeating it per call. */
function warnOnce(reason: string, message: string): void {
  if (warned.has(reason)) return;
  warned.add(reason);
  try {
    Context.current().log.warn(message);
  } catch {
    console.warn(`warning: ${message}`);
  }
}

function activityContext(): Context | undefined {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
}
