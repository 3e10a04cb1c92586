/**
 * Two plans at the same path on different branches share a workflow id, so
 * `tandem logs` and `tandem report` must pick the run of the branch checked
 * out (or of the plan as it reads there), not simply the newest; on a branch
 * where neither belongs, they list both runs instead of guessing.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from './fixtures.js';

const PLAN = greekPlanBefore('T2');

describe('logs and report with two plans at one path', () => {
  let fakes: Fakes;
  let repo: TestRepo;

  beforeAll(async () => {
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    repo = await greekRepo({ plan: PLAN, name: 'two-plans' });
  });

  afterAll(async () => {
    await fakes?.close();
  });

  const cli = (...args: string[]): Promise<CliResult> => runCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
  const runBranchOf = async (logs: CliResult) => {
    const dir = logs.stdout.match(/journal: (\S+)/)?.[1];
    expect(dir, logs.stdout + logs.stderr).toBeDefined();
    return (JSON.parse(await readFile(join(dir!, 'run.json'), 'utf8')) as { branch: string }).branch;
  };

  it('each branch sees its own run; a branch with neither lists both', async () => {
    const first = await cli('run', '--task-queue', uniqueTaskQueue('two-plans'));
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    // A second plan at the same path, from main: another title, so another branch.
    await repo.git('switch', '-q', 'main');
    await repo.write('TODO.md', PLAN.replace('# Plan: Greek letters', '# Plan: Greek letters again'));
    await repo.commitAll('second plan');
    const second = await cli('run', '--task-queue', uniqueTaskQueue('two-plans'));
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);

    // The newer run is the second; on the first run's branch, its own run is shown.
    await repo.git('switch', '-q', 'tandem/greek-letters');
    const logs = await cli('logs', 'T1');
    expect(logs.exitCode, logs.stdout + logs.stderr).toBe(0);
    expect(await runBranchOf(logs)).toBe('tandem/greek-letters');
    const out = join(repo.root, '..', 'report-first');
    const report = await cli('report', '--out', out);
    expect(report.exitCode, report.stdout + report.stderr).toBe(0);
    const markdown = await readFile(join(out, 'report.md'), 'utf8');
    expect(markdown).toContain('tandem/greek-letters');
    expect(markdown).not.toContain('greek-letters-again');

    // Back on main the plan reads as the second one: its run.
    await repo.git('switch', '-q', 'main');
    expect(await runBranchOf(await cli('logs', 'T1'))).toBe('tandem/greek-letters-again');

    // A third plan at the path, on a branch of its own: neither run belongs here, so both are listed.
    await repo.git('switch', '-q', '-c', 'elsewhere');
    await repo.write('TODO.md', PLAN.replace('# Plan: Greek letters', '# Plan: Roman letters'));
    await repo.commitAll('third plan');
    const listed = await cli('report', '--out', join(repo.root, '..', 'report-none'));
    expect(listed.exitCode, listed.stdout + listed.stderr).not.toBe(0);
    expect(listed.stderr).toContain('[JOURNAL_NOT_FOUND]');
    expect(listed.stderr).toContain('No run of TODO.md belongs to this branch (elsewhere)');
    expect(listed.stderr).toMatch(/^ {2}tandem\/greek-letters \(started /m);
    expect(listed.stderr).toMatch(/^ {2}tandem\/greek-letters-again \(started /m);
  }, 240_000);
});
