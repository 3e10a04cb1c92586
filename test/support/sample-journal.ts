/**
 * A realistic three-task run, journaled: T1 committed on the first attempt;
 * T2 failed its tests on attempt 1, then was committed on attempt 2 with one
 * of two reviewers requesting changes (review policy `any`); T3 was given up
 * after two attempts that both reviewers rejected. T4 is skipped in TODO.md.
 * With `planned`, the plan came from `tandem plan docs/design.md`, whose
 * journal records what planning spent.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { journalRootFor, planWorkflowId, runWorkflowId } from '../../cli/workspace.js';
import { createRepo } from './git-repo.js';
import { JournalFixture } from './journal-fixture.js';

export const RUN_START = Date.UTC(2025, 0, 15, 10, 0, 0);
export const REVIEWERS = ['anthropic:claude-sonnet-5-5', 'openai:gpt-5'];
export const SHAS = { T1: '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d', T2: '2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e', T3mark: '3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f' };

export const TODO = `# Plan: Slug helpers

- [x] T1: Add a slugify function
  - Depends on: none
- [x] T2: Support a custom separator
  - Depends on: T1
- [!] T3: Transliterate non-Latin scripts
  - Reason: anthropic:claude-sonnet-5-5 requested changes: still drops Cyrillic
  - Depends on: T1
- [-] T4: Benchmark \`slugify\`
  - Reason: skipped by user
  - Depends on: T1
`;

const FAILING_TEST_OUTPUT = [
  '> slugs@1.0.0 test',
  '> vitest run',
  '',
  ...Array.from({ length: 30 }, (_, i) => ` ✓ test/slugify.test.ts > case ${i + 1}`),
  ' FAIL  test/separator.test.ts > uses the separator',
  "AssertionError: expected 'hello-world' to be 'hello_world'",
  ' Tests  1 failed | 30 passed (31)',
].join('\n');

export interface SampleRun {
  repo: string;
  todoPath: string;
  journalDir: string;
  env: NodeJS.ProcessEnv;
}

/** Writes the sample journal under a fresh TANDEM_HOME, where `findJournal` looks for the repo's TODO.md. */
export async function createSampleRun(options: { demo?: boolean; planned?: boolean } = {}): Promise<SampleRun> {
  const repo = await createRepo({ 'TODO.md': TODO, 'package.json': '{"name":"slugs"}\n' });
  const home = realpathSync(await mkdtemp(join(tmpdir(), 'tandem-home-')));
  const env = { ...process.env, TANDEM_HOME: home };
  const journalDir = join(journalRootFor(runWorkflowId(repo.root, 'TODO.md'), env), '2025-01-15T10-00-00-000Z-abc123');
  await mkdir(journalDir, { recursive: true });
  await writeSampleJournal(journalDir, { repo: repo.root, demo: options.demo ?? false, ...(options.planned ? { designRelPath: DESIGN } : {}) });
  if (options.planned) await writePlanJournal(repo.root, env);
  return { repo: repo.root, todoPath: join(repo.root, 'TODO.md'), journalDir, env };
}

