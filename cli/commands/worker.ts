import type { Command } from 'commander';
import { DEFAULT_TASK_QUEUE, resolveTaskQueue } from '../../worker/task-queue.js';
import { addDevServerFlags, devServerOptionsFrom, type DevServerFlags } from '../options.js';
import { metricsAddressSetting, parseMetricsAddress } from '../../settings/environment.js';
import { TandemError } from '../../errors/tandem-error.js';
import { EXPECTED_WARNINGS } from '../worker/expected-warnings.js';
import { metricsExporterError } from '../worker/metrics-exporter-error.js';
import { repoSource } from '../worker/repo-source.js';
import { tandemHome } from '../../temporal/state-dir.js';

interface WorkerFlags extends DevServerFlags {
  taskQueue?: string;
  repo?: string;
  metrics?: string;
}

/** How often `--repo` looks for runs that started or ended: one visibility query. */
const REPO_SCAN_MS = 5000;

/** `tandem worker`: a long-lived worker serving one run's queue, a chosen shared queue, or every run of one repository. */
export function registerWorkerCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('worker')
      .description("run a long-lived worker for a run's task queue, or for every run of a repository, until SIGINT/SIGTERM")
      .addHelpText(
        'after',
        '\nEach run has a task queue of its own (`tandem/run/<hash>`), polled only by the processes that serve it: its own `tandem run`, ' +
          'or a worker started for its queue (`tandem run --no-worker` prints the command) or for its repository (--repo). ' +
          'Start the worker on the machine that holds the repository (or, for a run started with --remote, on any machine, with --repo <URL>), with the same model keys and base URLs as the shell that started the run: ' +
          'a worker with others refuses the run\'s model calls, and the run waits (paused:worker) for a proper one.\n' +
          `Without --task-queue or --repo it polls TANDEM_TASK_QUEUE or "${DEFAULT_TASK_QUEUE}": the queue of runs started with that queue chosen, and of runs started before per-run queues.\n\n` +
          'Examples:\n  tandem worker --repo .\n  tandem worker --repo git@github.com:me/app.git\n  tandem worker --task-queue tandem/run/3f9a0c12d4e5\n  TEMPORAL_ADDRESS=temporal.internal:7233 tandem worker --repo ~/src/app\n',
      )
      .option('--task-queue <name>', 'task queue to poll (default: TANDEM_TASK_QUEUE or "tandem")')
      .option('--repo <path|URL>', "serve the open runs of this repository (a path), or of runs whose branch travels through this remote (a URL or bare repository, cloned under TANDEM_HOME/clones; `tandem run --remote`): a worker on each run's queue, following runs as they start and end")
      .option('--metrics <host:port>', "serve the SDK's worker metrics for Prometheus at http://<host:port>/metrics (default: TANDEM_METRICS_ADDRESS)"),
  ).action(async (flags: WorkerFlags) => {
    if (flags.repo !== undefined && flags.taskQueue !== undefined) {
      throw new TandemError('--repo and --task-queue cannot be combined.', { code: 'USAGE', hint: "--repo serves every run of a repository on its own queue; --task-queue serves one queue." });
    }
    const source = flags.repo === undefined ? undefined : await repoSource(flags.repo);
    const repo = source?.kind === 'checkout' ? source.root : undefined;
    const taskQueue = resolveTaskQueue(flags.taskQueue);
    const metricsAddress = parseMetricsAddress(flags.metrics, '--metrics') ?? metricsAddressSetting();
    // Loaded on use: the SDK's native module and every activity's dependencies cost ~0.5 s that `--help` should not pay.
    const [{ connectTemporal }, { createServingWorker }, { probeSandbox, SANDBOX_FIX }, { Runtime, DefaultLogger }, { startTelemetry, stopTelemetry }, { journalPullRequestContent }] = await Promise.all([
      import('../../temporal/connection.js'),
      import('../../worker/serving-worker.js'),
      import('../../exec/sandbox-probe.js'),
      import('@temporalio/worker'),
      import('../../telemetry/sdk.js'),
      import('../pr/pr-content.js'),
    ]);
    // The runtime is installed once, before any connection: after that its telemetry cannot change.
    try {
      Runtime.install({
        // The SDK's own log, as by default (stderr), without the warnings that are by design here.
        logger: new DefaultLogger('INFO', (entry) => {
          if (EXPECTED_WARNINGS.some((pattern) => pattern.test(entry.message))) return;
          process.stderr.write(`${new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString()} [${entry.level}] ${entry.message}${entry.meta ? ` ${JSON.stringify(entry.meta)}` : ''}\n`);
        }),
        ...(metricsAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } } : {}),
      });
    } catch (error) {
      // A busy port or an address not of this machine: the exporter binds here.
      throw metricsAddress ? metricsExporterError(error, { setting: flags.metrics !== undefined ? '--metrics' : 'TANDEM_METRICS_ADDRESS', address: metricsAddress }) : error;
    }
    startTelemetry({ process: 'worker' });
    // This worker runs other people's runs: say now, not mid-task, that it will refuse their sandboxed commands.
    const probe = await probeSandbox();
    if (!probe.available) process.stderr.write(`tandem worker: ${probe.reason}; commands of runs that use the sandbox will not run here. ${SANDBOX_FIX}\n`);
    const temporal = await connectTemporal(devServerOptionsFrom(flags));
    try {
      const { target } = temporal;
      const via = target.kind === 'dev-server' ? 'local dev server' : 'TEMPORAL_ADDRESS';
      // A remote's runs are served from this machine's clone of it, made (or fetched) before any run is taken.
      const clone = source?.kind === 'remote' ? await (await import('../worker/repo-clone.js')).ensureClone(source.url, tandemHome()) : undefined;
      const serving = source === undefined ? `task queue ${taskQueue}` : source.kind === 'checkout' ? `the runs of ${source.root}` : `the runs whose branch travels through ${source.shown} (clone: ${clone!.dir})`;
      process.stdout.write(
        `tandem worker connected to ${target.address} (${via}), namespace ${target.namespace}, serving ${serving}\n` +
          (target.uiUrl ? `  UI: ${target.uiUrl}\n` : '') +
          (metricsAddress ? `  metrics: http://${metricsAddress}/metrics\n` : '') +
          '  press Ctrl-C to stop\n',
      );
      if (source === undefined && taskQueue === DEFAULT_TASK_QUEUE && flags.taskQueue === undefined) {
        process.stdout.write(`  note: runs started without a chosen queue have one of their own; serve them with --repo <path> or --task-queue <their queue>\n`);
      }
      const create = (queue: string) =>
        createServingWorker({
          connection: temporal.connection,
          namespace: temporal.namespace,
          taskQueue: queue,
          pullRequestBody: journalPullRequestContent,
          ...(clone ? { machinePaths: { clone: clone.dir, home: tandemHome() } } : {}),
        });
      if (source === undefined) {
        // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown: run() resolves once in-flight tasks finish.
        await (await create(taskQueue)).run();
      } else {
        const { serveRepository } = await import('../worker/serve-repository.js');
        const { openRemoteRunQueues } = await import('../worker/repo-queues.js');
        const findQueues = source.kind === 'remote' ? { findQueues: () => openRemoteRunQueues(temporal.client, source.normalized) } : {};
        await serveRepository({ client: temporal.client, repo: source.kind === 'checkout' ? source.root : source.shown, createWorker: create, scanMs: REPO_SCAN_MS, ...findQueues });
      }
      process.stdout.write('tandem worker stopped\n');
    } finally {
      await temporal.close();
      await stopTelemetry();
    }
  });
}
