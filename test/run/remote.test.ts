/**
 * `--remote`: the run branch travels through a git remote (a bare repository
 * here), and a `tandem worker --repo <bare path>` with a TANDEM_HOME of its
 * own serves the run from its own clone, as a worker on another machine would.
 * The real CLI, the dev server, real git and the model fakes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { addBareOrigin, bareGit } from '../support/bare-remote.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { RequestHolds } from '../support/held-requests.js';
import { connectTestTemporal } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import { runStatusQuery } from '../../workflows/definitions.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { cloneDirFor } from '../../cli/worker/repo-clone.js';
import { startFakes, tandemYaml, type Fakes } from './fixtures.js';

function task(id: string, file: string, dependsOn: string): string {
  return `- [ ] ${id}: Write ${file}\n  - Acceptance:\n    - ${file} exists\n  - Verify: \`test -f ${file}\`\n  - Depends on: ${dependsOn}\n`;
}

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt' };

/** A checkout on "machine A" whose `origin` is a fresh bare repository holding its main branch. */
async function repoWithBareRemote(name: string, plan: string): Promise<{ repo: TestRepo; bare: string }> {
  const repo = await createRepo({ 'README.md': '# Remote\n', 'TODO.md': plan, 'tandem.yaml': tandemYaml() }, { name });
  return { repo, bare: await addBareOrigin(repo, name) };
}

async function stop(worker: RunningCli | undefined): Promise<void> {
  worker?.killHard();
  await worker?.result;
}