export async function writeSampleJournal(dir: string, options: { repo: string; demo: boolean; designRelPath?: string }): Promise<JournalFixture> {
  const j = new JournalFixture(dir, RUN_START);
  await j.run({ runId: 'tandem/run/app@123abc/TODO.md', repo: options.repo, planRelPath: 'TODO.md', ...(options.designRelPath ? { designRelPath: options.designRelPath } : {}), branch: 'tandem/todo', implementer: 'openai:gpt-5-mini', reviewers: REVIEWERS, testCommand: 'npm test', demo: options.demo });
  await j.baseline('npm test', ' Tests  30 passed (30)');

  const t1 = await j.attempt('T1', 1).prompt('T1: Add a slugify function');
  await t1.step({ text: "I'll add src/slugify.ts.", calls: [{ name: 'write_file', args: { path: 'src/slugify.ts', content: 'export const slugify = …' }, content: 'Wrote 212 bytes to src/slugify.ts' }] });
  await t1.step({ calls: [{ name: 'finish', args: { summary: 'Added slugify with tests' }, content: 'Finished. Tests and review run next.', finished: 'Added slugify with tests', summary: 'finish' }] });
  await t1.checks([{ name: 'test', command: 'npm test', exitCode: 0, durationMs: 4000, output: ' Tests  30 passed (30)' }]);
  await t1.reviews(REVIEWERS.map((reviewer) => ({ reviewer, verdict: 'approve', summary: 'Small and correct.', comments: [] })));
  await t1.decision({ decision: 'commit', reason: 'tests passed and the reviewers approved', sha: SHAS.T1 });

  const t2a = await j.attempt('T2', 1).prompt('T2: Support a custom separator');
  const source = Array.from({ length: 14 }, (_, i) => `${i + 1}\tline ${i + 1} of slugify.ts`).join('\n');
  await t2a.step({ text: 'Let me read the current implementation first.', calls: [{ name: 'read_file', args: { path: 'src/slugify.ts' }, content: source }] });
  await t2a.step({ calls: [{ name: 'edit_file', args: { path: 'src/slugify.ts', old_string: "'-'", new_string: 'separator' }, content: 'Edited src/slugify.ts (1 replacement)' }], tokens: [3200, 180, 1400] });
  await t2a.step({ calls: [{ name: 'finish', args: { summary: 'Added the separator option' }, content: 'Finished.', finished: 'Added the separator option', summary: 'finish' }] });
  await t2a.checks([{ name: 'test', command: 'npm test', exitCode: 1, durationMs: 5000, output: FAILING_TEST_OUTPUT }]);
  await t2a.feedback("The check `npm test` failed with exit code 1. Output (tail):\n```\nAssertionError: expected 'hello-world' to be 'hello_world'\n```\n");
  await t2a.decision({ decision: 'retry', reason: '`npm test` exited 1' });

  const t2b = await j.attempt('T2', 2).prompt('T2 attempt 2, with feedback');
  await t2b.step({ text: 'The default separator is still hard-coded in the join.', calls: [{ name: 'edit_file', args: { path: 'src/slugify.ts', old_string: "join('-')", new_string: 'join(separator)' }, content: 'Edited src/slugify.ts (1 replacement)' }] });
  await t2b.step({ calls: [{ name: 'run_command', args: { command: 'npm test' }, content: 'exit 0\n Tests  31 passed (31)' }] });
  await t2b.step({ calls: [{ name: 'finish', args: { summary: 'Separator now used in join' }, content: 'Finished.', finished: 'Separator now used in join', summary: 'finish' }] });
  await t2b.checks([{ name: 'test', command: 'npm test', exitCode: 0, durationMs: 5000, output: ' Tests  31 passed (31)' }]);
  await t2b.reviews([
    { reviewer: REVIEWERS[0]!, verdict: 'approve', summary: 'The separator is applied everywhere.', comments: [] },
    { reviewer: REVIEWERS[1]!, verdict: 'request_changes', summary: 'Works, but the empty separator is not handled.', comments: [{ severity: 'minor', body: 'An empty separator joins words together; document or reject it.', file: 'src/slugify.ts', line: 12 }] },
  ]);
  await t2b.decision({ decision: 'commit', reason: 'tests passed and the reviewers approved', sha: SHAS.T2 });

  for (const attempt of [1, 2]) {
    const t3 = await j.attempt('T3', attempt).prompt(`T3 attempt ${attempt}`);
    await t3.step({ calls: [{ name: 'write_file', args: { path: 'src/translit.ts', content: '…' }, content: 'Wrote 480 bytes to src/translit.ts' }], ms: 9000, tokens: [5200, 900, 2600], costUsd: 0.0065 });
    await t3.step({ calls: [{ name: 'finish', args: { summary: 'Added a Greek table' }, content: 'Finished.', finished: 'Added a Greek table', summary: 'finish' }] });
    await t3.checks([{ name: 'test', command: 'npm test', exitCode: 0, durationMs: 5000, output: ' Tests  33 passed (33)' }]);
    await t3.reviews(REVIEWERS.map((reviewer) => ({ reviewer, verdict: 'request_changes', summary: 'still drops Cyrillic', comments: [{ severity: 'blocker', body: `Cyrillic letters are removed instead of transliterated (attempt ${attempt}).`, file: 'src/translit.ts' }] })));
    await t3.feedback(`Reviewer ${REVIEWERS[0]} requested changes: still drops Cyrillic\n- [blocker] src/translit.ts Cyrillic letters are removed\n`);
    if (attempt === 1) await t3.decision({ decision: 'retry', reason: `${REVIEWERS[0]} requested changes: still drops Cyrillic` });
  }
  // The last attempt's `retry` is overwritten by the roll back, as rollbackTask does.
  await j.attempt('T3', 2).decision({ decision: 'give_up', reason: `${REVIEWERS[0]} requested changes: still drops Cyrillic`, sha: SHAS.T3mark }, 1500);
  return j;
}

export const DESIGN = 'docs/design.md';

/**
 * The plan's journal as `tandem plan` leaves it: two drafts and a review before
 * the run ($0.0570, 16k in, 3.5k out), and a later re-plan that is not this run's.
 */
async function writePlanJournal(repo: string, env: NodeJS.ProcessEnv): Promise<void> {
  const root = journalRootFor(planWorkflowId(repo, DESIGN), env);
  const call = async (dir: string, name: string, at: number, spend: [number, number, number]) => {
    await mkdir(join(root, dir, 'plan'), { recursive: true });
    const record = { spend: { inputTokens: spend[0], outputTokens: spend[1], cachedInputTokens: 0, costUsd: spend[2] }, startedAt: at - 20_000, finishedAt: at, modelId: 'gpt-5' };
    await writeFile(join(root, dir, 'plan', name), `${JSON.stringify(record)}\n`);
  };
  await call('2025-01-15T09-50-00-000Z-plan01', 'round-1-fix-0.draft.json', RUN_START - 500_000, [7000, 1500, 0.02]);
  await call('2025-01-15T09-50-00-000Z-plan01', 'round-1.review.json', RUN_START - 400_000, [4000, 500, 0.012]);
  await call('2025-01-15T09-50-00-000Z-plan01', 'round-2-fix-0.draft.json', RUN_START - 300_000, [5000, 1500, 0.025]);
  await call('2025-01-15T11-00-00-000Z-plan02', 'round-1-fix-0.draft.json', RUN_START + 3_600_000, [9000, 9000, 9.99]);
}
