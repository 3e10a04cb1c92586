/**
 * toolStep keeps the plan file Tandem's: a command that ticks a task is undone
 * before anything else sees the worktree, the model is told, and a retry after
 * a crash mid-step puts back the same pre-step plan (even one that .gitignore
 * keeps out of the worktree snapshot).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolStep } from '../../activities/implement.js';
import { writeJsonAtomic } from '../../journal/files.js';
import { attemptFiles } from '../../journal/layout.js';
import type { ModelStepRecord, ToolStepRecord } from '../../journal/records.js';
import type { RunLocation } from '../../contracts/run.js';
import { makeRepo, type TestRepo } from '../git/helpers.js';

const PLAN = '# Plan\n\n- [ ] T1: One\n- [ ] T2: Two\n';
const TICK_T2 = "sed -i 's/- \\[ \\] T2/- [x] T2/' TODO.md";
const SETTINGS = { sandbox: 'none' as const, envAllow: [], commandTimeoutSeconds: 30 };

async function setup(options: { ignorePlan?: boolean } = {}): Promise<{ repo: TestRepo; location: RunLocation }> {
  const repo = makeRepo();
  if (options.ignorePlan) repo.commit('ignore the plan', '.gitignore', 'node_modules/\nTODO.md\n');
  repo.write('TODO.md', PLAN);
  if (!options.ignorePlan) repo.commit('plan', 'TODO.md', PLAN);
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-journal-'));
  const location: RunLocation = { repo: repo.dir, planRelPath: 'TODO.md', branch: 'main', runId: 'run-guard', journalDir };
  return { repo, location };
}

async function scriptStep(location: RunLocation, calls: { name: string; args: Record<string, unknown> }[]): Promise<void> {
  const record: ModelStepRecord = {
    startedAt: 0,
    finishedAt: 0,
    text: '',
    toolCalls: calls.map((c, i) => ({ id: `call_${i}`, name: c.name, rawArguments: JSON.stringify(c.args) })),
    stopReason: 'tool_calls',
    modelId: 'fake',
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
    costUsd: 0,
  };
  await writeJsonAtomic(attemptFiles(location.journalDir, 'T1', 1).model(1), record);
}

const step = (location: RunLocation, callIndex = 0) => toolStep({ location, taskId: 'T1', attempt: 1, step: 1, callIndex, settings: SETTINGS });
const toolRecord = (location: RunLocation, callIndex = 0): ToolStepRecord =>
  JSON.parse(readFileSync(attemptFiles(location.journalDir, 'T1', 1).tool(1, callIndex), 'utf8'));

describe('toolStep and the plan file', () => {
  it('undoes a command that ticks a task, keeps the rest of its work, and tells the model', async () => {
    const { repo, location } = await setup();
    await scriptStep(location, [{ name: 'run_command', args: { command: `${TICK_T2} && echo done > work.txt` } }]);
    const result = await step(location);
    expect(result.ok).toBe(true);
    expect(repo.read('TODO.md')).toBe(PLAN);
    expect(repo.read('work.txt')).toBe('done\n');
    expect(toolRecord(location).content).toMatch(/^Exit code 0 .*\n[\s\S]*Note: this changed TODO\.md \(the run's plan file\)\. .*Tandem has restored it/);
    rmSync(location.journalDir, { recursive: true, force: true });
  });

  it('refuses edit_file on the plan from the run location alone', async () => {
    const { repo, location } = await setup();
    await scriptStep(location, [{ name: 'edit_file', args: { path: 'TODO.md', old_string: '- [ ] T2', new_string: '- [x] T2' } }]);
    expect((await step(location)).ok).toBe(false);
    expect(toolRecord(location).content).toMatch(/^Refused: TODO\.md is the run's plan file/);
    expect(repo.read('TODO.md')).toBe(PLAN);
    rmSync(location.journalDir, { recursive: true, force: true });
  });

  it.each([
    ['a committed plan', {}],
    ['an ignored plan, outside the snapshot', { ignorePlan: true }],
  ])('a retry after a crash mid-command restores the pre-step plan: %s', async (_name, options) => {
    const { repo, location } = await setup(options);
    await scriptStep(location, [{ name: 'run_command', args: { command: TICK_T2 } }]);
    await step(location);
    // The worker died after the command ran and before the step was recorded: the worktree holds its tick.
    rmSync(attemptFiles(location.journalDir, 'T1', 1).tool(1, 0));
    writeFileSync(path.join(repo.dir, 'TODO.md'), PLAN.replace('- [ ] T2', '- [x] T2'));
    const retried = await step(location);
    expect(retried.ok).toBe(true);
    expect(repo.read('TODO.md')).toBe(PLAN);
    expect(toolRecord(location).content).toContain('Tandem has restored it');
    expect(existsSync(attemptFiles(location.journalDir, 'T1', 1).toolTandemFiles(1, 0))).toBe(true);
    rmSync(location.journalDir, { recursive: true, force: true });
  });
});
