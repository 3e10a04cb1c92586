/**
 * Every TANDEM_* environment variable Tandem reads: its name, what it means and
 * how its value is parsed, in one place. The rest of Tandem calls these
 * accessors instead of reading `env.TANDEM_*` itself, so a variable cannot be
 * spelled, trimmed or defaulted two ways (a rule test holds every other file to
 * it, and another checks the README's Configuration table lists the same names).
 *
 * Each accessor takes the environment to read (default `process.env`), so tests
 * pass their own. Imports nothing of Tandem's but errors/ (and its sibling), so
 * temporal/, models/, exec/, worker/ and cli/ may all use it.
 */
import { TandemError } from '../errors/tandem-error.js';
import { parsePort } from './port.js';

/** The variables, each with what it does; the README's Configuration table says the same to users. */
export const TANDEM_VARIABLES = {
  TANDEM_HOME: 'State directory (dev server db and log, run journals, the in-process worker log); default ~/.tandem.',
  TANDEM_TEMPORAL_BIN: 'Path to the Temporal CLI binary; default `temporal` on PATH.',
  TANDEM_CODEX_BIN: 'Path to the Codex CLI binary for `agent: codex`; default the one in @openai/codex.',
  TANDEM_CLAUDE_BIN: 'Path to the Claude Code binary for `agent: claude-code`; default the one in @anthropic-ai/claude-code.',
  TANDEM_TEMPORAL_PORT: 'Dev server gRPC port (or --port); default 7233.',
  TANDEM_TEMPORAL_UI_PORT: 'Dev server Web UI port (or --ui-port); default 8233.',
  TANDEM_TEMPORAL_START_TIMEOUT_MS: 'How long to wait for a new dev server to become ready; default 30000.',
  TANDEM_TASK_QUEUE: 'A task queue to share (or --task-queue): new runs go on it instead of their own, and `tandem worker` polls it; a plain worker polls `tandem`.',
  TANDEM_DEBUG: '`1` prints stack traces and causes for errors.',
  TANDEM_ENCRYPTION_KEY: 'Encrypts workflow payloads at rest: base64 of 32 bytes, or a passphrase of 16+ characters.',
  TANDEM_CODEC_ENDPOINT: 'Codec server URL the dev server\'s Web UI decodes payloads with (or --codec-endpoint).',
  TANDEM_HEARTBEAT_SECONDS: 'How long a silent activity may go before Temporal hands it to another worker; default 30.',
  TANDEM_STICKY_SECONDS: 'How long a run waits for the worker that has it cached before any worker of its queue takes its next step (a killed worker stops answering); default 10.',
  TANDEM_MODEL_TIMEOUT_SECONDS: 'How long one model request may take before it is abandoned and retried (for a streamed answer: until it starts); default 600.',
  TANDEM_MODEL_STALL_SECONDS: 'How long a streamed model answer may go without an event before it is abandoned and retried (a live stream is never cut, however long); default 90.',
  TANDEM_MODEL_RETRY_MAX_SECONDS: 'The longest wait between two tries of a failed model call (tries start 2 s apart and double; 8 in all, then the run pauses if the provider is down); default 120.',
  TANDEM_DEMO_SCRIPT: 'Script file the `scripted` provider answers from; `tandem demo` sets it.',
  TANDEM_METRICS_ADDRESS: 'Serve the Temporal SDK\'s worker metrics for Prometheus on this host:port, e.g. 127.0.0.1:9464 (or `tandem worker --metrics`); off by default.',
  TANDEM_WORKFLOW_BUNDLE: 'A workflow bundle for the worker to load instead of its own, e.g. that of the Tandem version that started a run (see CONTRIBUTING.md).',
  TANDEM_CALL_KEEPER: 'Who makes a run\'s model calls: unset, a call keeper process for runs in worktrees, the default (a killed worker loses no call in flight; see docs/call-keeper.md); `on` for every run; `off` never (the worker calls itself).',
  TANDEM_KEEPER_IDLE_SECONDS: 'How long a call keeper with no call, no worker and no uncollected answer waits before it exits; default 60.',
} as const satisfies Record<`TANDEM_${string}`, string>;

