/**
 * A command's connection to Temporal, and the in-process worker that `plan`
 * and `run` bring along by default, so one command is all a user needs.
 */
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { connectTemporal, type TemporalConnection } from '../temporal/connection.js';
import { createTandemWorker } from '../worker/create-worker.js';
import { resolveTaskQueue } from '../worker/task-queue.js';
import { devServerOptionsFrom, type DevServerFlags } from './options.js';

export interface SessionFlags extends DevServerFlags {
  taskQueue?: string;
  /** commander's `--no-worker` sets this to false. */
  worker?: boolean;
}

export interface Session {
  temporal: TemporalConnection;
  taskQueue: string;
  close(): Promise<void>;
}

/** Warnings Tandem causes on purpose: a status command's worker polls workflows only. */
const EXPECTED_WARNINGS = [/No activities registered/];

/** Worker lifecycle chatter at INFO would bury the run view; real warnings and errors still show. */
export function quietWorkerLogs(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('WARN', (entry) => {
        if (entry.level === 'WARN' && EXPECTED_WARNINGS.some((pattern) => pattern.test(entry.message))) return;
        process.stderr.write(`[temporal ${entry.level.toLowerCase()}] ${entry.message}\n`);
      }),
    });
  } catch {
    // Already installed in this process.
  }
}

export async function openSession(flags: SessionFlags, configuredTaskQueue?: string): Promise<Session> {
  quietWorkerLogs();
  const temporal = await connectTemporal(devServerOptionsFrom(flags));
  const taskQueue = flags.taskQueue ?? (process.env.TANDEM_TASK_QUEUE ? resolveTaskQueue() : configuredTaskQueue ?? resolveTaskQueue());
  return { temporal, taskQueue, close: () => temporal.close() };
}

export class Interrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/**
 * Runs `work` while a worker polls the session's task queue in this process
 * (unless disabled). Ctrl-C stops the local worker and rejects with
 * Interrupted; the workflow itself lives on in Temporal.
 */
export async function withLocalWorker<T>(session: Session, enabled: boolean, work: () => Promise<T>): Promise<T> {
  let onSignal = () => {};
  const interrupted = new Promise<never>((_, reject) => {
    onSignal = () => reject(new Interrupted());
  });
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const untilDoneOrInterrupted = () => Promise.race([work(), interrupted]);
    if (!enabled) return await untilDoneOrInterrupted();
    const worker = await createTandemWorker({
      connection: session.temporal.connection,
      namespace: session.temporal.namespace,
      taskQueue: session.taskQueue,
      activities: createActivities(),
      // In-flight activities are retried elsewhere after their heartbeat timeout; don't make Ctrl-C wait for a model call.
      shutdownGraceTime: '2 seconds',
    });
    return await worker.runUntil(untilDoneOrInterrupted);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** True when a workflow with this id is running now, so a start will attach to it. */
export async function isRunning(session: Session, workflowId: string): Promise<boolean> {
  try {
    const description = await session.temporal.client.workflow.getHandle(workflowId).describe();
    return description.status.name === 'RUNNING';
  } catch {
    return false;
  }
}

export function uiLink(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}

/** Short in tests (TANDEM_HEARTBEAT_SECONDS), so a killed worker's activity moves on quickly. */
export function heartbeatSeconds(): number {
  const value = Number(process.env.TANDEM_HEARTBEAT_SECONDS);
  return Number.isFinite(value) && value > 0 ? value : 30;
}
