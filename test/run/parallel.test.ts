/**
 * `--parallel 4` end to end: the real CLI, the dev server, a real repository
 * and the model fakes. Eight tasks in two chains and a join; the two chain
 * heads both create shared.txt, so whichever lands second conflicts and goes
 * again on the new head. The user's checkout is never touched, and the report
 * shows the lanes.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { startFakes, tandemYaml, type Fakes } from './fixtures.js';

const run = promisify(execFile);

function task(id: string, title: string, file: string, dependsOn: string): string {
  return `- [ ] ${id}: ${title}\n  - Details: Write ${file}.\n  - Acceptance:\n    - ${file} exists\n  - Verify: \`test -f ${file}\`\n  - Depends on: ${dependsOn}\n`;
}

const PLAN = `# Plan: Lanes

${task('T1', 'Start chain A', 'a1.txt', 'none')}${task('T2', 'Chain A, step 2', 'a2.txt', 'T1')}${task('T3', 'Chain A, step 3', 'a3.txt', 'T2')}${task('T4', 'Start chain B', 'b1.txt', 'none')}${task('T5', 'Chain B, step 2', 'b2.txt', 'T4')}${task('T6', 'Chain B, step 3', 'b3.txt', 'T5')}${task('T7', 'Chain B, step 4', 'b4.txt', 'T6')}${task('T8', 'Join the chains', 'join.txt', 'T3, T7')}`;

const FILES: Record<string, string> = { T1: 'a1.txt', T2: 'a2.txt', T3: 'a3.txt', T4: 'b1.txt', T5: 'b2.txt', T6: 'b3.txt', T7: 'b4.txt', T8: 'join.txt' };
/** No commit may hold a conflict marker, and shared.txt, once there, has one line per chain head. */
const TEST = `test -f README.md && ! grep -rq '<<<<<<<' --include='*.txt' . && { test ! -f shared.txt || grep -qx 'from T1' shared.txt || grep -qx 'from T4' shared.txt; }`;

