import type { Command } from 'commander';
import { resolveTaskQueue } from '../../worker/task-queue.js';
import { addDevServerFlags, devServerOptionsFrom, type DevServerFlags } from '../options.js';
import { metricsAddressSetting, parseMetricsAddress } from '../../settings/environment.js';

/** `tandem worker`: a long-lived worker for scaling out onto more processes and machines. */
export function registerWorkerCommand(program: Command): void {
  addDevServerFlags(
    program
      .command('worker')
      .description('run a long-lived worker (all workflows and activities) until SIGINT/SIGTERM')
      .addHelpText(
        'after',
        '\nRuns the activities of any run on its task queue: start it on the machine that holds the repository.\n\nExamples:\n  tandem worker\n  TEMPORAL_ADDRESS=temporal.internal:7233 tandem worker --task-queue tandem-laptop\n',
      )
      .option('--task-queue <name>', 'task queue to poll (default: TANDEM_TASK_QUEUE or "tandem")')
      .option('--metrics <host:port>', "serve the SDK's worker metrics for Prometheus at http://<host:port>/metrics (default: TANDEM_METRICS_ADDRESS)"),
  ).action(async (flags: DevServerFlags & { taskQueue?: string; metrics?: string }) => {
    const taskQueue = resolveTaskQueue(flags.taskQueue);
    const metricsAddress = parseMetricsAddress(flags.metrics, '--metrics') ?? metricsAddressSetting();
    // Loaded on use: the SDK's native module and every activity's dependencies cost ~0.5 s that `--help` should not pay.
    const [{ connectTemporal }, { createTandemWorker }, { probeSandbox, SANDBOX_FIX }, { Runtime }, { startTelemetry, stopTelemetry }, { journalPullRequestContent }] = await Promise.all([
      import('../../temporal/connection.js'),
      import('../../worker/create-worker.js'),
      import('../../exec/sandbox-probe.js'),
      import('@temporalio/worker'),
      import('../../telemetry/sdk.js'),
      import('../pr/pr-content.js'),
    ]);
    // The runtime is installed once, before any connection: after that its telemetry cannot change.
    if (metricsAddress) Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress } } } });
    startTelemetry({ process: 'worker' });
    // This worker runs other people's runs: say now, not mid-task, that it will refuse their sandboxed commands.
    const probe = await probeSandbox();
    if (!probe.available) process.stderr.write(`tandem worker: ${probe.reason}; commands of runs that use the sandbox will not run here. ${SANDBOX_FIX}\n`);
    const temporal = await connectTemporal(devServerOptionsFrom(flags));
    try {
      const worker = await createTandemWorker({
        connection: temporal.connection,
        namespace: temporal.namespace,
        taskQueue,
        pullRequestBody: journalPullRequestContent,
      });
      const { target } = temporal;
      const via = target.kind === 'dev-server' ? 'local dev server' : 'TEMPORAL_ADDRESS';
      process.stdout.write(
        `tandem worker connected to ${target.address} (${via}), namespace ${target.namespace}, task queue ${taskQueue}\n` +
          (target.uiUrl ? `  UI: ${target.uiUrl}\n` : '') +
          (metricsAddress ? `  metrics: http://${metricsAddress}/metrics\n` : '') +
          '  press Ctrl-C to stop\n',
      );
      // The SDK's runtime turns SIGINT/SIGTERM into a graceful shutdown: run() resolves once in-flight tasks finish.
      await worker.run();
      process.stdout.write('tandem worker stopped\n');
    } finally {
      await temporal.close();
      await stopTelemetry();
    }
  });
}
