/**
 * Two `tandem run` of the same plan started at the same moment (a double Enter,
 * two terminals, a script run twice): one run, never two. Both processes attach
 * to the one workflow and end with its result; the run makes one worktree, one
 * commit per task and one model call per step, and the checkout is untouched.
 * Plain (one lane in a worktree, the default), with lanes, and in the checkout.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from '../support/cli.js';
import { createRepo } from '../support/git-repo.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { connectTestTemporal } from '../support/temporal.js';
import { runWorkflowId } from '../../cli/workspace.js';
import { independentPlan, startFakes, tandemYaml } from './fixtures.js';

const FILES: Record<string, string> = { T1: 'one.txt', T2: 'two.txt' };

describe('the same plan started twice at once', () => {
  for (const lanes of [[], ['--parallel', '2'], ['--in-checkout']]) {
    const name = lanes.length ? `with ${lanes.join(' ')}` : 'plain';
    it(`${name}: both processes attach to one run, which commits each task once`, async () => {
      const home = mkdtempSync(join(tmpdir(), 'tandem-twice-home-'));
      const fakes = await startFakes(implementerScript((taskId) => [{ path: FILES[taskId]!, content: `${taskId}\n` }]), reviewerScript());
      const temporal = await connectTestTemporal();
      try {
        const repo = await createRepo({ 'README.md': '# Twice\n', 'TODO.md': independentPlan('Twice', FILES), 'tandem.yaml': tandemYaml() }, { name: `twice-${lanes[0]?.replace(/^--/, '') ?? 'plain'}` });
        const env = { ...fakes.env, TANDEM_HOME: home };
        const runs = [startCli(['run', ...lanes], { cwd: repo.root, env, timeoutMs: 180_000 }), startCli(['run', ...lanes], { cwd: repo.root, env, timeoutMs: 180_000 })];
        const results = await Promise.all(runs.map((run) => run.result));
        const runId = runWorkflowId(repo.root, 'TODO.md');
        for (const result of results) {
          expect(result.exitCode, result.stdout + result.stderr).toBe(0);
          expect(result.stdout).toContain(runId);
          expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
        }
        // One of them started the run, the other attached to it.
        expect(results.filter((result) => /^Attached to tandem\/run\//m.test(result.stdout))).toHaveLength(1);

        const executions = [];
        for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = '${runId}'` })) executions.push(execution);
        expect(executions).toHaveLength(1);

        const tasks = (await repo.git('log', '--format=%(trailers:key=Tandem-Task,valueonly)', 'main..tandem/twice')).split('\n').filter(Boolean);
        expect(tasks.sort()).toEqual(['T1', 'T2']);
        expect(await repo.git('rev-list', '--merges', 'main..tandem/twice')).toBe('');
        const calls = conversations(fakes.implementer.requests).map((c) => `${c.taskId}/s${c.step}`);
        expect(calls.sort()).toEqual(['T1/s1', 'T1/s2', 'T2/s1', 'T2/s2']);

        // A run in the checkout leaves it on the run branch, as one started alone does; a run in worktrees never moves it.
        expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe(lanes.includes('--in-checkout') ? 'tandem/twice' : 'main');
        expect(await repo.git('status', '--porcelain')).toBe('');
        expect((await repo.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(1);
      } finally {
        await temporal.close();
        await fakes.close();
      }
    }, 200_000);
  }
});
