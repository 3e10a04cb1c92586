/**
 * Git faults: while a task is in flight the user commits to the run branch,
 * or deletes it. The run notices, pauses and says what happened in `tandem
 * status`; it never force-overwrites the user's work. `tandem resume` then
 * continues: from the branch as the user left it, or from the branch the
 * user recreated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { runStatusQuery } from '../../workflows/definitions.js';
import { runCli, startCli, type CliResult, type RunningCli } from '../support/cli.js';
import { RequestHolds } from '../support/held-requests.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal, uniqueTaskQueue } from '../support/temporal.js';
import { waitFor } from '../support/wait.js';
import type { TemporalConnection } from '../../temporal/connection.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const CONTENT: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
};
const BRANCH = 'tandem/greek-letters';

describe('git faults', () => {
  let temporal: TemporalConnection;
  let fakes: Fakes;
  // T2's finish is held at the fake while the user acts, and released only after: the user's
  // change certainly lands while T2 is in flight.
  const holds = new RequestHolds();

  beforeAll(async () => {
    temporal = await connectTestTemporal();
    fakes = await startFakes(holds.around(implementerScript((taskId) => [CONTENT[taskId]!])), reviewerScript());
  });

  afterAll(async () => {
    holds.releaseAll();
    await fakes?.close();
    await temporal?.close();
  });

  /** Starts a run on a fresh repo and returns once T2's finish is in flight, held at the fake until `releaseT2`. */
  async function startRunUntilT2(name: string): Promise<{ repo: TestRepo; running: RunningCli; workflowId: string; seen: number; releaseT2(): void }> {
    const repo = await greekRepo({ name });
    const seen = fakes.implementer.requests.length;
    const t2Finish = holds.hold((c) => c.taskId === 'T2' && c.step === 2, "T2's finish");
    const running = startCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue(name)], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
    await t2Finish.arrived();
    const { runWorkflowId } = await import('../../cli/workspace.js');
    return { repo, running, workflowId: await runWorkflowId(repo.root, 'TODO.md'), seen, releaseT2: () => t2Finish.release() };
  }

  const status = (workflowId: string) => temporal.client.workflow.getHandle(workflowId).query(runStatusQuery);
  const untilPaused = (workflowId: string) => waitFor(async () => (await status(workflowId)).state === 'paused', 'the run to pause');
  const cli = (repo: TestRepo, ...args: string[]) => runCli(args, { cwd: repo.root, env: fakes.env, timeoutMs: 60_000 });

  describe('the user commits to the run branch mid-task', () => {
    let repo: TestRepo;
    let userSha: string;
    let statusText: CliResult;
    let headWhilePaused: string;
    let worktreeWhilePaused: string;
    let final: CliResult;
    let t2Calls: number;
    let stateWhilePaused: string | undefined;

    beforeAll(async () => {
      const started = await startRunUntilT2('user-commit');
      repo = started.repo;
      await repo.write('NOTES.md', 'my own notes\n');
      await repo.git('add', 'NOTES.md');
      await repo.git('commit', '-q', '-m', 'user: my notes');
      userSha = await repo.git('rev-parse', 'HEAD');
      started.releaseT2();

      await untilPaused(started.workflowId);
      const handle = temporal.client.workflow.getHandle(started.workflowId);
      await waitFor(async () => {
        stateWhilePaused = (await handle.describe()).typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.state);
        return stateWhilePaused?.startsWith('paused:') === true;
      }, 'TandemState to name a pause');
      statusText = await cli(repo, 'status');
      headWhilePaused = await repo.git('rev-parse', BRANCH);
      worktreeWhilePaused = await repo.git('status', '--porcelain');

      expect((await cli(repo, 'resume')).exitCode).toBe(0);
      final = await started.running.result;
      t2Calls = conversations(fakes.implementer.requests.slice(started.seen)).filter((c) => c.taskId === 'T2').length;
    }, 180_000);

    it('pauses, and `tandem status` names the foreign commit and how to go on', () => {
      expect(statusText.exitCode, statusText.stderr).toBe(0);
      expect(statusText.stdout).toContain(`paused: The run branch "${BRANCH}" has commits Tandem did not make: ${userSha.slice(0, 10)} user: my notes. Tandem changed nothing.`);
      expect(statusText.stdout).toContain('`tandem resume` continues from the branch as it is then.');
      expect(statusText.stdout).toContain('continue with: tandem resume');
    });

    it('is listed as paused:git (its TandemState search attribute), not as a pause the user asked for', () => {
      expect(stateWhilePaused).toBe('paused:git');
    });

    it('changed nothing while paused: the user commit is the head, T2\'s work still in the worktree', () => {
      expect(headWhilePaused).toBe(userSha);
      expect(worktreeWhilePaused).toContain('b.txt');
    });

    it('resumes from the branch as the user left it and completes, keeping the user commit', async () => {
      expect(final.exitCode, final.stdout + final.stderr).toBe(0);
      expect(final.stdout).toMatch(/Run completed: 3 committed/);
      const log = (await repo.git('log', '--format=%s', `main..${BRANCH}`)).split('\n');
      expect(log).toEqual(['T3: Write gamma', 'T2: Write beta', 'user: my notes', 'T1: Write alpha']);
      await repo.git('merge-base', '--is-ancestor', userSha, BRANCH);
      expect(await repo.git('show', `${BRANCH}:NOTES.md`)).toBe('my own notes');
      expect(await repo.git('status', '--porcelain')).toBe('');
    });

    it('took T2 up from its journal: no model call repeated', () => {
      expect(t2Calls).toBe(2);
    });
  });

  describe('the user deletes the run branch mid-task', () => {
    let repo: TestRepo;
    let lostSha: string;
    let statusText: CliResult;
    let worktreeWhilePaused: string;
    let final: CliResult;

    beforeAll(async () => {
      const started = await startRunUntilT2('user-delete');
      repo = started.repo;
      lostSha = await repo.git('rev-parse', BRANCH);
      await repo.git('switch', '-q', 'main');
      await repo.git('branch', '-q', '-D', BRANCH);
      started.releaseT2();

      await untilPaused(started.workflowId);
      statusText = await cli(repo, 'status');
      worktreeWhilePaused = await repo.git('status', '--porcelain');

      // The user follows the hint: recreate the branch where it was, check it out, resume.
      await repo.git('switch', '-q', '-c', BRANCH, lostSha);
      expect((await cli(repo, 'resume')).exitCode).toBe(0);
      final = await started.running.result;
    }, 180_000);

    it('pauses, and `tandem status` says the branch was deleted and how to recreate it', () => {
      expect(statusText.exitCode, statusText.stderr).toBe(0);
      expect(statusText.stdout).toContain(`paused: The run branch "${BRANCH}" was deleted while the run was going on.`);
      expect(statusText.stdout).toContain(`Recreate it (\`git branch ${BRANCH} <sha>\``);
    });

    it('changed nothing in the worktree while the branch was gone (only T2\'s new file, carried over by the switch)', () => {
      expect(worktreeWhilePaused).toBe('?? b.txt');
    });

    it('completes after the branch is recreated, with one commit per task', async () => {
      expect(final.exitCode, final.stdout + final.stderr).toBe(0);
      const log = (await repo.git('log', '--format=%s', `main..${BRANCH}`)).split('\n');
      expect(log).toEqual(['T3: Write gamma', 'T2: Write beta', 'T1: Write alpha']);
      await repo.git('merge-base', '--is-ancestor', lostSha, BRANCH);
      expect(await repo.git('status', '--porcelain')).toBe('');
    });
  });
});
