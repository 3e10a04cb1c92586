/** A pull request's title and description from a run's journal: the report's summary, the traceability matrix, the reviews. */
import { beforeAll, describe, expect, it } from 'vitest';
import { findJournal } from '../../../cli/journal/find-journal.js';
import { readJournal } from '../../../cli/journal/read-journal.js';
import { journalPullRequestContent, pullRequestContent } from '../../../cli/pr/pr-content.js';
import { PR_SECTIONS } from '../../../cli/pr/pr-sections.js';
import { buildReportModel, type ReportModel } from '../../../cli/report/report-model.js';
import { traceMatrixMarkdown } from '../../../cli/report/trace-matrix.js';
import type { PullRequestContent } from '../../../pr/pull-request-body.js';
import { createSampleRun, SHAS } from '../../support/sample-journal.js';

let content: PullRequestContent;
let model: ReportModel;

beforeAll(async () => {
  const sample = await createSampleRun({ planned: true });
  const found = await findJournal({ plan: sample.todoPath }, sample.env);
  content = await journalPullRequestContent({ journalDir: found.dir, repo: found.located!.repo, planRelPath: found.located!.planRelPath });
  model = buildReportModel({ journal: await readJournal(found.dir) });
});

describe('the pull request description', () => {
  it('opens with what ran, on which branch, with which models, and the counts', () => {
    expect(content.title).toBe('Tandem: Slug helpers');
    expect(content.body).toMatch(/^Tandem ran the plan `TODO\.md` on `tandem\/todo`: 2 committed, 1 failed, 1 skipped, 0 not run\. Each task was implemented by `openai:gpt-5-mini`, tested with `npm test` and reviewed by `anthropic:claude-sonnet-5-5`, `openai:gpt-5`;/);
  });

  it("has the report's summary and task rows, without the journal's local path", () => {
    expect(content.body).toContain('## Summary');
    expect(content.body).toContain('| **Cost** | $0.1540 |');
    expect(content.body).toContain(`| T1 | Add a slugify function | committed | 1 | 11k / 1k | $0.0342 | 18s | ${SHAS.T1.slice(0, 10)} |`);
    expect(content.body).not.toContain('Journal');
  });

  it('lists the deciding review of each task, with comments and why a task failed', () => {
    expect(content.body).toContain('**T2** · Support a custom separator: committed (attempt 2 of 2)\n- ✓ anthropic:claude-sonnet-5-5: **approve**: The separator is applied everywhere.');
    expect(content.body).toContain('  - [minor] src/slugify.ts:12: An empty separator joins words together; document or reject it.');
    expect(content.body).toMatch(/\*\*T3\*\* · Transliterate non-Latin scripts: failed \(attempt 2 of 2\): .*still drops Cyrillic\n- ✗/);
    expect(content.body.indexOf('## Summary')).toBeLessThan(content.body.indexOf('## Reviews'));
  });

  it("carries the report's traceability matrix between the summary and the reviews", () => {
    const matrix = traceMatrixMarkdown(model.trace).join('\n');
    expect(content.body).toContain(`## Traceability\n\n${matrix}\n`);
    expect(content.body.indexOf('## Summary')).toBeLessThan(content.body.indexOf('## Traceability'));
    expect(content.body.indexOf('## Traceability')).toBeLessThan(content.body.indexOf('## Reviews'));
  });

  it('takes its sections as a list, so another forge or report part is one more entry', () => {
    const extra = pullRequestContent(model, 'TODO.md', [...PR_SECTIONS, () => ({ heading: 'Extra', markdown: '| a | b |\n|---|---|\n| 1 | 2 |' })]);
    expect(extra.body.trimEnd()).toMatch(/## Reviews[\s\S]*## Extra\n\n\| a \| b \|\n\|---\|---\|\n\| 1 \| 2 \|$/);
  });
});
