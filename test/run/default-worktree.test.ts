/**
 * A plain `tandem run` works in a worktree of its own (issue 13): the user's
 * checkout is never touched. They may be on another branch, with uncommitted
 * edits and git-ignored dependency folders; the run starts from the commit,
 * says so, commits one task per commit on the run branch, and leaves the
 * checkout exactly as it was. A baseline that fails in the worktree for want
 * of what git ignores says how to make it, or to work in the checkout.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekPlanBefore, greekRepo, startFakes, tandemYaml, type Fakes } from './fixtures.js';

const writesLetters = implementerScript((taskId) => [{ path: taskId === 'T1' ? 'a.txt' : 'b.txt', content: taskId === 'T1' ? 'alpha\n' : 'beta\n' }]);

describe('tandem run without --parallel or --in-checkout', () => {
  const fakes: Fakes[] = [];
  afterAll(async () => {
    for (const fake of fakes) await fake.close();
  });

  it('commits on the run branch from a worktree and leaves the dirty checkout, its branch and its ignored folders alone', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T3'), name: 'default-worktree', files: { '.gitignore': 'node_modules/\n' } });
    await repo.git('switch', '-q', '-c', 'feature');
    await mkdir(join(repo.root, 'node_modules', 'left-pad'), { recursive: true });
    await writeFile(join(repo.root, 'README.md'), '# Greek letters\n\nwork in progress\n');
    await writeFile(join(repo.root, 'scratch.txt'), 'not committed\n');
    const statusBefore = await repo.git('status', '--porcelain');
    const planBefore = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    const fake = await startFakes(writesLetters, reviewerScript());
    fakes.push(fake);

    const run = await runCli(['run', '--task-queue', uniqueTaskQueue('default-worktree')], { cwd: repo.root, env: fake.env, timeoutMs: 150_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // What the run starts from, and what the worktree will lack, are said once, before the baseline.
    expect(run.stderr).toMatch(/the run starts from commit [0-9a-f]{8} of feature; uncommitted changes \(other than the plan file\) are not part of it \(2 paths/);
    expect(run.stderr).toContain('which starts without git-ignored files (node_modules here)');
    expect(run.stderr).toContain('--in-checkout');

    expect((await repo.git('log', '--format=%s', 'feature..tandem/greek-letters')).split('\n')).toEqual(['T2: Write beta', 'T1: Write alpha']);
    expect(await repo.git('show', 'tandem/greek-letters:a.txt')).toBe('alpha');
    expect(await repo.git('show', 'tandem/greek-letters:TODO.md')).toMatch(/- \[x\] T1: Write alpha[\s\S]*- \[x\] T2: Write beta/);
    // The checkout: same branch, same edits, same plan, nothing of the run's in it.
    expect(await repo.git('branch', '--show-current')).toBe('feature');
    expect(await repo.git('status', '--porcelain')).toBe(statusBefore);
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(planBefore);
    expect(await readFile(join(repo.root, 'scratch.txt'), 'utf8')).toBe('not committed\n');
    // The run's worktrees are gone, so the run branch can be checked out here.
    expect(await repo.git('worktree', 'list', '--porcelain')).not.toContain('tandem/greek-letters');
    // The report finds the commits on the run branch; one lane has no lanes to report.
    const report = await runCli(['report'], { cwd: repo.root, env: fake.env });
    expect(report.exitCode, report.stdout + report.stderr).toBe(0);
    const md = await readFile(join(repo.root, '.tandem', 'report', 'report.md'), 'utf8');
    expect(md).toContain((await repo.git('rev-parse', 'tandem/greek-letters')).slice(0, 10));
    expect(md).not.toContain('Lanes used');
  }, 180_000);

  it('a baseline that needs an ignored file fails with a hint naming run.workspaceSetup and --in-checkout; --in-checkout then runs', async () => {
    const config = tandemYaml().replace('test: test -f README.md', 'test: test -f node_modules/ok');
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), name: 'default-worktree-deps', config, files: { '.gitignore': 'node_modules/\n' } });
    await mkdir(join(repo.root, 'node_modules'), { recursive: true });
    await writeFile(join(repo.root, 'node_modules', 'ok'), '');
    const fake = await startFakes(writesLetters, reviewerScript());
    fakes.push(fake);

    const failed = await runCli(['run', '--task-queue', uniqueTaskQueue('default-worktree-deps')], { cwd: repo.root, env: fake.env, timeoutMs: 120_000 });
    expect(failed.exitCode, failed.stdout + failed.stderr).toBe(2);
    expect(failed.stderr).toContain('[BASELINE_FAILING]');
    expect(failed.stderr).toMatch(/hint: .*fresh worktree of the run branch, which has none of your git-ignored files .*run\.workspaceSetup .*--in-checkout/);
    expect(fake.implementer.requests).toHaveLength(0);
    expect(await repo.git('branch', '--show-current')).toBe('main');

    const inCheckout = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('default-worktree-deps2')], { cwd: repo.root, env: fake.env, timeoutMs: 120_000 });
    expect(inCheckout.exitCode, inCheckout.stdout + inCheckout.stderr).toBe(0);
    expect(await repo.git('branch', '--show-current')).toBe('tandem/greek-letters');
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write alpha');
  }, 180_000);
});

describe('tandem run (one lane, in the run worktree) when that worktree is deleted by hand', () => {
  it('makes it again from the run branch and starts the attempt over, with a note; one commit per task', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tandem-default-home-'));
    const holds = new RequestHolds();
    const fakes = await startFakes(holds.around(writesLetters), reviewerScript());
    try {
      const repo = await greekRepo({ plan: greekPlanBefore('T3'), name: 'default-worktree-deleted' });
      const env = { ...fakes.env, TANDEM_HOME: home };
      // T1 asks for its second step: its worktree (the run's) is deleted under it.
      const t1Second = holds.hold((c) => c.taskId === 'T1' && c.step === 2, "T1's second model call");
      const running = startCli(['run', '--task-queue', uniqueTaskQueue('default-deleted')], { cwd: repo.root, env, timeoutMs: 150_000 });
      await t1Second.arrived();
      const [run] = await readdir(join(home, 'workspaces'));
      await rm(join(home, 'workspaces', run!, 'run'), { recursive: true, force: true });
      t1Second.release();
      const result = await running.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain("T1: the run's worktree was deleted during an attempt; it was made again from the run branch, and the attempt starts again");
      expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
      const subjects = (await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).split('\n');
      expect(subjects).toEqual(['T2: Write beta', 'T1: Write alpha']);
      expect(await repo.git('show', 'tandem/greek-letters:a.txt')).toBe('alpha');
      expect(await repo.git('branch', '--show-current')).toBe('main');
    } finally {
      holds.releaseAll();
      await fakes.close();
    }
  }, 240_000);
});
