import { join } from 'node:path';
import { devServerPortSetting, devServerStartTimeoutMsSetting, devServerUiPortSetting } from '../settings/environment.js';
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
    port: options.port ?? devServerPortSetting(env) ?? recorded?.port ?? DEFAULT_PORT,
    uiPort: options.uiPort ?? devServerUiPortSetting(env) ?? recorded?.uiPort ?? DEFAULT_UI_PORT,
    headless: options.headless ?? false,
    readyTimeoutMs: options.readyTimeoutMs ?? devServerStartTimeoutMsSetting(env) ?? 30_000,
    dbPath: join(stateDir, 'temporal.db'),
    logPath: join(stateDir, 'temporal-server.log'),
    recordPath: join(stateDir, 'temporal-server.json'),
  };
}
