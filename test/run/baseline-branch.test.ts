/**
 * A run whose baseline tests already fail ends before its first task, and
 * takes the user back to the branch they started on, with their plan file
 * (untracked there) still in place; the run branch keeps the plan for the
 * next try. No model is called.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';
import { TEST_ANTHROPIC_KEY, TEST_OPENAI_KEY } from '../support/model-fakes.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { GREEK_PLAN, IMPLEMENTER, REVIEWER } from './fixtures.js';

describe('a failing baseline', () => {
  it('exits 2 with BASELINE_FAILING and leaves the user on the branch they started from, plan file kept', async () => {
    const config = `models:\n  implementer: ${IMPLEMENTER}\n  reviewers: [${REVIEWER}]\ntest: test -f passing.txt\n`;
    const repo = await createRepo({ 'README.md': '# Greek letters\n', 'tandem.yaml': config }, { name: 'baseline' });
    await repo.git('switch', '-q', '-c', 'feature');
    // The plan is new and not yet committed, as it is right after `tandem plan`.
    await writeFile(join(repo.root, 'TODO.md'), GREEK_PLAN);

    const result = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('baseline')], {
      cwd: repo.root,
      // Keys must be present, but nothing may call a model: the baseline fails first.
      env: { OPENAI_API_KEY: TEST_OPENAI_KEY, ANTHROPIC_API_KEY: TEST_ANTHROPIC_KEY, OPENAI_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
      timeoutMs: 90_000,
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('[BASELINE_FAILING]');
    expect(result.stderr).toContain('You are back on feature.');
    expect(await repo.git('branch', '--show-current')).toBe('feature');
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(GREEK_PLAN);
    // The run branch exists with the plan committed, ready for the next run once the tests pass.
    expect(await repo.git('log', '-1', '--format=%s', 'tandem/greek-letters')).toBe('Add the plan TODO.md');
    expect(existsSync(join(repo.root, 'a.txt'))).toBe(false);
  }, 120_000);
});