describe('tandem run --parallel 4', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;

  beforeAll(async () => {
    repo = await createRepo({ 'README.md': '# Lanes\n', 'TODO.md': PLAN, 'tandem.yaml': tandemYaml().replace('test: test -f README.md', `test: "${TEST.replace(/"/g, '\\"')}"`) }, { name: 'lanes' });
    fakes = await startFakes(
      implementerScript((taskId, attempt) => {
        const edits = [{ path: FILES[taskId]!, content: `${taskId}\n` }];
        // Both chain heads add shared.txt; a second attempt (on a head that has the other's) keeps both lines.
        if (taskId === 'T1' || taskId === 'T4') edits.push({ path: 'shared.txt', content: attempt === 1 ? `from ${taskId}\n` : 'from T1\nfrom T4\n' });
        return edits;
      }),
      reviewerScript(),
    );
    // Work in progress in the user's checkout: a run in worktrees neither needs a clean tree nor touches it.
    await writeFile(join(repo.root, 'wip.md'), 'my notes\n');
    result = await runCli(['run', 'TODO.md', '--parallel', '4', '--task-queue', uniqueTaskQueue('lanes')], { cwd: repo.root, env: fakes.env, timeoutMs: 240_000 });
  }, 260_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits all eight tasks', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    for (const id of Object.keys(FILES)) expect(result.stdout).toMatch(new RegExp(`✓ ${id} .* — committed`));
  });

  it('leaves a linear history with one commit per task, each passing the tests', async () => {
    const shas = (await repo.git('rev-list', '--reverse', 'main..tandem/lanes')).split('\n');
    expect(await repo.git('rev-list', '--merges', 'main..tandem/lanes')).toBe('');
    const tasks = (await repo.git('log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/lanes')).split('\n').filter(Boolean);
    expect([...tasks].sort()).toEqual(Object.keys(FILES).sort());
    expect(shas).toHaveLength(8);
    // Every commit, checked out on its own, passes the project's tests and has its task ticked.
    const check = join(repo.root, '..', 'lanes-check');
    await run('git', ['-C', repo.root, 'worktree', 'add', '--detach', check, 'main']);
    for (const sha of shas) {
      await run('git', ['-C', check, 'checkout', '--quiet', '--detach', sha]);
      await expect(run('sh', ['-c', TEST], { cwd: check }), `tests at ${sha}`).resolves.toBeDefined();
    }
    await run('git', ['-C', repo.root, 'worktree', 'remove', '--force', check]);
    expect(await repo.git('show', 'tandem/lanes:shared.txt')).toBe('from T1\nfrom T4');
    expect(await repo.git('show', 'tandem/lanes:TODO.md')).not.toContain('- [ ]');
  });

  it('sends the chain head that landed second back for an attempt on the new head', async () => {
    expect(result.stdout).toMatch(/T[14]: attempt 1 was approved but conflicts with what landed on tandem\/lanes since its base \(in shared\.txt\)/);
    const second = fakes.implementer.requests.find((request) => /This is attempt 2/.test(JSON.stringify(request.body)));
    expect(JSON.stringify(second?.body)).toContain('The worktree starts afresh from the current head of the branch');
  });

  it('reports the lanes: which tasks ran side by side, the speed-up, and the change integration sent back', async () => {
    const report = await runCli(['report', '--out', join(repo.root, '..', 'lanes-report')], { cwd: repo.root, timeoutMs: 60_000 });
    expect(report.exitCode, report.stderr).toBe(0);
    const md = await readFile(join(repo.root, '..', 'lanes-report', 'report.md'), 'utf8');
    const svg = await readFile(join(repo.root, '..', 'lanes-report', 'timeline.svg'), 'utf8');
    const used = Number(/\| \*\*Lanes used\*\* \| (\d+) at most at once \(of 4 allowed\) \|/.exec(md)?.[1]);
    // The two chains ran side by side; never more than the four lanes allowed.
    expect(used).toBeGreaterThanOrEqual(2);
    expect(used).toBeLessThanOrEqual(4);
    expect(svg.match(/<g class="lane-row"/g)).toHaveLength(used);
    expect(Number(/\| \*\*Speed-up\*\* \| ([\d.]+)× \|/.exec(md)?.[1])).toBeGreaterThan(1);
    expect(md).toMatch(/1 sent back for a new attempt on the new head: T[14] attempt 1 \(conflict in shared\.txt\)/);
    expect(svg).toMatch(/<title>T[14] attempt 1 · approved, but sent back by integration: conflict in shared\.txt<\/title>/);
    // The chain heads started together, so they are in different lanes.
    const lane = (id: string) => /data-lane="(\d+)"/.exec(svg.match(new RegExp(`<g class="task-row" data-task="${id}"[^>]*>`))![0])?.[1];
    expect(lane('T1')).not.toBe(lane('T4'));
    // Commits as the run branch has them, not as they were in the task worktrees.
    const onBranch = await repo.git('log', '--format=%H', 'main..tandem/lanes');
    const shown = [...md.matchAll(/\| T\d \| [^|]+ \| committed \|(?:[^|]*\|){4} ([0-9a-f]{10}) \|/g)].map((m) => m[1]!);
    expect(shown).toHaveLength(8);
    for (const sha of shown) expect(onBranch).toContain(sha);
  });

  it("never touches the user's checkout, and removes its worktrees at the end", async () => {
    expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(await repo.git('status', '--porcelain')).toBe('?? wip.md');
    expect(await readFile(join(repo.root, 'wip.md'), 'utf8')).toBe('my notes\n');
    expect(result.stderr).toMatch(/the run starts from commit [0-9a-f]{8} of main; uncommitted changes \(other than the plan file\) are not part of it/);
    expect(existsSync(join(repo.root, 'a1.txt'))).toBe(false);
    expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
    expect(await repo.git('branch', '--list', 'tandem/lanes--*')).toBe('');
  });
});
