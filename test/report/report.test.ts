import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateReport, reportSummary } from '../../cli/commands/report.js';
import type { WrittenReport } from '../../cli/report/write-report.js';
import { createSampleRun, SHAS, type SampleRun } from '../support/sample-journal.js';

let sample: SampleRun;
let written: WrittenReport;
let md: string;
let html: string;

beforeAll(async () => {
  sample = await createSampleRun({ planned: true });
  written = await generateReport({ plan: sample.todoPath }, sample.env);
  md = await readFile(written.files.markdown, 'utf8');
  html = await readFile(written.files.html, 'utf8');
});

describe('tandem report', () => {
  it('writes into .tandem/report/ in the repository, git-ignored, and prints the paths', async () => {
    expect(written.dir).toBe(join(sample.repo, '.tandem', 'report'));
    expect(existsSync(join(written.dir, 'timeline.svg'))).toBe(true);
    const status = await execa('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: sample.repo });
    expect(status.stdout).toBe('');
    expect(reportSummary(written)).toContain(written.files.html);
  });

  it('report.md has the header, totals, timeline, per-task rows, verdicts and failure reasons', () => {
    expect(md).toContain('# Tandem run report: Slug helpers');
    expect(md).not.toContain('demo mode');
    expect(md).toContain('| **Implementer** | openai:gpt-5-mini |');
    expect(md).toContain('| **Reviewers** | anthropic:claude-sonnet-5-5, openai:gpt-5 |');
    expect(md).toContain('| **Test command** | npm test |');
    expect(md).toContain('| **Started** | 2025-01-15 10:00:00 UTC |');
    expect(md).toMatch(/\| \*\*Duration\*\* \| 1m\d\ds \|/);
    expect(md).toContain('| **Tasks** | 2 committed, 1 failed, 1 skipped |');
    // Implementer steps: 9 of 1500/200, one of 3200/180 (1400 cached), two of 5200/900 (2600 cached); 8 reviews of 4000/300.
    expect(md).toContain('| **Tokens** | 59k in (6.6k cached) · 6.2k out |');
    expect(md).toContain('| **Cost** | $0.1540 |');
    expect(md).toContain('<img src="timeline.svg"');
    expect(md).toContain(`| T1 | Add a slugify function | committed | 1 | 11k / 1k | $0.0342 | 18s | ${SHAS.T1.slice(0, 10)} |`);
    expect(md).toMatch(/\| T2 \| Support a custom separator \| committed \| 2 \| .* \| 2b3c4d5e6f \|/);
    expect(md).toMatch(/\| T3 \| Transliterate non-Latin scripts \| failed \| 2 \| .* \| — \|/);
    expect(md).toContain('| T4 | Benchmark `slugify` | skipped | — | — | — | — | — |');
    expect(md).toContain('| T2 | 1 | failed: npm test exit 1 | — | retry: `npm test` exited 1 |');
    expect(md).toContain('✓ anthropic:claude-sonnet-5-5: **approve**: The separator is applied everywhere.<br>✗ openai:gpt-5: **request_changes**: Works, but the empty separator is not handled.');
    expect(md).toContain(`| committed ${SHAS.T2.slice(0, 10)} |`);
    expect(md).toContain('### T3 · Transliterate non-Latin scripts');
    expect(md).toContain('**Reason:** anthropic:claude-sonnet-5-5 requested changes: still drops Cyrillic');
    expect(md).toContain('- [blocker] openai:gpt-5 on src/translit.ts: Cyrillic letters are removed instead of transliterated (attempt 2).');
  });

  it("shows planning's cost on its own, then added in, from the plan's journal (a later re-plan is not counted)", () => {
    expect(md).toContain('| **Cost** | $0.1540 |');
    expect(md).toContain('| **Planning** | $0.0570 · 16k in (0 cached) · 3.5k out · 3 model calls |');
    expect(md).toContain('| **Cost with planning** | $0.2110 |');
    expect(html).toContain('<div class="label">Planning</div><div class="value">$0.0570 · 16k in (0 cached) · 3.5k out · 3 model calls</div>');
  });

  it('writes every token count one way: exact below a thousand, then 1.2k, 11k, 1.5M', () => {
    const counts = [...md.matchAll(/(\d[\d.,]*[kM]?) (?:in|out|cached|tokens)\b/g)].map((m) => m[1]!);
    expect(counts.length).toBeGreaterThan(5);
    for (const count of counts) expect(count).toMatch(/^(\d{1,3}|\d(\.\d)?k|\d{2,3}k|\d+(\.\d)?M)$/);
  });

  it('report.html draws code spans as code, report.md keeps the backticks', () => {
    expect(html).toContain('<td>Benchmark <code>slugify</code></td>');
    expect(html).toContain('retry: <code>npm test</code> exited 1');
    expect(html).not.toMatch(/>[^<]*`[^<]*</); // no raw backtick in any text node
    expect(md).toContain('retry: `npm test` exited 1');
  });

  it('report.html is self-contained: inline CSS and SVG, no scripts, nothing fetched', () => {
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<style>');
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg" class="timeline"');
    expect(html).not.toMatch(/<script|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).toContain('Transliterate non-Latin scripts');
    expect(html).toContain('<span class="state state-failed">failed</span>');
  });

  it('--run-dir reads a journal folder directly, finding the plan through run.json', async () => {
    const other = await generateReport({ runDir: sample.journalDir, out: join(sample.env.TANDEM_HOME!, 'report-out') }, sample.env);
    expect(other.model.totals).toMatchObject({ committed: 2, failed: 1, skipped: 1 });
    expect(other.model.tasks.find((t) => t.id === 'T4')?.title).toBe('Benchmark `slugify`');
  });

  it('--out that is not a folder (a file, /dev/null, a path through a file) is a usage error saying so', async () => {
    const file = join(sample.repo, 'README.md');
    await writeFile(file, '# readme\n');
    for (const [out, why] of [[file, 'is not one'], ['/dev/null', 'is not one'], [join(file, 'x'), 'runs through a file']] as const) {
      const refused = await generateReport({ plan: sample.todoPath, out }, sample.env).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'USAGE', exitCode: 2, message: `--out must be a directory: ${out} ${why}. The report is three files (report.md, report.html, timeline.svg) written into a folder.`, hint: expect.stringContaining('--out /tmp/report') });
    }
    // A folder that takes no new files: mkdir -p succeeds, the writes get ENOENT.
    const proc = await generateReport({ plan: sample.todoPath, out: '/proc/self' }, sample.env).catch((error: unknown) => error);
    expect(proc).toMatchObject({ code: 'USAGE', exitCode: 2, message: 'Cannot write the report into /proc/self: it takes no new files.' });
  });

  it('says plainly when a scripted demo model did the work', async () => {
    const demo = await createSampleRun({ demo: true });
    const report = await generateReport({ plan: demo.todoPath, out: join(demo.repo, 'out') }, demo.env);
    expect(await readFile(report.files.markdown, 'utf8')).toContain('> **demo mode: scripted model, not a real one**');
    expect(await readFile(report.files.html, 'utf8')).toContain('<div class="banner" role="note">demo mode: scripted model, not a real one</div>');
    // An explicit --out is the user's folder: no .gitignore is put there.
    expect(existsSync(join(demo.repo, 'out', '.gitignore'))).toBe(false);
  });
});
