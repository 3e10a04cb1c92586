/**
 * Runs a task's checks: its own `Verify:` command, then the project's test
 * command, sandboxed and with timeouts. A failing test is data for the
 * workflow, never an exception. Full output goes to the journal; history
 * gets a short tail.
 */
import { collectSecrets } from './commands/env.js';
import { runCommand, type CommandResult } from './commands/run-command.js';
import { whileHeartbeating } from './heartbeat.js';
import { readJsonIfExists, writeJsonAtomic } from './journal/files.js';
import { attemptFiles } from './journal/layout.js';
import type { ChecksRecord, CommandRecord } from './journal/records.js';
import type { RunLocation, RunSettings } from '../workflows/run-types.js';

export type CheckSettings = Pick<RunSettings, 'testCommand' | 'testTimeoutSeconds' | 'sandbox' | 'envAllow'>;

const MAX_OUTPUT_BYTES = 64_000;
const HISTORY_TAIL_CHARS = 1500;

export interface ChecksSummary {
  passed: boolean;
  commands: { name: CommandRecord['name']; command: string; exitCode: number | null; timedOut: boolean; durationMs: number; outputTail: string }[];
}

export async function runChecks(input: {
  location: RunLocation;
  taskId: string;
  attempt: number;
  verify?: string;
  settings: CheckSettings;
}): Promise<ChecksSummary> {
  const files = attemptFiles(input.location.journalDir, input.taskId, input.attempt);
  const done = await readJsonIfExists<ChecksRecord>(files.checks);
  if (done) return summarize(done);

  const startedAt = Date.now();
  const commands: CommandRecord[] = [];
  const planned: [CommandRecord['name'], string | undefined][] = [
    ['verify', input.verify ? stripBackticks(input.verify) : undefined],
    ['test', input.settings.testCommand],
  ];
  for (const [name, command] of planned) {
    // The same command twice (Verify: `npm test` and test: npm test) costs twice for nothing.
    if (!command || commands.some((ran) => ran.command === command)) continue;
    const result = await runCheck(input.location.repo, command, input.settings);
    commands.push(toRecord(name, result));
    if (result.exitCode !== 0) break;
  }
  const record: ChecksRecord = { startedAt, finishedAt: Date.now(), passed: commands.every((c) => c.exitCode === 0), commands };
  await writeJsonAtomic(files.checks, record);
  return summarize(record);
}

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
      maxOutputBytes: MAX_OUTPUT_BYTES,
      secrets: collectSecrets(process.env),
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

function summarize(record: ChecksRecord): ChecksSummary {
  return {
    passed: record.passed,
    commands: record.commands.map(({ output, outputTruncated: _t, ...rest }) => ({ ...rest, outputTail: tail(output) })),
  };
}

function stripBackticks(command: string): string {
  return command.trim().replace(/^`+|`+$/g, '').trim();
}
