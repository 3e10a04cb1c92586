/**
 * A run's pull request title and description, from its journal, the way
 * `tandem report` reads it (journal, TODO.md, task commits): used by
 * `tandem pr` and by the worker when a run opens its pull request (`--pr`).
 */
import { join } from 'node:path';
import type { PullRequestBodySource } from '../../pr/body-source.js';
import { pullRequestBody, type PullRequestContent } from '../../pr/pull-request-body.js';
import { taskCommitsOnBranch } from '../../git/find-task-commit.js';
import { readPlanTasks } from '../journal/plan-tasks.js';
import { readJournal } from '../journal/read-journal.js';
import { buildReportModel, type ReportModel } from '../report/report-model.js';
import { escapeMdCell, mdCode } from '../report/escape.js';
import { PR_SECTIONS, type SectionBuilder } from './pr-sections.js';

/** Reads the journal folder and the plan, and writes the title and body. */
export const journalPullRequestContent: PullRequestBodySource = async ({ journalDir, repo, planRelPath }) => {
  const journal = await readJournal(journalDir);
  const plan = await readPlanTasks(journal, join(repo, planRelPath));
  const branch = journal.run?.branch;
  const commits = branch ? await taskCommitsOnBranch({ repo, branch, ...(journal.run ? { runId: journal.run.runId } : {}) }).catch(() => ({})) : {};
  const model = buildReportModel({ journal, ...(plan ? { planTasks: plan.tasks, planTitle: plan.title } : {}), commits });
  return pullRequestContent(model, planRelPath);
};

export function pullRequestContent(model: ReportModel, planRelPath: string, sections: readonly SectionBuilder[] = PR_SECTIONS): PullRequestContent {
  const { totals } = model;
  const title = `Tandem: ${model.planTitle ?? planRelPath}`;
  const run = model.run;
  const reviewers = run?.reviewers.length ? ` and reviewed by ${run.reviewers.map(mdCode).join(', ')}` : '';
  const counts = `${totals.committed} committed, ${totals.failed} failed, ${totals.skipped} skipped, ${totals['not run'] + totals['in progress']} not run`;
  const intro = [
    `Tandem ran the plan ${mdCode(planRelPath)}${run ? ` on ${mdCode(run.branch)}` : ''}: ${counts}.`,
    run ? ` Each task was implemented by ${mdCode(run.implementer)}, tested with ${run.testCommand ? mdCode(run.testCommand) : 'no test command'}${reviewers}; each commit names its task in a \`Tandem-Task\` trailer.` : '',
    `\n\n**Converge:** ${escapeMdCell(model.convergeLine)}`,
    run?.demo ? '\n\n> **Demo mode: a scripted model wrote this, not a real one.**' : '',
  ].join('');
  return { title, body: pullRequestBody({ intro, sections: sections.map((build) => build(model)) }) };
}
