import { join } from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { tandemHome } from './state-dir.js';

export const DEFAULT_PORT = 7233;
export const DEFAULT_UI_PORT = 8233;
/** The dev server binds to loopback only: it has no auth and is for this machine alone. */
export const DEV_SERVER_HOST = '127.0.0.1';

/** What a caller may choose about the local dev server; everything else has a default. */
export interface DevServerOptions {
  /** Environment to read TANDEM_* settings from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** State directory; defaults to TANDEM_HOME or ~/.tandem. */
  stateDir?: string;
  /** gRPC port; defaults to TANDEM_TEMPORAL_PORT, then the running server's, then 7233. */
  port?: number;
  /** Web UI port; defaults to TANDEM_TEMPORAL_UI_PORT, then the running server's, then 8233. */
  uiPort?: number;
  /** Start without the Web UI (tests). */
  headless?: boolean;
  /** How long to wait for a new server to answer; default 30 s or TANDEM_TEMPORAL_START_TIMEOUT_MS. */
  readyTimeoutMs?: number;
}

export interface DevServerConfig {
  env: NodeJS.ProcessEnv;
  stateDir: string;
  host: string;
  port: number;
  uiPort: number;
  headless: boolean;
  readyTimeoutMs: number;
  dbPath: string;
  logPath: string;
  recordPath: string;
}

/** Ports a server already recorded in the state dir uses; explicit settings still win. */
export interface RecordedPorts {
  port: number;
  uiPort: number;
}

export function resolveDevServerConfig(options: DevServerOptions, recorded?: RecordedPorts): DevServerConfig {
  const env = options.env ?? process.env;
  const stateDir = options.stateDir ?? tandemHome(env);
  return {
    env,
    stateDir,
    host: DEV_SERVER_HOST,
    port: options.port ?? parsePort(env.TANDEM_TEMPORAL_PORT, 'TANDEM_TEMPORAL_PORT') ?? recorded?.port ?? DEFAULT_PORT,
    uiPort:
      options.uiPort ?? parsePort(env.TANDEM_TEMPORAL_UI_PORT, 'TANDEM_TEMPORAL_UI_PORT') ?? recorded?.uiPort ?? DEFAULT_UI_PORT,
    headless: options.headless ?? false,
    readyTimeoutMs: options.readyTimeoutMs ?? parsePositiveInt(env.TANDEM_TEMPORAL_START_TIMEOUT_MS) ?? 30_000,
    dbPath: join(stateDir, 'temporal.db'),
    logPath: join(stateDir, 'temporal-server.log'),
    recordPath: join(stateDir, 'temporal-server.json'),
  };
}

/** Parses a TCP port from a flag or env var; undefined when unset. Throws TandemError `INVALID_PORT`. */
export function parsePort(value: string | undefined, setting: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new TandemError(`${setting} must be a TCP port between 1 and 65535, got "${value}".`, {
      code: 'INVALID_PORT',
      hint: `Set ${setting} to a free port number, e.g. 7233.`,
      context: { setting },
    });
  }
  return port;
}

function parsePositiveInt(value: string | undefined): number | undefined {
  const n = Number(value);
  return value && Number.isInteger(n) && n > 0 ? n : undefined;
}