export type TandemVariable = keyof typeof TANDEM_VARIABLES;

/**
 * OpenTelemetry's standard variables that turn Tandem's traces and metrics on.
 * The exporters read the rest of the OTEL_* family themselves (headers,
 * per-signal endpoints, timeouts); Tandem reads only whether to start them.
 */
export const OTEL_VARIABLES = {
  OTEL_EXPORTER_OTLP_ENDPOINT: 'OTLP/HTTP collector base URL, e.g. http://localhost:4318; set, Tandem exports traces (run → task → attempt → model call, tool call, check) and metrics; unset, both are off.',
} as const;

type Env = NodeJS.ProcessEnv;

/** The value with surrounding space removed, or undefined when unset or blank. */
function trimmed(name: TandemVariable, env: Env): string | undefined {
  return env[name]?.trim() || undefined;
}

/** A positive number, or undefined when unset or not one (these have safe defaults, so a bad value is ignored). */
function positiveNumber(name: TandemVariable, env: Env): number | undefined {
  const value = Number(env[name]);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/** True when the variable holds something other than blanks. */
export function isTandemVariableSet(name: TandemVariable, env: Env = process.env): boolean {
  return trimmed(name, env) !== undefined;
}

/** Sets a variable for this process (and the workers it runs): `tandem demo`'s script, the bench's state dir. */
export function setTandemVariable(name: TandemVariable, value: string, env: Env = process.env): void {
  env[name] = value;
}

/** TANDEM_HOME as given (not yet resolved to an absolute path), or undefined. */
export function tandemHomeSetting(env: Env = process.env): string | undefined {
  return trimmed('TANDEM_HOME', env);
}

/** TANDEM_CODEX_BIN or TANDEM_CLAUDE_BIN, or undefined; whether it is an executable is the caller's check. */
export function agentBinSetting(name: 'TANDEM_CODEX_BIN' | 'TANDEM_CLAUDE_BIN', env: Env = process.env): string | undefined {
  return trimmed(name, env);
}

/** TANDEM_TEMPORAL_BIN, or undefined; whether it points to an executable is the caller's check. */
export function temporalBinSetting(env: Env = process.env): string | undefined {
  return trimmed('TANDEM_TEMPORAL_BIN', env);
}

/** TANDEM_TEMPORAL_PORT, or undefined. Throws TandemError `INVALID_PORT` for a value that is not a port. */
export function devServerPortSetting(env: Env = process.env): number | undefined {
  return parsePort(env.TANDEM_TEMPORAL_PORT, 'TANDEM_TEMPORAL_PORT');
}

/** TANDEM_TEMPORAL_UI_PORT, or undefined. Throws TandemError `INVALID_PORT` for a value that is not a port. */
export function devServerUiPortSetting(env: Env = process.env): number | undefined {
  return parsePort(env.TANDEM_TEMPORAL_UI_PORT, 'TANDEM_TEMPORAL_UI_PORT');
}

/** TANDEM_TEMPORAL_START_TIMEOUT_MS when a positive integer, else undefined. */
export function devServerStartTimeoutMsSetting(env: Env = process.env): number | undefined {
  const value = env.TANDEM_TEMPORAL_START_TIMEOUT_MS;
  const ms = Number(value);
  return value && Number.isInteger(ms) && ms > 0 ? ms : undefined;
}

/** TANDEM_TASK_QUEUE, or undefined. */
export function taskQueueSetting(env: Env = process.env): string | undefined {
  return trimmed('TANDEM_TASK_QUEUE', env);
}

/** TANDEM_DEBUG=1: print stacks and causes. Any other value means off. */
export function debugEnabled(env: Env = process.env): boolean {
  return env.TANDEM_DEBUG === '1';
}

/** TANDEM_ENCRYPTION_KEY exactly as set (a passphrase's spaces count), or undefined when unset or blank. */
export function encryptionKeySetting(env: Env = process.env): string | undefined {
  const secret = env.TANDEM_ENCRYPTION_KEY;
  return secret === undefined || secret.trim() === '' ? undefined : secret;
}

/** TANDEM_CODEC_ENDPOINT, or undefined. Throws TandemError `CODEC_ENDPOINT_INVALID` unless it is an http(s) URL. */
export function codecEndpointSetting(env: Env = process.env): string | undefined {
  const endpoint = trimmed('TANDEM_CODEC_ENDPOINT', env);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new TandemError(`TANDEM_CODEC_ENDPOINT must be an http(s) URL, got "${endpoint}".`, {
      code: 'CODEC_ENDPOINT_INVALID',
      hint: 'Use the URL `tandem codec-server` prints, e.g. http://127.0.0.1:8888.',
      context: { setting: 'TANDEM_CODEC_ENDPOINT' },
    });
  }
  return endpoint;
}

