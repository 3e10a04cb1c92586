/**
 * A run in progress picks up `tandem plan --update` at its next task boundary:
 * while T1's model call is held at the fake, the update (T2 revised, T3 added)
 * is accepted without touching TODO.md; once T1 is committed the run commits
 * the new plan on its branch and runs the revised T2 and the new T3. An update
 * that would change the running task is refused with the reason, and nothing
 * is written; so is one that makes the plan larger than a run takes, before
 * it is sent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanProposal } from '../../plan/revision.js';
import { runCli, startCli, type CliResult } from '../support/cli.js';
import type { TestRepo } from '../support/git-repo.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, firstOf, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekRepo, notesPlan, startFakes, type Fakes } from './fixtures.js';
import { plannerScript } from '../plan-workflow/fixtures.js';
import { MAX_PLAN_TASKS } from '../../cli/run/plan-limits.js';

const PLAN = notesPlan('Notes', ['one', 'two']);
const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt', T3: 'three.txt' };
const note = (id: string, title: string, acceptance: string) => ({ id, title, details: '', acceptance: [acceptance], dependsOn: [] });
const T1 = note('T1', 'Write note one', 'one.txt exists');

/** The design gained note three and changed note two. */
const GROWN: PlanProposal = {
  title: 'Notes',
  tasks: [T1, note('T2', 'Write note two in capitals', 'two.txt says TWO'), note('T3', 'Write note three', 'three.txt exists')],
  dropped: [],
};
/** A revision that appends more tasks than a run takes (cli/run/plan-limits.ts). */
const HUGE: PlanProposal = {
  title: 'Notes',
  tasks: [T1, GROWN.tasks[1]!, ...Array.from({ length: MAX_PLAN_TASKS }, (_, i) => note(`T${i + 3}`, `Write note ${i + 3}`, `note ${i + 3} exists`))],
  dropped: [],
};
/** A revision that rewrites T1, which is running. */
const REWRITES_T1: PlanProposal = { title: 'Notes', tasks: [note('T1', 'Write note one in French', 'one.txt says un'), GROWN.tasks[1]!], dropped: [] };

describe('a run picks up an updated plan at its next task boundary', () => {
  let fakes: Fakes;
  const holds = new RequestHolds();

  beforeAll(async () => {
    const planner = plannerScript((c) => (c.firstUser.includes('French') ? { json: REWRITES_T1 } : c.firstUser.includes('thousands') ? { json: HUGE } : { json: GROWN }));
    const implementer = implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]);
    fakes = await startFakes(holds.around(firstOf(implementer, planner)), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
  });

  /** A repo whose design changed after the plan was written; the run starts on the plan as it was. */
  const repoWithDesign = (design: string, name: string): Promise<TestRepo> => greekRepo({ plan: PLAN, name, config: tandemYamlWithPlanner() }).then(async (repo) => {
    await repo.write('design.md', design);
    await repo.commitAll('design: what changed');
    return repo;
  });
  /** Starts the run and holds it in T1's first model call, where an update may come. */
  const runHeldAtT1 = async (repo: TestRepo) => {
    const t1 = holds.hold((c) => c.taskId === 'T1', "T1's first model call");
    const running = startCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('replan-run')], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
    await t1.arrived();
    return { t1, running };
  };
  /** The refused update left TODO.md alone, and the run, released, goes on with the plan it had: no `Update the plan` commit. */
  const expectRunUnchanged = async (repo: TestRepo, t1: { release(): void }, running: { result: Promise<CliResult> }) => {
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(PLAN);
    t1.release();
    const finished = await running.result;
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect((await repo.git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual(['T2: Write note two', 'T1: Write note one']);
  };
  const update = (repo: TestRepo) =>
    runCli(['plan', 'design.md', '--update', '--yes', '--task-queue', uniqueTaskQueue('replan')], { cwd: repo.root, env: fakes.env, timeoutMs: 90_000 });

  it('accepts while T1 runs, then commits the new plan after T1 and runs the revised T2 and the new T3', async () => {
    const repo = await repoWithDesign('# Notes\n\nWrite notes one, two (in capitals) and three.\n', 'grown');
    const { t1, running } = await runHeldAtT1(repo);

    const sent = await update(repo);
    expect(sent.exitCode, sent.stdout + sent.stderr).toBe(0);
    expect(sent.stdout).toContain('+- [ ] T3: Write note three\n');
    expect(sent.stdout).toMatch(/The run tandem\/run\/grown@\w+\/TODO\.md accepted the update \(revised T2 · added T3\)\. TODO\.md was not written here/);
    expect(sent.stdout).toContain('once T1 has finished');
    // The run owns the plan: nothing changed on disk while T1 runs.
    expect(await readFile(join(repo.root, 'TODO.md'), 'utf8')).toBe(PLAN);

    t1.release();
    const finished = await running.result;
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect((await repo.git('log', '--format=%s', 'main..HEAD')).split('\n')).toEqual([
      'T3: Write note three',
      'T2: Write note two in capitals',
      'Update the plan: revised T2 · added T3',
      'T1: Write note one',
    ]);
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toMatch(/- \[x\] T1: Write note one\n[\s\S]*- \[x\] T2: Write note two in capitals\n {2}- Acceptance:\n {4}- two\.txt says TWO\n[\s\S]*- \[x\] T3: Write note three\n/);
    // The implementer worked on the revised T2, not the one the run started with.
    const t2 = conversations(fakes.implementer.requests).find((c) => c.taskId === 'T2');
    expect(t2?.firstUser).toContain('two.txt says TWO');
    expect(await repo.git('status', '--porcelain')).toBe('');
  }, 240_000);

  it('refuses an update that would change the running task, says why, and writes nothing', async () => {
    const repo = await repoWithDesign('# Notes\n\nWrite note one in French, and note two.\n', 'refused');
    const { t1, running } = await runHeldAtT1(repo);

    const sent = await update(repo);
    expect(sent.exitCode).toBe(2);
    expect(sent.stderr).toMatch(/\[RUN_REFUSED\]: The run refused: T1 is running now and the update would change it; a task never changes under its implementer/);
    expect(sent.stderr).not.toMatch(/at .*\.js:\d+/);
    await expectRunUnchanged(repo, t1, running);
  }, 240_000);

  it('refuses an update that makes the plan too large for a run before sending it: exit 2, nothing sent, nothing written', async () => {
    const repo = await repoWithDesign('# Notes\n\nWrite note one, note two in capitals, and thousands more.\n', 'too-large');
    const { t1, running } = await runHeldAtT1(repo);

    const sent = await update(repo);
    expect(sent.exitCode, sent.stdout + sent.stderr).toBe(2);
    expect(sent.stderr).toContain(`error [PLAN_TOO_LARGE]: The update makes the plan too large for a run: The plan TODO.md as this update revises it has ${MAX_PLAN_TASKS + 2} tasks; a run takes plans of up to ${MAX_PLAN_TASKS} tasks`);
    expect(sent.stderr).toContain('hint: Nothing was written and nothing was sent to a run; TODO.md is as it was.');
    expect(sent.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(sent.stdout).not.toContain('accepted the update');
    await expectRunUnchanged(repo, t1, running);
  }, 240_000);
});

/** The run's models plus a planner and plan reviewer of their own, so `tandem plan` needs no flags. */
function tandemYamlWithPlanner(): string {
  return 'models:\n  implementer: openai:gpt-5-mini\n  reviewers: [anthropic:claude-haiku-4-5]\n  planner: openai:gpt-5\ntest: test -f README.md\n';
}
