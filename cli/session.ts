/**
 * A command's connection to Temporal, and the in-process worker that `plan`
 * and `run` bring along by default, so one command is all a user needs.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DefaultLogger, IllegalStateError, makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import { TandemError } from '../errors/tandem-error.js';
import { tandemHome } from '../temporal/state-dir.js';
import { EXPECTED_WARNINGS } from './worker/expected-warnings.js';
import { connectTemporal, type TemporalConnection } from '../temporal/connection.js';
import { createServingWorker } from '../worker/serving-worker.js';
import { createTandemWorker } from '../worker/create-worker.js';
import { journalPullRequestContent } from './pr/pr-content.js';
import { chosenTaskQueue, DEFAULT_TASK_QUEUE } from '../worker/task-queue.js';
import { heartbeatSecondsSetting, isTandemVariableSet, metricsAddressSetting } from '../settings/environment.js';
import { startTelemetry, stopTelemetry } from '../telemetry/sdk.js';
import { devServerOptionsFrom, type DevServerFlags } from './options.js';

export interface SessionFlags extends DevServerFlags {
  taskQueue?: string;
  /** commander's `--no-worker` sets this to false. */
  worker?: boolean;
}

export interface Session {
  temporal: TemporalConnection;
  /** The queue this command polls when it needs a worker and knows no run's own: the chosen one, else `tandem`. */
  taskQueue: string;
  /**
   * The queue the user chose to share (--task-queue, TANDEM_TASK_QUEUE, tandem.yaml), or
   * undefined: then a new run or planning gets a queue of its own (workflowTaskQueue).
   */
  chosenTaskQueue?: string;
  close(): Promise<void>;
}

/** Warnings Tandem causes on purpose: a status command's worker polls workflows only. */


/**
 * The in-process worker's log goes to `$TANDEM_HOME/worker.log`, so retried
 * activities and lifecycle chatter never garble the run view; errors still
 * reach stderr. With `metrics`, the runtime also serves the SDK's worker
 * metrics on TANDEM_METRICS_ADDRESS: an address that cannot be served is
 * METRICS_ADDRESS_INVALID (exit 2), thrown before any connection.
 */
export function quietWorkerLogs(options: { metrics?: boolean } = {}): void {
  const logFile = join(tandemHome(), 'worker.log');
  // Parsed for every command, so a malformed value is said wherever it is set; served only where a worker does the work.
  const metricsAddress = metricsAddressSetting();
  const served = options.metrics === true ? metricsAddress : undefined;
  try {
    Runtime.install({
      logger: new DefaultLogger('INFO', (entry) => {
        if (EXPECTED_WARNINGS.some((pattern) => pattern.test(entry.message))) return;
        const line = `${new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString()} ${entry.level} ${entry.message} ${entry.meta ? JSON.stringify(entry.meta) : ''}\n`;
        try {
          mkdirSync(dirname(logFile), { recursive: true });
          appendFileSync(logFile, line);
        } catch {
          // A log that cannot be written must not stop the run.
        }
        if (entry.level === 'ERROR') process.stderr.write(`[temporal] ${entry.message} (details in ${logFile})\n`);
      }),
      // The SDK core's own logs (connection retries during a server restart) go to the same file.
      telemetryOptions: {
        logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }) },
        // The SDK's worker metrics (task slots, polls, latencies) for Prometheus to scrape.
        ...(served ? { metrics: { prometheus: { bindAddress: served } } } : {}),
      },
    });
  } catch (error) {
    // Installed already in this process: its logger (and metrics) stand.
    if (error instanceof IllegalStateError) return;
    // Anything else left no runtime installed: the SDK's default one would print its logs over the run's view.
    if (served === undefined) throw error;
    throw new TandemError(`TANDEM_METRICS_ADDRESS ${served} cannot be served: ${(error as Error).message.replace(/^Failed to start prometheus metrics exporter: /, '')}.`, {
      code: 'METRICS_ADDRESS_INVALID',
      hint: 'Another process (a `tandem worker` or `tandem run` with the same setting?) may be listening there: choose another host:port for this command, or unset TANDEM_METRICS_ADDRESS to run without metrics.',
      context: { setting: 'TANDEM_METRICS_ADDRESS' },
      cause: error,
    });
  }
}

