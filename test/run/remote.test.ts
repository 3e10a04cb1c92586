/**
 * `--remote`: the run branch travels through a git remote (a bare repository
 * here), and a `tandem worker --repo <bare path>` with a TANDEM_HOME of its
 * own serves the run from its own clone, as a worker on another machine would.
 * The real CLI, the dev server, real git and the model fakes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { startFakes, tandemYaml, type Fakes } from './fixtures.js';

function task(id: string, file: string, dependsOn: string): string {
  return `- [ ] ${id}: Write ${file}\n  - Acceptance:\n    - ${file} exists\n  - Verify: \`test -f ${file}\`\n  - Depends on: ${dependsOn}\n`;
}

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt' };

/** A checkout on "machine A" whose `origin` is a fresh bare repository holding its main branch. */
async function repoWithBareRemote(name: string, plan: string): Promise<{ repo: TestRepo; bare: string }> {
  const repo = await createRepo({ 'README.md': '# Remote\n', 'TODO.md': plan, 'tandem.yaml': tandemYaml() }, { name });
  const bare = join(mkdtempSync(join(tmpdir(), 'tandem-bare-')), `${name}.git`);
  await execa('git', ['init', '-q', '--bare', bare]);
  await repo.git('remote', 'add', 'origin', bare);
  await repo.git('push', '-q', 'origin', 'main');
  return { repo, bare };
}

function bareGit(bare: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8' }).trim();
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

      await stop(worker);
      const output = (await worker.result).stdout;
      expect(output).toMatch(/serving the runs whose branch travels through .*far-away\.git \(clone: .*clones\/far-away-[0-9a-f]{10}\)/);
    } finally {
      await stop(worker);
      await fakes.close();
    }
  }, 240_000);
});
