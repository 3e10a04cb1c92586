/**
 * `tandem report`: report.md, a self-contained report.html and timeline.svg
 * for a plan's newest run, from the journal alone (no server, no keys).
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { findJournal } from '../journal/find-journal.js';
import { readPlanTasks } from '../journal/plan-tasks.js';
import { readJournal } from '../journal/read-journal.js';
import { addHiddenPlanFlag, PLAN_ARGUMENT_HELP, planFrom } from '../options.js';
import { readPlanningSpend } from '../report/planning-spend.js';
import { DEFAULT_REPORT_DIR, writeReport, type WrittenReport } from '../report/write-report.js';

export interface ReportFlags {
  plan?: string;
  runDir?: string;
  out?: string;
}

export function registerReportCommand(program: Command): void {
  const command = program
    .command('report')
    .description("write report.md and a self-contained report.html (with a timeline picture) for a plan's run")
    .argument('[plan]', PLAN_ARGUMENT_HELP)
    .option('--out <dir>', `where to write the report (default: ${DEFAULT_REPORT_DIR}/ in the repository, git-ignored)`)
    .option('--run-dir <dir>', "report on this journal folder instead of the plan's newest run")
    .addHelpText(
      'after',
      `\nWrites report.md, report.html and timeline.svg. The default folder ${DEFAULT_REPORT_DIR}/ holds a .gitignore, so reports are never committed by accident.\n\nExamples:\n  tandem report\n  tandem report plans/auth.md --out /tmp/auth-report\n`,
    );
  addHiddenPlanFlag(command).action(async (plan: string | undefined, flags: ReportFlags) => {
    const written = await generateReport({ ...flags, plan: planFrom(plan, flags.plan, `tandem report ${plan ?? flags.plan}`) });
    process.stdout.write(reportSummary(written));
  });
}

/** Finds the journal, writes the report, returns what was written; exported for tests. */
export async function generateReport(flags: ReportFlags, env: NodeJS.ProcessEnv = process.env): Promise<WrittenReport> {
  const found = await findJournal({ plan: flags.plan, runDir: flags.runDir, command: 'report' }, env);
  const journal = await readJournal(found.dir);
  const plan = await readPlanTasks(journal, found.located ? join(found.located.repo, found.located.planRelPath) : undefined);
  const planning = await readPlanningSpend(journal.run, env);
  return writeReport({ journal, ...(plan ? { plan } : {}), ...(planning ? { planning } : {}), ...(found.located ? { repo: found.located.repo } : {}), ...(flags.out ? { out: flags.out } : {}) });
}

export function reportSummary(written: WrittenReport): string {
  const { totals } = written.model;
  return [
    `Report of ${written.model.run?.planRelPath ?? written.model.journalDir}: ${totals.committed} committed, ${totals.failed} failed, ${totals.skipped} skipped`,
    `  ${written.files.html}`,
    `  ${written.files.markdown}`,
    `  ${written.files.svg}`,
    '',
  ].join('\n');
}