/** `metrics`: this command's worker does a run's or planning's work, so it serves TANDEM_METRICS_ADDRESS (`tandem run`, `tandem plan`). */
export async function openSession(flags: SessionFlags, configuredTaskQueue?: string, options: { metrics?: boolean } = {}): Promise<Session> {
  quietWorkerLogs(options);
  // Before the connection: its client takes the tracing interceptor only when telemetry runs.
  startTelemetry({ process: 'cli' });
  const temporal = await connectTemporal(devServerOptionsFrom(flags));
  const chosen = chosenTaskQueue(flags.taskQueue, configuredTaskQueue);
  return {
    temporal,
    taskQueue: chosen ?? DEFAULT_TASK_QUEUE,
    ...(chosen !== undefined ? { chosenTaskQueue: chosen } : {}),
    close: async () => {
      await temporal.close();
      await stopTelemetry();
    },
  };
}

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** A promise that rejects with Interrupted at the first Ctrl-C or SIGTERM, until `stop()` lets go of both signals. */
export function untilInterrupted(): { interrupted: Promise<never>; stop: () => void } {
  let onSignal = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onSignal = () => reject(new Interrupted());
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    interrupted,
    stop: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

/**
 * Runs `work` while a worker polls the session's task queue in this process
 * (unless disabled). Ctrl-C stops the local worker and rejects with
 * Interrupted; the workflow itself lives on in Temporal.
 */
export async function withLocalWorker<T>(
  session: Session,
  enabled: boolean,
  work: () => Promise<T>,
  /** Set when the workflow is a run (`tandem run`, `tandem cancel`); `checkout`: the one `tandem run` runs in. */
  options: { run?: { checkout?: string } } = {},
): Promise<T> {
  const { interrupted, stop } = untilInterrupted();
  try {
    const untilDoneOrInterrupted = () => Promise.race([work(), interrupted]);
    if (!enabled) return await untilDoneOrInterrupted();
    const workerOptions = {
      connection: session.temporal.connection,
      namespace: session.temporal.namespace,
      taskQueue: session.taskQueue,
      // In-flight activities are retried elsewhere after their heartbeat timeout; don't make Ctrl-C wait for a model call.
      shutdownGraceTime: '2 seconds',
      pullRequestBody: journalPullRequestContent,
    };
    // A run's worker also takes the tasks whose worktrees it holds, and makes a `--remote` run's worktree from the
    // checkout when it was made on another machine; planning needs neither.
    const checkout = options.run?.checkout;
    const worker = options.run ? await createServingWorker({ ...workerOptions, ...(checkout !== undefined ? { remoteClone: checkout } : {}) }) : await createTandemWorker(workerOptions);
    return await worker.runUntil(untilDoneOrInterrupted);
  } finally {
    stop();
  }
}

/**
 * The task queue of the running workflow with this id, or undefined when none
 * runs (a start then begins a new one). A workflow in flight keeps the queue it
 * started on: a worker polling another one would wait forever.
 */
export async function runningTaskQueue(session: Session, workflowId: string): Promise<string | undefined> {
  const description = await session.temporal.client.workflow
    .getHandle(workflowId)
    .describe()
    .catch(() => undefined);
  return description?.status.name === 'RUNNING' ? description.taskQueue : undefined;
}

/**
 * Sends a workflow's next task to any worker on its task queue instead of the
 * (maybe dead: Ctrl-C, kill -9) one that cached it, so attaching does not wait
 * out the sticky queue timeout.
 */
export async function forgetStickyWorker(session: Session, workflowId: string): Promise<void> {
  await session.temporal.client.workflowService
    .resetStickyTaskQueue({ namespace: session.temporal.namespace, execution: { workflowId } })
    .catch(() => undefined); // an optimisation only: the workflow still moves on after the sticky timeout
}

/** Prepares to attach to a running workflow: its own task queue for the local worker, and no sticky wait. */
export async function attachSession(session: Session, workflowId: string): Promise<{ attached: boolean; workerSession: Session }> {
  const runningOn = await runningTaskQueue(session, workflowId);
  if (runningOn === undefined) return { attached: false, workerSession: session };
  await forgetStickyWorker(session, workflowId);
  return { attached: true, workerSession: { ...session, taskQueue: runningOn } };
}

export function uiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Short in tests (TANDEM_HEARTBEAT_SECONDS), so a killed worker's activity moves on quickly. */
export function heartbeatSeconds(): number {
  return heartbeatSecondsSetting() ?? 30;
}
