/**
 * Runs a task's checks: its own `Verify:` command, then the project's test
 * command, sandboxed and with timeouts. A failing test is data for the
 * workflow, never an exception. Full output goes to the journal; history
 * gets a short tail.
 */
import { runCheck, tail, toRecord } from '../exec/check.js';
import { readJsonIfExists, writeJsonAtomic } from '../journal/files.js';
import { attemptFiles } from '../journal/layout.js';
import type { ChecksRecord, CommandRecord } from '../journal/records.js';
import type { CheckSettings, RunLocation } from '../contracts/run.js';
import { inSpan } from '../telemetry/instruments.js';


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
    const result = await inSpan('tandem.check', { 'tandem.check': name, 'tandem.command': command, 'tandem.task': input.taskId, 'tandem.attempt': input.attempt }, async (span) => {
      const ran = await runCheck(input.location.repo, command, input.settings);
      span.setAttributes({ 'tandem.check.exit_code': ran.exitCode ?? -1, 'tandem.check.passed': ran.exitCode === 0 });
      return ran;
    });
    commands.push(toRecord(name, result));
    if (result.exitCode !== 0) break;
  }
  const record: ChecksRecord = { startedAt, finishedAt: Date.now(), passed: commands.every((c) => c.exitCode === 0), commands };
  await writeJsonAtomic(files.checks, record);
  return summarize(record);
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
