import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { EXIT, TandemError } from '../errors/tandem-error.js';
import { codecEndpointSetting } from '../settings/environment.js';
import { resolveDevServerConfig, type DevServerConfig, type DevServerOptions } from './dev-server-config.js';
import { readDevServerRecord, removeDevServerRecord, writeDevServerRecord } from './dev-server-record.js';
import { withFileLock } from './file-lock.js';
import { findTemporalBinary } from './find-binary.js';
import { isPortOpen } from './net.js';
import { isDevServerProcess, terminateProcessGroup } from './process-group.js';
import { devServerSearchAttributeArgs } from './search-attributes.js';
import { waitForDevServer } from './readiness.js';

export type { DevServerOptions } from './dev-server-config.js';

/** Dynamic config the dev server needs for Tandem: workflow updates (sync and async-accepted), eager start, low latency. */
export const DEV_SERVER_DYNAMIC_CONFIG = [
  'frontend.enableUpdateWorkflowExecution=true',
  'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
  'system.enableEagerWorkflowStart=true',
  // An activity a workflow task schedules goes straight back to that worker, without a poll round trip.
  'system.enableActivityEagerExecution=true',
  // The history queues read new tasks at most 20 times a second by default, a cap sized for
  // shared cluster databases: every workflow task then waits ~25 ms before it is dispatched,
  // which was most of each activity round trip (39 ms → 11 ms). A cap, not a busy poll: idle
  // CPU is unchanged. Timers (retry backoff) and visibility (status listings) get the same.
  'history.transferProcessorMaxPollRPS=1000',
  'history.timerProcessorMaxPollRPS=1000',
  'history.visibilityProcessorMaxPollRPS=1000',
  // One partition per task queue: a dev server has a worker or two, and with several partitions a
  // new workflow's first task can land in one that no poller is waiting on.
  'matching.numTaskqueueReadPartitions=1',
  'matching.numTaskqueueWritePartitions=1',
] as const;

export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'] as const;

export interface DevServerStatus {
  running: boolean;
  /** True when Tandem started it (a pid is recorded in the state dir); false for a server someone else runs on the port. */
  managed: boolean;
  pid?: number;
  /** `127.0.0.1:<port>`, what clients connect to. */
  address: string;
  uiUrl: string;
  headless: boolean;
  dbPath: string;
  logPath: string;
  stateDir: string;
}

export interface StartResult {
  status: DevServerStatus;
  /** False when an already running server was reused. */
  started: boolean;
  /** Milliseconds from spawn to ready (only when started). */
  startupMs?: number;
}

/** Reports whether the dev server for this state dir / port is running. Never starts anything. */
export async function devServerStatus(options: DevServerOptions = {}): Promise<DevServerStatus> {
  return (await probe(options)).status;
}

/**
 * Makes sure a dev server is running and ready: reuses the one recorded in the
 * state dir or any server already answering on the port, otherwise starts
 * `temporal server start-dev` detached (own process group, logs in the state dir).
 * Throws TandemError `TEMPORAL_CLI_MISSING` or `TEMPORAL_DEV_SERVER_START_FAILED` (exit 3).
 */
export async function ensureDevServer(options: DevServerOptions = {}): Promise<StartResult> {
  const first = await probe(options);
  if (first.status.running) return { status: first.status, started: false };
  const stateDir = first.config.stateDir;
  await mkdir(stateDir, { recursive: true });
  // Two commands racing to start the server must not both spawn one on the same db.
  return withFileLock(join(stateDir, 'temporal-server.lock'), async () => {
    const again = await probe(options);
    if (again.status.running) return { status: again.status, started: false };
    // Our recorded process is alive but its port is not open yet: another command is still starting it.
    if (again.status.managed) return awaitBootingServer(again.config, again.status);
    return spawnDevServer(again.config);
  });
}

/** Stops the Tandem-managed dev server (SIGTERM its process group, SIGKILL after a grace period). */
export async function stopDevServer(options: DevServerOptions & { graceMs?: number } = {}): Promise<{ stopped: boolean; status: DevServerStatus }> {
  const { status, config } = await probe(options);
  if (!status.managed || status.pid === undefined) return { stopped: false, status };
  await terminateProcessGroup(status.pid, options.graceMs);
  await removeDevServerRecord(config.recordPath);
  return { stopped: true, status: { ...status, running: false } };
}

/** What a status says about a server from its configuration alone. */
function configuredStatus(config: DevServerConfig) {
  return {
    address: `${config.host}:${config.port}`,
    uiUrl: `http://${config.host}:${config.uiPort}`,
    headless: config.headless,
    dbPath: config.dbPath,
    logPath: config.logPath,
    stateDir: config.stateDir,
  };
}

