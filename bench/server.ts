/**
 * The bench's own Temporal dev server (a temp TANDEM_HOME, free ports, no UI)
 * and one in-process Tandem worker, so every figure of a run comes from the
 * same server and the same process. Samples the process RSS every 100 ms:
 * the worker runs here, so that is the worker's RSS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { connectTemporal, type TemporalConnection } from '../temporal/connection.js';
import { ensureDevServer, stopDevServer } from '../temporal/dev-server.js';
import { freePort } from '../temporal/free-port.js';
import { createServingWorker, type ServedWorker } from '../worker/serving-worker.js';
import { setTandemVariable } from '../settings/environment.js';

export interface BenchServer {
  temporal: TemporalConnection;
  taskQueue: string;
  /** The dev server's log, searched for history-size warnings. */
  logPath: string;
  /** The dev server's process, for the whole-machine RSS of concurrent runs. */
  serverPid: number | undefined;
  /** TANDEM_HOME of the bench: journals and the server's db live here. */
  home: string;
  rss: RssSampler;
  close(): Promise<void>;
}

export interface RssSampler {
  /** Peak RSS in bytes since the last reset. */
  peak(): number;
  reset(): void;
}

export async function startBenchServer(): Promise<BenchServer> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed (the smoke test's process, or a second bench in one process).
  }
  const home = await mkdtemp(join(tmpdir(), 'tandem-bench-'));
  // Journals go under TANDEM_HOME, exactly as for `tandem run`.
  setTandemVariable('TANDEM_HOME', home);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEMPORAL_')));
  const server = { env, stateDir: home, port: await freePort(), uiPort: await freePort(), headless: true };
  const { status } = await ensureDevServer(server);
  const temporal = await connectTemporal(server);
  const taskQueue = 'tandem-bench';
  // What `tandem run` runs: lanes' tasks go to this process's workspace queue, as for users.
  const worker: ServedWorker = await createServingWorker({
    connection: temporal.connection,
    namespace: temporal.namespace,
    taskQueue,
    shutdownGraceTime: '2 seconds',
  });
  const running = worker.run();
  const rss = sampleRss();
  return {
    temporal,
    taskQueue,
    logPath: status.logPath,
    serverPid: status.pid,
    home,
    rss,
    close: async () => {
      rss.stop();
      worker.shutdown();
      await running;
      await temporal.close();
      await stopDevServer({ ...server, graceMs: 5000 });
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Samples this process's RSS every 100 ms (a worker in this process: the worker's RSS). */
export function sampleRss(): RssSampler & { stop(): void } {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  sample();
  const timer = setInterval(sample, 100);
  timer.unref();
  return {
    peak: () => Math.max(peak, process.memoryUsage().rss),
    reset: () => {
      peak = 0;
      sample();
    },
    stop: () => clearInterval(timer),
  };
}
