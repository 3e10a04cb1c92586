/**
 * `tandem logs` and `tandem report` describe the run of the branch checked
 * out (or of the plan as it reads there), never silently another plan's run
 * that shares the plan's path; when each run belongs elsewhere they list them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectRun, type JournaledRun } from '../../../cli/journal/select-run.js';
import { runWorkflowId } from '../../../cli/workspace.js';
import type { TandemError } from '../../../errors/tandem-error.js';
import { createRepo, type TestRepo } from '../../support/git-repo.js';

const GREEK = '# Plan: Greek letters\n\n- [ ] T1: Write alpha\n  - Acceptance:\n    - a.txt exists\n  - Depends on: none\n';
const OTHER = '# Plan: Roman numerals\n\n- [ ] T1: Write I\n  - Acceptance:\n    - i.txt exists\n  - Depends on: none\n';
const STARTED = Date.parse('2026-11-30T05:00:00Z');

async function repoWithGreekRun(): Promise<TestRepo> {
  const repo = await createRepo({ 'TODO.md': GREEK });
  await repo.git('branch', 'tandem/greek-letters');
  return repo;
}

const located = (repo: TestRepo) => ({ repo: repo.root, planRelPath: 'TODO.md', workflowId: runWorkflowId(repo.root, 'TODO.md') });
const run = (dir: string, branch: string): JournaledRun => ({ dir, record: { branch, startedAt: STARTED } });

describe('selectRun', () => {
  it("picks the run of the plan's own branch from the branch it started on, and the run of the branch checked out", async () => {
    const repo = await repoWithGreekRun();
    await repo.git('branch', 'tandem/mine');
    const runs = [run('/journal/newest', 'tandem/mine'), run('/journal/greek', 'tandem/greek-letters')];
    expect(await selectRun(located(repo), runs)).toBe('/journal/greek');
    await repo.git('switch', '-q', 'tandem/mine');
    expect(await selectRun(located(repo), runs)).toBe('/journal/newest');
  });

  it("refuses another plan's run on another branch, listing the runs and how to read one", async () => {
    const repo = await repoWithGreekRun();
    await repo.git('switch', '-q', '-c', 'roman');
    await writeFile(join(repo.root, 'TODO.md'), OTHER);
    const error = (await selectRun(located(repo), [run('/journal/greek', 'tandem/greek-letters')]).catch((e: unknown) => e)) as TandemError;
    expect(error.code).toBe('JOURNAL_NOT_FOUND');
    expect(error.message).toContain('No run of TODO.md belongs to this branch (roman) or to its plan\'s branch tandem/roman-numerals');
    expect(error.message).toContain('  tandem/greek-letters (started 2026-11-30 05:00): /journal/greek');
    expect(error.hint).toContain('git switch tandem/greek-letters');
    expect(error.hint).toContain('--run-dir');
  });

  it('takes the newest when no run branch exists any more: nothing tells them apart', async () => {
    const repo = await createRepo({ 'TODO.md': OTHER });
    expect(await selectRun(located(repo), [run('/journal/b', 'tandem/gone'), run('/journal/a', 'tandem/gone-too')])).toBe('/journal/b');
    expect(await selectRun(located(repo), [])).toBeUndefined();
  });
});
