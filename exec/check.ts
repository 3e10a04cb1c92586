/**
 * Runs one check command (a task's Verify:, the project's tests) in the
 * repository, sandboxed per settings, heartbeating while it runs. A failing
 * command is a result, never an exception.
 */
import { collectSecrets } from './env.js';
import { runCommand, type CommandResult } from './run-command.js';
import { whileHeartbeating } from '../temporal/heartbeat.js';
import type { CommandRecord } from '../journal/records.js';
import type { CheckSettings } from '../contracts/run.js';

const MAX_OUTPUT_BYTES = 64_000;
const HISTORY_TAIL_CHARS = 1500;

/** Runs one check command in the repository, sandboxed per settings. */
export async function runCheck(repo: string, command: string, settings: CheckSettings): Promise<CommandResult> {
  return whileHeartbeating((signal) =>
    runCommand({
      command,
      cwd: repo,
      timeoutMs: settings.testTimeoutSeconds * 1000,
      sandbox: settings.sandbox,
      env: process.env,
      envAllow: settings.envAllow,
      ...(settings.keyVariables ? { keyVariables: settings.keyVariables } : {}),
      maxOutputBytes: MAX_OUTPUT_BYTES,
      secrets: collectSecrets(process.env, settings.keyVariables),
      signal,
    }),
  );
}

export function toRecord(name: CommandRecord['name'], result: CommandResult): CommandRecord {
  return {
    name,
    command: result.command,
    exitCode: result.timedOut ? null : result.exitCode,
    timedOut: result.timedOut,
    durationMs: result.durationMs,
    output: result.output,
    outputTruncated: result.outputTruncated,
  };
}

export function tail(text: string, chars = HISTORY_TAIL_CHARS): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}