describe('tandem run --remote, served by a worker with its own clone', () => {
  it('completes, with every task commit on the remote run branch, linear, and the checkout untouched', async () => {
    const plan = `# Plan: Far away\n\n${task('T1', 'one.txt', 'none')}${task('T2', 'two.txt', 'none')}${task('T3', 'three.txt', 'T1')}`;
    const { repo, bare } = await repoWithBareRemote('far-away', plan);
    const fakes: Fakes = await startFakes(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]), reviewerScript());
    let worker: RunningCli | undefined;
    try {
      // "Machine B": its own TANDEM_HOME, and only the remote's path.
      const homeB = mkdtempSync(join(tmpdir(), 'tandem-home-b-'));
      worker = startCli(['worker', '--repo', bare], { env: { ...fakes.env, TANDEM_HOME: homeB }, timeoutMs: 200_000 });
      const result = await runCli(['run', 'TODO.md', '--no-worker', '--parallel', '2', '--remote', 'origin'], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).toContain(`serve it from any machine: tandem worker --repo ${bare}`);
      expect(result.stderr).toContain(`No worker in this process: serve this run with\n  tandem worker --repo ${bare}`);
      expect(result.stderr).not.toContain('--task-queue');

      const tasks = bareGit(bare, 'log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/far-away').split('\n').filter(Boolean);
      expect(tasks.sort()).toEqual(['T1', 'T2', 'T3']);
      expect(bareGit(bare, 'rev-list', '--merges', 'main..tandem/far-away')).toBe('');
      expect(bareGit(bare, 'show', 'tandem/far-away:three.txt')).toBe('T3');
      expect(bareGit(bare, 'show', 'tandem/far-away:TODO.md')).not.toContain('- [ ]');

      // Machine A's checkout: on main, clean, no worktree and no run branch made there.
      expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(await repo.git('status', '--porcelain')).toBe('');
      expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
      expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');

      // The worker's clone let the run branch go (the remote has all of it) and keeps no worktree.
      const clone = cloneDirFor(bare, homeB);
      expect((await execa('git', ['-C', clone, 'branch', '--list', 'tandem/*'])).stdout).toBe('');
      expect((await execa('git', ['-C', clone, 'worktree', 'list', '--porcelain'])).stdout.match(/^worktree /gm)).toHaveLength(1);

      await stop(worker);
      const output = (await worker.result).stdout;
      expect(output).toMatch(/serving the runs whose branch travels through .*far-away\.git \(clone: .*clones\/far-away-[0-9a-f]{10}\)/);
    } finally {
      await stop(worker);
      await fakes.close();
    }
  }, 240_000);

  it('pauses when someone pushes to the remote run branch mid-run, keeps their commit, and goes on after resume', async () => {
    const plan = `# Plan: Shared branch\n\n${task('T1', 'one.txt', 'none')}${task('T2', 'two.txt', 'T1')}`;
    const { repo, bare } = await repoWithBareRemote('shared-branch', plan);
    const holds = new RequestHolds();
    const fakes: Fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
    const temporal = await connectTestTemporal();
    let worker: RunningCli | undefined;
    try {
      const homeB = mkdtempSync(join(tmpdir(), 'tandem-home-b-'));
      worker = startCli(['worker', '--repo', bare], { env: { ...fakes.env, TANDEM_HOME: homeB }, timeoutMs: 200_000 });
      const t2Starts = holds.hold((c) => c.taskId === 'T2', "T2's first call");
      const running = startCli(['run', 'TODO.md', '--no-worker', '--parallel', '2', '--remote', 'origin'], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      await t2Starts.arrived();
      // T1 is on the remote; someone else pushes a commit of their own on top of it.
      const someone = join(mkdtempSync(join(tmpdir(), 'tandem-someone-')), 'someone');
      await execa('git', ['clone', '-q', '--branch', 'tandem/shared-branch', bare, someone]);
      await execa('git', ['-C', someone, '-c', 'user.name=Someone', '-c', 'user.email=someone@example.com', 'commit', '-q', '--allow-empty', '-m', 'Someone else was here']);
      await execa('git', ['-C', someone, 'push', '-q', 'origin', 'tandem/shared-branch']);
      const theirs = (await execa('git', ['-C', someone, 'rev-parse', 'HEAD'])).stdout;
      t2Starts.release();

      const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
      await waitFor(async () => (await handle.query(runStatusQuery)).state === 'paused', 'the run to pause on the moved remote branch', 120_000);
      const status = await runCli(['status'], { cwd: repo.root, timeoutMs: 60_000 });
      expect(status.stdout).toContain(`The remote's run branch tandem/shared-branch moved (someone pushed ${theirs.slice(0, 10)} Someone else was here to origin)`);
      expect((await handle.query(runStatusQuery)).pauseKind).toBe('git');
      // Nothing was forced: their commit is still the remote's head.
      expect(bareGit(bare, 'rev-parse', 'tandem/shared-branch')).toBe(theirs);

      // The user keeps their commit: resume goes on from the branch as it is.
      expect((await runCli(['resume'], { cwd: repo.root, timeoutMs: 60_000 })).exitCode).toBe(0);
      const result = await running.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      const subjects = bareGit(bare, 'log', '--format=%s', 'main..tandem/shared-branch').split('\n');
      expect(subjects).toContain('Someone else was here');
      expect(bareGit(bare, 'merge-base', '--is-ancestor', theirs, 'tandem/shared-branch')).toBe('');
      const tasks = bareGit(bare, 'log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/shared-branch').split('\n').filter(Boolean);
      expect(tasks.sort()).toEqual(['T1', 'T2']);
    } finally {
      holds.releaseAll();
      await stop(worker);
      await temporal.close();
      await fakes.close();
    }
  }, 240_000);

  it("pauses without forcing anything when the remote branch diverged from the worker's, and goes on once the user puts it back", async () => {
    const plan = `# Plan: Diverged\n\n${task('T1', 'one.txt', 'none')}${task('T2', 'two.txt', 'T1')}`;
    const { repo, bare } = await repoWithBareRemote('diverged', plan);
    const holds = new RequestHolds();
    const fakes: Fakes = await startFakes(holds.around(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }])), reviewerScript());
    const temporal = await connectTestTemporal();
    let worker: RunningCli | undefined;
    try {
      worker = startCli(['worker', '--repo', bare], { env: { ...fakes.env, TANDEM_HOME: mkdtempSync(join(tmpdir(), 'tandem-home-b-')) }, timeoutMs: 200_000 });
      const t2Starts = holds.hold((c) => c.taskId === 'T2', "T2's first call");
      const running = startCli(['run', 'TODO.md', '--no-worker', '--parallel', '2', '--remote', 'origin'], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
      await t2Starts.arrived();
      // Someone replaces the remote branch with their own line: T1 is no longer on it, the worker still has it.
      const t1 = bareGit(bare, 'rev-parse', 'tandem/diverged');
      const someone = join(mkdtempSync(join(tmpdir(), 'tandem-someone-')), 'someone');
      await execa('git', ['clone', '-q', '--branch', 'main', bare, someone]);
      await execa('git', ['-C', someone, '-c', 'user.name=Someone', '-c', 'user.email=someone@example.com', 'commit', '-q', '--allow-empty', '-m', 'Their own line']);
      await execa('git', ['-C', someone, 'push', '-q', '--force', 'origin', 'HEAD:tandem/diverged']);
      const theirs = (await execa('git', ['-C', someone, 'rev-parse', 'HEAD'])).stdout;
      t2Starts.release();

      const handle = temporal.client.workflow.getHandle(runWorkflowId(repo.root, 'TODO.md'));
      await waitFor(async () => (await handle.query(runStatusQuery)).state === 'paused', 'the run to pause on the diverged remote branch', 120_000);
      const status = await handle.query(runStatusQuery);
      expect(status.pauseKind).toBe('git');
      expect(status.pausedReason).toContain(`The remote's run branch tandem/diverged moved (someone pushed ${theirs.slice(0, 10)} to origin)`);
      expect(status.pausedReason).toContain('Tandem never force-pushes');
      expect(bareGit(bare, 'rev-parse', 'tandem/diverged')).toBe(theirs);

      // The user keeps their line elsewhere and puts the run branch back where both agree; Tandem pushes its own on top.
      const base = bareGit(bare, 'rev-parse', 'main');
      expect(status.pausedReason).toContain(`put origin/tandem/diverged back to ${base.slice(0, 10)}`);
      await execa('git', ['-C', someone, 'push', '-q', 'origin', 'HEAD:refs/heads/my-work']);
      await execa('git', ['-C', someone, 'push', '-q', '--force', 'origin', `${base}:refs/heads/tandem/diverged`]);
      expect((await runCli(['resume'], { cwd: repo.root, timeoutMs: 60_000 })).exitCode).toBe(0);
      const result = await running.result;
      expect(result.exitCode, result.stdout + result.stderr).toBe(0);
      expect(bareGit(bare, 'merge-base', '--is-ancestor', t1, 'tandem/diverged')).toBe('');
      const tasks = bareGit(bare, 'log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/diverged').split('\n').filter(Boolean);
      expect(tasks.sort()).toEqual(['T1', 'T2']);
      expect(bareGit(bare, 'rev-parse', 'my-work')).toBe(theirs);
    } finally {
      holds.releaseAll();
      await stop(worker);
      await temporal.close();
      await fakes.close();
    }
  }, 240_000);
});
