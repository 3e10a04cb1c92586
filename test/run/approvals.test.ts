/**
 * Human gates end to end (real CLI, dev server, git, model fakes). `--approve
 * each`: the commit waits; a wrong task id and a bare rejection are refused;
 * `tandem reject T1 --comment` sends the task back with the comment in the
 * next implementer prompt; the run and its task tell the Temporal UI what
 * they wait for; the wait survives the worker's death; `tandem
 * approve` commits. `--approve plan,final`: the run waits before its first
 * task and before it completes, reminding the webhook meanwhile; a rejected
 * plan ends the run before any task.
 */
import { workflowMetadataQuery } from '@temporalio/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { runCli, startCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';
import { waitFor } from '../support/wait.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from './fixtures.js';

const ONE_TASK = greekPlanBefore('T2');
const T1_COMMANDS = 'tandem approve T1 / tandem reject T1 --comment "…"';

describe('tandem run --approve', () => {
  let temporal: TemporalConnection;
  let fakes: Fakes;
  let receiver: WebhookReceiver;
  const holds = new RequestHolds();

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    receiver = await startWebhookReceiver();
    fakes = await startFakes(holds.around(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }])), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
    await receiver?.close();
    await temporal?.close();
  });

  /** TandemState needs no worker: it is what the Web UI's list shows, and readable while none runs. */
  const visibleState = async (workflowId: string) =>
    (await temporal.client.workflow.getHandle(workflowId).describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state);
  /**
   * The "current details" the Temporal UI shows for a workflow: the SDK serves them only to the
   * `__temporal_workflow_metadata` query (describe() has the static details alone), so a worker must be running.
   */
  const uiDetails = async (workflowId: string) => (await temporal.client.workflow.getHandle(workflowId).query(workflowMetadataQuery)).currentDetails;
  const cli = (repo: string, ...args: string[]) => runCli(args, { cwd: repo, env: fakes.env, timeoutMs: 60_000 });

  it('each, in the default worktree: waits before the commit; reject sends it back with the comment; the wait survives a worker restart; approve commits', async () => {
    const repo = await greekRepo({ plan: ONE_TASK, name: 'approve-each' });
    const workflowId = runWorkflowId(repo.root, 'TODO.md');
    const firstCall = holds.hold((c) => c.taskId === 'T1', "T1's first model call");
    // One attempt: the second one below is the rejection's own, on top of --max-attempts.
    const first = startCli(['run', '--approve', 'each', '--max-attempts', '1', '--task-queue', uniqueTaskQueue('approve-each')], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });

    // While T1 works, nothing waits: saying so is a usage error.
    await firstCall.arrived();
    const early = await cli(repo.root, 'approve');
    expect(early.exitCode).toBe(2);
    expect(early.stderr).toContain('nothing waits for approval (the run is working on T1)');
    firstCall.release();

    await waitFor(async () => (await visibleState(workflowId)) === 'waiting:approval', 'T1 to wait for approval', 90_000);
    expect(await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).toBe('');
    // What the Temporal UI shows of the run and of its task: what each waits for, and how to answer.
    expect(await uiDetails(workflowId)).toBe(`**waiting for approval**: T1\n\n\`${T1_COMMANDS}\`, or send the \`approve\` / \`reject\` signal with \`{ "comment": "…" }\`.`);
    expect(await uiDetails(`${workflowId}/T1`)).toBe(`**T1 attempt 1** · waiting for approval: tests passed, reviewers approved\n\n\`${T1_COMMANDS}\``);
    const status = await cli(repo.root, 'status');
    expect(status.stdout).toContain('· waiting for approval');
    expect(status.stdout).toContain('waiting for approval: T1 — tandem approve T1 / tandem reject T1 --comment "…"');

    const wrongTask = await cli(repo.root, 'approve', 'T9');
    expect(wrongTask.exitCode).toBe(2);
    expect(wrongTask.stderr).toContain('T9 does not wait for approval; waiting: T1 (tandem approve T1 / tandem reject T1 --comment "…")');
    const bare = await cli(repo.root, 'reject', 'T1');
    expect(bare.exitCode).toBe(2);
    expect(bare.stderr).toContain('a rejection of T1 needs a comment');

    const rejected = await cli(repo.root, 'reject', 'T1', '--comment', 'use snake_case');
    expect(rejected.exitCode, rejected.stderr).toBe(0);
    expect(rejected.stdout).toContain('Rejected T1: attempt 2 starts with your comment as feedback.');
    const attempt2 = () => conversations(fakes.implementer.requests).find((c) => c.taskId === 'T1' && c.attempt === 2);
    // Attempt 2 asked the model first, so a wait seen after that is attempt 2's own.
    await waitFor(async () => attempt2() !== undefined && (await visibleState(workflowId)) === 'waiting:approval', 'attempt 2 to wait for approval', 90_000);
    expect(attempt2()!.firstUser).toContain('use snake_case');

    // The worker dies while the run waits; the wait is on the server, not in the process.
    first.killHard();
    expect((await first.result).exitCode).not.toBe(0);
    expect(await visibleState(workflowId)).toBe('waiting:approval');

    const attached = startCli(['run'], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    const approved = await cli(repo.root, 'approve');
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stdout).toContain('Approved T1: it is committed next.');
    const finished = await attached.result;
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect(finished.stdout).toMatch(/^Attached to /m);
    // Committed on the run branch from its worktree; the checkout stayed on main, untouched.
    expect(await repo.git('log', '--format=%s', 'main..tandem/greek-letters')).toBe('T1: Write alpha');
    expect(await repo.git('branch', '--show-current')).toBe('main');
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(conversations(fakes.implementer.requests).filter((c) => c.taskId === 'T1' && c.attempt === 3)).toEqual([]);
  }, 300_000);

  it('plan,final: waits before the first task and before completing, with reminders; approve lets it go on', async () => {
    const repo = await greekRepo({ plan: ONE_TASK, name: 'approve-final' });
    const workflowId = runWorkflowId(repo.root, 'TODO.md');
    const before = conversations(fakes.implementer.requests).length;
    const args = ['run', '--in-checkout', '--approve', 'plan,final', '--approve-remind', '1s', '--notify', `${receiver.url}/approvals`, '--task-queue', uniqueTaskQueue('approve-final')];
    const running = startCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
    const received = (what: RegExp) => receiver.received.filter((r) => r.path === '/approvals' && r.body.event === 'waiting_for_approval' && what.test(r.body.reason ?? ''));

    await waitFor(() => received(/plan.*reminder 1/).length > 0, 'a reminder that the plan waits', 90_000);
    expect(await visibleState(workflowId)).toBe('waiting:approval');
    expect(conversations(fakes.implementer.requests).length).toBe(before);
    expect((await cli(repo.root, 'approve', 'T1')).stderr).toContain('T1 does not wait for approval; waiting: the plan');
    // The Temporal UI's way: the `approve` signal. One naming another task cannot be refused: it becomes a note.
    const handle = temporal.client.workflow.getHandle(workflowId);
    await handle.signal('approve', { taskId: 'T7' });
    await handle.signal('approve', {});

    await waitFor(() => received(/end of the run/).length > 0, 'the run to wait at its end', 90_000);
    expect(await uiDetails(workflowId)).toMatch(/^\*\*waiting for approval\*\*: the end of the run \(all tasks done\)\n\n`tandem approve \/ tandem reject --comment "…"`/);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write alpha');
    const approved = await cli(repo.root, 'approve');
    expect(approved.stdout).toContain('Approved the end of the run (all tasks done): the run completes.');
    const finished = await running.result;
    expect(finished.exitCode, finished.stdout + finished.stderr).toBe(0);
    expect(finished.stdout).toContain('waiting for approval: the plan (before the first task) — tandem approve / tandem reject --comment "…"');
    expect(finished.stdout).toContain('approve signal ignored: T7 does not wait for approval; waiting: the plan');
    expect(await visibleState(workflowId)).toBe('completed');
  }, 240_000);

  it('plan: a rejection (here the UI\'s `reject` signal) ends the run as cancelled before any task, with the comment in its notes', async () => {
    const repo = await greekRepo({ plan: ONE_TASK, name: 'approve-reject-plan' });
    const workflowId = runWorkflowId(repo.root, 'TODO.md');
    const before = conversations(fakes.implementer.requests).length;
    const running = startCli(['run', '--in-checkout', '--approve', 'plan', '--task-queue', uniqueTaskQueue('approve-plan')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    await waitFor(async () => (await visibleState(workflowId).catch(() => undefined)) === 'waiting:approval', 'the plan to wait for approval', 90_000);
    await temporal.client.workflow.getHandle(workflowId).signal('reject', { comment: 'split T1 in two' });
    const ended = await running.result;
    expect(ended.exitCode).toBe(1);
    expect(ended.stdout).toMatch(/^Run cancelled: 0 committed/m);
    expect(ended.stdout).toContain('note: the plan (before the first task) was rejected: split T1 in two');
    expect(conversations(fakes.implementer.requests).length).toBe(before);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('');
  }, 150_000);

  it('refuses a gate or reminder it does not know', async () => {
    const repo = await greekRepo({ plan: ONE_TASK, name: 'approve-bad' });
    const gate = await cli(repo.root, 'run', '--in-checkout', '--approve', 'sometimes');
    expect(gate.exitCode).toBe(2);
    expect(gate.stderr).toContain('--approve takes plan, each, final, got "sometimes".');
    const remind = await cli(repo.root, 'run', '--in-checkout', '--approve', 'each', '--approve-remind', 'soon');
    expect(remind.exitCode).toBe(2);
    expect(remind.stderr).toContain('--approve-remind takes a duration such as 30m, 4h, 1h30m or 2d, got "soon".');
  }, 60_000);
});