async function probe(options: DevServerOptions): Promise<{ config: DevServerConfig; status: DevServerStatus }> {
  const baseConfig = resolveDevServerConfig(options);
  const record = await readDevServerRecord(baseConfig.recordPath);
  const config = resolveDevServerConfig(options, record);
  const base = configuredStatus(config);
  if (record && record.port === config.port && isDevServerProcess(record.pid)) {
    const running = await isPortOpen(config.host, config.port);
    // A live recorded process whose port is closed is still booting (or hung): report it as ours.
    return {
      config,
      status: { ...base, uiUrl: `http://${record.host}:${record.uiPort}`, headless: record.headless, running, managed: true, pid: record.pid },
    };
  }
  if (record && !isDevServerProcess(record.pid)) await removeDevServerRecord(config.recordPath);
  const foreign = await isPortOpen(config.host, config.port);
  return { config, status: { ...base, running: foreign, managed: false } };
}

async function awaitBootingServer(config: DevServerConfig, status: DevServerStatus): Promise<StartResult> {
  const failure = await waitForDevServer({
    host: config.host,
    port: config.port,
    uiUrl: status.headless ? undefined : status.uiUrl,
    deadline: Date.now() + config.readyTimeoutMs,
  });
  if (failure) throw startFailed(config, `pid ${status.pid ?? '?'} is running but not answering (${failure}); try \`tandem server stop\``);
  return { status: { ...status, running: true }, started: false };
}

async function spawnDevServer(config: DevServerConfig): Promise<StartResult> {
  const binary = findTemporalBinary(config.env);
  const args = [
    'server', 'start-dev',
    '--ip', config.host,
    '--port', String(config.port),
    '--db-filename', config.dbPath,
    // WAL with synchronous=NORMAL survives a killed server (runs resume), fsyncs at checkpoints
    // only, and cuts each workflow round trip by about a fifth on a laptop disk.
    ...SQLITE_PRAGMAS.flatMap((pragma) => ['--sqlite-pragma', pragma]),
    ...(config.headless ? ['--headless'] : ['--ui-port', String(config.uiPort), ...uiCodecArgs(config.env)]),
    ...DEV_SERVER_DYNAMIC_CONFIG.flatMap((value) => ['--dynamic-config-value', value]),
    // Registered at start so the Web UI can filter runs by them from the first one.
    ...devServerSearchAttributeArgs(),
  ];
  const log = openSync(config.logPath, 'a');
  const startedAt = Date.now();
  let exitReason: string | undefined;
  try {
    // Detached + own process group + unref: the server outlives this command and `stop` can signal the group.
    const child = spawn(binary, args, { detached: true, stdio: ['ignore', log, log], env: serverEnv(config.env) });
    child.once('error', (error) => (exitReason = `could not run ${binary}: ${error.message}`));
    child.once('exit', (code, signal) => (exitReason = `the server exited early (${signal ?? `code ${String(code)}`})`));
    child.unref();
    if (child.pid === undefined) {
      await new Promise((resolve) => setImmediate(resolve));
      throw startFailed(config, exitReason ?? `could not run ${binary}`);
    }
    await writeDevServerRecord(config.recordPath, {
      pid: child.pid,
      host: config.host,
      port: config.port,
      uiPort: config.uiPort,
      headless: config.headless,
      dbPath: config.dbPath,
      logPath: config.logPath,
      binary,
      startedAt: new Date(startedAt).toISOString(),
    });
    const failure = await waitForDevServer({
      host: config.host,
      port: config.port,
      uiUrl: config.headless ? undefined : `http://${config.host}:${config.uiPort}`,
      deadline: startedAt + config.readyTimeoutMs,
      abortReason: () => exitReason,
    });
    if (failure) {
      await terminateProcessGroup(child.pid, 2000);
      await removeDevServerRecord(config.recordPath);
      throw startFailed(config, failure);
    }
    const status: DevServerStatus = {
      running: true,
      managed: true,
      pid: child.pid,
      ...configuredStatus(config),
    };
    return { status, started: true, startupMs: Date.now() - startedAt };
  } finally {
    closeSync(log);
  }
}

/** TANDEM_CODEC_ENDPOINT (a `tandem codec-server` URL) lets the Web UI show encrypted payloads decrypted. */
function uiCodecArgs(env: NodeJS.ProcessEnv): string[] {
  const endpoint = codecEndpointSetting(env);
  return endpoint ? ['--ui-codec-endpoint', endpoint] : [];
}

/** The CLI reads TEMPORAL_* (namespace, profile, TLS) as flag defaults; none of that belongs to a local dev server. */
function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('TEMPORAL_')));
}

function startFailed(config: DevServerConfig, reason: string): TandemError {
  return new TandemError(
    `The Temporal dev server did not start on ${config.host}:${config.port}: ${reason}.${logTail(config.logPath)}`,
    {
      code: 'TEMPORAL_DEV_SERVER_START_FAILED',
      exitCode: EXIT.infrastructure,
      hint: `See the server log at ${config.logPath}; if the port is taken, choose another with --port or TANDEM_TEMPORAL_PORT.`,
      context: { port: config.port, log: config.logPath },
    },
  );
}

function logTail(logPath: string): string {
  try {
    const lines = readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-5);
    return lines.length > 0 && lines[0] !== '' ? `\n  last log lines:\n    ${lines.join('\n    ')}` : '';
  } catch {
    return '';
  }
}
