import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { PullRequestBodySource } from '../pr/body-source.js';
import { enableSpawnRelay } from '../git/spawn-relay.js';
import { tandemDataConverter } from '../temporal/data-converter.js';
import { permanentErrorInterceptors } from './permanent-errors.js';
import { workspaceGuardInterceptors } from './workspace-guard.js';
import { remotePathInterceptors, type MachinePaths } from './remote-paths.js';
import { remoteSyncInterceptors } from './remote-sync.js';
import { controlGuardModule, resolveWorkflowSource, type WorkflowSource } from './workflow-source.js';
import { tracingActivityInterceptors, tracingSinks, workflowTracingModule } from './tracing.js';
import { stickySecondsSetting } from '../settings/environment.js';

/** Any other Worker option (shutdownGraceTime, identity, concurrency limits, ...) passes straight through. */
type PassThroughOptions = Omit<WorkerOptions, 'connection' | 'namespace' | 'taskQueue' | 'activities' | 'workflowBundle' | 'workflowsPath'>;

export interface CreateTandemWorkerOptions extends PassThroughOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** Activity implementations by name; default: every Tandem activity (`createActivities()`). */
  activities?: object;
  /** For the default activities: writes a run's pull request description (`tandem run --pr`). */
  pullRequestBody?: PullRequestBodySource;
  /** A prebuilt bundle to load instead of the default `dist/workflow-bundle.js`. */
  workflowBundlePath?: string;
  /** Activities only, no workflows: the workspace queue's worker (serving-worker.ts). */
  activitiesOnly?: boolean;
  /** Workflows only, for a control command (control-worker.ts): no activity, no cache, and the guard against local activities. */
  control?: boolean;
  /** `tandem worker --repo <URL>`: this machine's clone and TANDEM_HOME, which runs started elsewhere are mapped onto. */
  machinePaths?: MachinePaths;
  /** `tandem run` of a `--remote` run: the checkout, where a run worktree this machine lacks is made from. */
  remoteClone?: string;
}

/**
 * A Worker running all Tandem workflows plus the given activities. Uses the
 * prebuilt bundle when there is one, so startup takes well under a second;
 * otherwise bundles the workflows from source first. Run it with `worker.run()`
 * (until a shutdown signal) or `worker.runUntil(promise)` (in-process, e.g. `tandem run`).
 */
export async function createTandemWorker(options: CreateTandemWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, activities, workflowBundlePath, pullRequestBody, activitiesOnly, control, machinePaths, remoteClone, ...rest } = options;
  const source: WorkflowSource = resolveWorkflowSource(workflowBundlePath, process.env, { control: control === true });
  // A worker is a large process, where every fork stalls its one thread: git forks from a small helper instead.
  enableSpawnRelay();
  const sticky = stickySecondsSetting();
  return Worker.create({
    // A killed worker's cached runs wait this long for it before another worker takes their next step.
    ...(sticky !== undefined ? { stickyQueueScheduleToStartTimeout: `${sticky} seconds` } : {}),
    // The SDK rejects options explicitly set to `undefined` (e.g. identity); leave them out instead.
    ...definedOnly(rest),
    connection,
    namespace,
    taskQueue,
    activities: control ? {} : (activities ?? createActivities(pullRequestBody ? { pullRequestBody } : {})),
    // A control worker lives for one command: a run it cached would stay sticky to it after it exits, and wait.
    ...(control ? { maxCachedWorkflows: 0 } : {}),
    // Same codec as the Client (TANDEM_ENCRYPTION_KEY), or the two could not read each other's payloads.
    dataConverter: rest.dataConverter ?? tandemDataConverter(),
    interceptors: {
      ...rest.interceptors,
      // In this order: another machine's paths become this one's, then the run branch is synced with its remote (local
      // activities too: the SDK runs them through these), then the guard checks the worktree is there.
      activity: [
        ...(rest.interceptors?.activity ?? []),
        ...tracingActivityInterceptors(),
        permanentErrorInterceptors,
        ...(machinePaths ? [remotePathInterceptors(machinePaths)] : []),
        remoteSyncInterceptors(machinePaths ? { clone: machinePaths.clone } : remoteClone !== undefined ? { clone: remoteClone } : {}),
        workspaceGuardInterceptors,
      ],
      // Only when bundling from source: a prebuilt bundle has them built in (bundle-workflows.ts), and the SDK warns on both.
      ...(source.kind === 'source' && !activitiesOnly
        ? { workflowModules: [...(rest.interceptors?.workflowModules ?? []), workflowTracingModule(), ...(control ? [controlGuardModule()] : [])] }
        : {}),
    },
    sinks: { ...rest.sinks, ...tracingSinks() },
    ...(activitiesOnly ? {} : source.kind === 'bundle' ? { workflowBundle: { codePath: source.codePath } } : { workflowsPath: source.workflowsPath }),
  });
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