/** TANDEM_STICKY_SECONDS when a positive number, else undefined. */
export function stickySecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_STICKY_SECONDS', env);
}

/** TANDEM_HEARTBEAT_SECONDS when a positive number, else undefined. */
export function heartbeatSecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_HEARTBEAT_SECONDS', env);
}

/** TANDEM_MODEL_TIMEOUT_SECONDS when a positive number, else undefined. */
export function modelTimeoutSecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_MODEL_TIMEOUT_SECONDS', env);
}

/** TANDEM_MODEL_STALL_SECONDS when a positive number, else undefined. */
export function modelStallSecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_MODEL_STALL_SECONDS', env);
}

/** TANDEM_MODEL_RETRY_MAX_SECONDS when a positive number, else undefined. */
export function modelRetryMaxSecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_MODEL_RETRY_MAX_SECONDS', env);
}

/** TANDEM_METRICS_ADDRESS as `host:port`, or undefined. Throws TandemError `METRICS_ADDRESS_INVALID` for anything else. */
export function metricsAddressSetting(env: Env = process.env): string | undefined {
  return parseMetricsAddress(trimmed('TANDEM_METRICS_ADDRESS', env), 'TANDEM_METRICS_ADDRESS');
}

/** A Prometheus bind address, `host:port` (an IPv6 host in brackets); undefined when unset. */
export function parseMetricsAddress(value: string | undefined, setting: string): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+):(\d+)$/.exec(value.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) {
    throw new TandemError(`${setting} must be host:port, got "${value}".`, {
      code: 'METRICS_ADDRESS_INVALID',
      hint: `e.g. ${setting === 'TANDEM_METRICS_ADDRESS' ? 'TANDEM_METRICS_ADDRESS=' : '--metrics '}127.0.0.1:9464, then scrape http://127.0.0.1:9464/metrics`,
      context: { setting },
    });
  }
  return value.trim();
}

/** OTEL_EXPORTER_OTLP_ENDPOINT as set, or undefined when unset or blank; whether it is a usable URL is the telemetry's check. */
export function otlpEndpointSetting(env: Env = process.env): string | undefined {
  return env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
}

/** TANDEM_WORKFLOW_BUNDLE as set, or undefined when unset or blank. */
export function workflowBundleSetting(env: Env = process.env): string | undefined {
  return trimmed('TANDEM_WORKFLOW_BUNDLE', env);
}

/** TANDEM_DEMO_SCRIPT as set, or undefined when unset or empty. */
export function demoScriptSetting(env: Env = process.env): string | undefined {
  return env.TANDEM_DEMO_SCRIPT || undefined;
}

/** TANDEM_CALL_KEEPER: `on`, `off`, or undefined (unset, blank or anything else: the default, runs in worktrees only). */
export function callKeeperSetting(env: Env = process.env): 'on' | 'off' | undefined {
  const value = trimmed('TANDEM_CALL_KEEPER', env)?.toLowerCase();
  return value === 'on' || value === 'off' ? value : undefined;
}

/** TANDEM_KEEPER_IDLE_SECONDS when a positive number, else undefined. */
export function keeperIdleSecondsSetting(env: Env = process.env): number | undefined {
  return positiveNumber('TANDEM_KEEPER_IDLE_SECONDS', env);
}
