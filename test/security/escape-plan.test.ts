/**
 * The plan file is Tandem's, end to end: the real CLI, a real Temporal dev
 * server and a real git repository. T1's implementer tries to tick T2 itself,
 * first with edit_file (refused), then with `sed -i` in a command (undone, with
 * a note); T1's commit still changes TODO.md by T1's own mark only, and T2 is
 * implemented and ticked by Tandem as usual.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply, ScriptFn } from '../fakes/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation, type Conversation } from '../support/conversation.js';
import { conversations, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { historyJson, workflowIdsOnQueue } from './history.js';

const PLAN = greekPlanBefore('T3');

const TICK_T2 = "sed -i 's/^- \\[ \\] T2:/- [x] T2:/' TODO.md";

/** T1 tries to tick T2 twice before doing its work; T2 just does its work. */
function implementer(): ScriptFn {
  return (request) => {
    const c: Conversation = readConversation(request);
    if (c.structured || !c.taskId) return undefined;
    const t1: FakeReply[] = [
      { toolCalls: [{ name: 'edit_file', arguments: { path: 'TODO.md', old_string: '- [ ] T2: Write beta', new_string: '- [x] T2: Write beta' } }] },
      { toolCalls: [{ name: 'run_command', arguments: { command: `${TICK_T2} && grep -c '\\[x\\] T2' TODO.md` } }] },
      { toolCalls: [{ name: 'write_file', arguments: { path: 'a.txt', content: 'alpha\n' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'Wrote a.txt.' } }] },
    ];
    const t2: FakeReply[] = [
      { toolCalls: [{ name: 'write_file', arguments: { path: 'b.txt', content: 'beta\n' } }] },
      { toolCalls: [{ name: 'finish', arguments: { summary: 'Wrote b.txt.' } }] },
    ];
    return (c.taskId === 'T1' ? t1 : t2)[c.step - 1];
  };
}

describe('escape: the implementer cannot change the plan file', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;
  const taskQueue = uniqueTaskQueue('escape-plan');

  beforeAll(async () => {
    repo = await greekRepo({ plan: PLAN });
    fakes = await startFakes(implementer(), reviewerScript());
    result = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', taskQueue], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('ends cleanly with both tasks committed', () => {
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/✓ T1 Write alpha — committed/);
    expect(result.stdout).toMatch(/✓ T2 Write beta — committed/);
  });

  it("T1's commit changes TODO.md by T1's own mark only", async () => {
    const branch = 'tandem/greek-letters';
    expect((await repo.git('log', '--format=%s', `main..${branch}`)).split('\n')).toEqual(['T2: Write beta', 'T1: Write alpha']);
    const t1 = `${branch}~1`;
    expect(await repo.git('show', `${t1}:TODO.md`)).toBe(PLAN.replace('- [ ] T1:', '- [x] T1:').trimEnd());
    const changed = (await repo.git('diff', '-U0', `${t1}~1`, t1, '--', 'TODO.md')).split('\n').filter((line) => /^[-+]/.test(line) && !/^(---|\+\+\+) /.test(line));
    expect(changed).toEqual(['-- [ ] T1: Write alpha', '+- [x] T1: Write alpha']);
    expect((await repo.git('show', '--name-only', '--format=', t1)).split('\n').sort()).toEqual(['TODO.md', 'a.txt']);
  });

  it('tells the model the edit was refused and the command undone', () => {
    const t1 = conversations(fakes.implementer.requests).filter((c) => c.taskId === 'T1');
    const afterEdit = t1.find((c) => c.step === 2)?.lastToolResult;
    expect(afterEdit).toMatch(/^Error: Refused: TODO\.md is the run's plan file; Tandem alone marks tasks in it/);
    const afterSed = t1.find((c) => c.step === 3)?.lastToolResult;
    // The command itself saw its tick (grep counted one line); then Tandem put the plan back.
    expect(afterSed).toMatch(/^Exit code 0 .*\n1\n/);
    expect(afterSed).toContain("Note: this changed TODO.md (the run's plan file). That file is Tandem's");
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });

  it('the reviewer never saw a plan change, and the run leaves the plan as Tandem marked it', async () => {
    const reviews = conversations(fakes.reviewer.requests).filter((c) => c.taskId === 'T1');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]!.firstUser).toContain('Files changed:\n- a.txt (added, +1 −0)\n');
    expect(reviews[0]!.firstUser).not.toContain('TODO.md');
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toBe(PLAN.replace('- [ ] T1:', '- [x] T1:').replace('- [ ] T2:', '- [x] T2:'));
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('runs the command as a regular, heartbeating activity and the file tools as local ones, from the tool flags', async () => {
    const t1 = (await workflowIdsOnQueue(taskQueue)).find((id) => id.endsWith('/T1'));
    expect(t1).toBeDefined();
    const events = (JSON.parse(await historyJson(t1!)) as { events: { eventType: string; activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[] }).events;
    const scheduled = events.filter((e) => /ACTIVITY_TASK_SCHEDULED|ActivityTaskScheduled/.test(e.eventType)).map((e) => e.activityTaskScheduledEventAttributes!.activityType.name);
    // Three tool calls (edit_file, run_command, write_file); only the command is a regular activity.
    expect(scheduled.filter((name) => name === 'toolStep')).toHaveLength(1);
  });
});
