/**
 * The contract between the agent loop and the file/command tools. Plain data on both
 * sides so a tool call can be one Temporal activity.
 */
import type { Secret } from '../errors/redact-secrets.js';
import type { SandboxMode } from '../exec/sandbox.js';
import type { TandemFile } from './tandem-files.js';

export interface ToolContext {
  /** Absolute real path of the repository the model works in. Nothing outside it is read or written. */
  workspace: string;
  sandbox: SandboxMode;
  /** Environment for run_command, before scrubbing. */
  env: NodeJS.ProcessEnv;
  /** Variable names passed to commands even though they look like credentials. */
  envAllow?: string[];
  /** Names of the run's model key variables: never passed to commands, whatever they look like. */
  keyVariables?: readonly string[];
  /** Values redacted from everything sent to the model. Build inside the activity (collectSecrets(process.env, keyVariables)); never pass them through workflow inputs. */
  secrets?: readonly Secret[];
  /** run_command's timeout when the model gives none. */
  commandTimeoutMs: number;
  /** Upper bound for the model's `timeout_seconds`; defaults to commandTimeoutMs. */
  maxCommandTimeoutMs?: number;
  /** Cap on `content` sent to the model. */
  maxOutputBytes: number;
  /** Tandem's files in the workspace (the plan): the file tools refuse to write them. */
  tandemFiles?: readonly TandemFile[];
  /** Aborts a running command (activity cancellation). */
  signal?: AbortSignal;
}

export interface ToolResult {
  /** False for every failure the model should see as an error (and may correct). */
  ok: boolean;
  /** What the model reads: capped at maxOutputBytes, secrets redacted. */
  content: string;
  /** Short line for the UI and activity summaries, e.g. 'edit_file src/slug.ts'. */
  summary: string;
  /** Set by `finish`: the implementer says it is done. */
  finished?: { summary: string };
}

/** What a tool returns before the executor adds the summary, the cap and redaction. */
export type ToolOutcome = Omit<ToolResult, 'summary'>;

export const fail = (content: string): ToolOutcome => ({ ok: false, content });
export const succeed = (content: string): ToolOutcome => ({ ok: true, content });
