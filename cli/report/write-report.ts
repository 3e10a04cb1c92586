/**
 * Builds and writes a run's report: report.md, report.html and timeline.svg.
 * The default folder is `.tandem/report/` in the repository; it gets its own
 * `.gitignore` (`*`), so a report written during a run can never be swept
 * into a task commit or a careless `git add -A`.
 */
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { taskCommitsOnBranch } from '../../git/find-task-commit.js';
import { TandemError } from '../../errors/tandem-error.js';
import type { RunJournal } from '../journal/journal-model.js';
import type { PlanTasks } from '../journal/plan-tasks.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown, TIMELINE_FILE } from './render-markdown.js';
import { buildReportModel, type ReportModel } from './report-model.js';
import { renderTimelineSvg } from './timeline-svg.js';
import type { PlanningSpend } from './planning-spend.js';
import { readConvergeRounds } from '../journal/converge-rounds.js';
import { readIntegrationRecords } from '../journal/integration-records.js';

export const DEFAULT_REPORT_DIR = join('.tandem', 'report');

export interface WriteReportInput {
  journal: RunJournal;
  plan?: PlanTasks;
  /** The repository, when known from the plan argument; else run.json's. */
  repo?: string;
  /** `--out`; default `<repo>/.tandem/report/`. */
  out?: string;
  /** What planning this run's plan cost, when its journal was found. */
  planning?: PlanningSpend;
}

export interface WrittenReport {
  dir: string;
  files: { markdown: string; html: string; svg: string };
  model: ReportModel;
}

export async function writeReport(input: WriteReportInput): Promise<WrittenReport> {
  const { journal, plan } = input;
  const repo = input.repo ?? (journal.run && existsSync(journal.run.repo) ? journal.run.repo : undefined);
  const dir = input.out ? resolve(input.out) : repo ? join(repo, DEFAULT_REPORT_DIR) : undefined;
  if (!dir) {
    throw new TandemError(`Cannot tell where to write the report: the journal ${journal.dir} names no repository that exists here.`, {
      code: 'REPORT_NO_OUT',
      hint: 'Pass --out DIR to choose the folder.',
    });
  }
  const converge = await readConvergeRounds(journal.dir);
  const integrations = await readIntegrationRecords(journal.dir);
  const problems = [...converge.problems, ...integrations.problems];
  const laned = journal.run?.parallel !== undefined || Object.keys(integrations.byTask).length > 0;
  const model = buildReportModel({
    journal: problems.length ? { ...journal, problems: [...journal.problems, ...problems] } : journal,
    converge: converge.rounds,
    integrations: integrations.byTask,
    ...(plan ? { planTasks: plan.tasks, planTitle: plan.title } : {}),
    commits: await branchCommits(journal, plan, repo, laned),
    ...(input.planning ? { planning: input.planning } : {}),
  });
  const svg = renderTimelineSvg(model);
  const files = { markdown: join(dir, 'report.md'), html: join(dir, 'report.html'), svg: join(dir, TIMELINE_FILE) };
  await intoFolder(dir, input.out !== undefined, async () => {
    await mkdir(dir, { recursive: true });
    if (!input.out) await writeFile(join(dir, '.gitignore'), '# Written by `tandem report`; never committed.\n*\n');
    await writeFile(files.svg, `<?xml version="1.0" encoding="UTF-8"?>\n${svg}`);
    await writeFile(files.markdown, renderMarkdown(model));
    await writeFile(files.html, renderHtml(model, svg));
  });
  return { dir, files, model };
}

const UNWRITABLE: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'a read-only file system',
  ENOENT: 'it takes no new files',
};

/**
 * Runs `write` for the report's folder; a path that is not a folder (README.md, /dev/null)
 * or runs through a file, or a folder that takes no new files (/proc/self), is a usage error.
 */
async function intoFolder(dir: string, out: boolean, write: () => Promise<void>): Promise<void> {
  const notFolder = (why: string) => new TandemError(`${out ? '--out must be a directory' : 'The report goes into a directory'}: ${dir} ${why}. The report is three files (report.md, report.html, timeline.svg) written into a folder.`, {
    code: 'USAGE',
    hint: 'Pass a folder, e.g. --out /tmp/report (created if missing).',
  });
  if (await stat(dir).then((found) => !found.isDirectory(), () => false)) throw notFolder('is not one');
  try {
    await write();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notFolder('runs through a file');
    const reason = UNWRITABLE[code];
    if (!reason) throw error;
    throw new TandemError(`Cannot write the report into ${dir}: ${reason}.`, { code: 'USAGE', hint: 'Pass --out a folder you can write to, e.g. --out /tmp/report.', cause: error });
  }
}

/**
 * Shas of task commits on the run branch, when the journal alone cannot say: tasks a previous
 * execution committed (`[x]` in the plan, no attempt in this journal), and with lanes every
 * task (the journal has the commit in the task's worktree; the branch has it cherry-picked).
 * Git is optional here.
 */
async function branchCommits(journal: RunJournal, plan: PlanTasks | undefined, repo: string | undefined, laned: boolean): Promise<Record<string, string>> {
  const needed = laned || plan?.tasks.some((t) => t.status === 'done' && !journal.tasks.some((j) => j.id === t.id));
  if (!needed || !repo || !journal.run) return {};
  try {
    return await taskCommitsOnBranch({ repo, branch: journal.run.branch, runId: journal.run.runId });
  } catch {
    // Without git (or the branch) the report still stands; those rows just show no sha.
    return {};
  }
}
