/**
 * Issue 6, "done when": a test run's Temporal history and every file Tandem
 * wrote contain no API key value. Runs the 3-task scenario of test/run
 * WITHOUT encryption, so anything that reached history would be readable.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { filesRevealing, historyJson, revealsSecret, workflowIdsOnQueue } from './history.js';

const WORDS: Record<string, (attempt: number) => string> = {
  T1: () => 'alpha',
  T2: (attempt) => (attempt === 1 ? 'bta' : 'beta'),
  T3: () => 'gama',
};
const FILES: Record<string, string> = { T1: 'a.txt', T2: 'b.txt', T3: 'c.txt' };

describe('API keys never enter history or files', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let home: string;
  let result: CliResult;
  let keys: string[];
  const taskQueue = uniqueTaskQueue('no-keys');

  beforeAll(async () => {
    repo = await greekRepo();
    home = await mkdtemp(join(tmpdir(), 'tandem-no-keys-home-'));
    fakes = await startFakes(
      implementerScript((taskId, attempt) => [{ path: FILES[taskId]!, content: `${WORDS[taskId]!(attempt)}\n` }]),
      reviewerScript(),
    );
    keys = [fakes.env.OPENAI_API_KEY!, fakes.env.ANTHROPIC_API_KEY!];
    expect(keys).toEqual(['sk-test-openai-0123456789abcdef', 'sk-ant-test-0123456789abcdef']);
    result = await runCli(['run', 'TODO.md', '--task-queue', taskQueue], {
      cwd: repo.root,
      env: { ...fakes.env, TANDEM_HOME: home, TANDEM_ENCRYPTION_KEY: undefined },
      timeoutMs: 180_000,
    });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('ran the scenario (T1, T2 committed; T3 failed)', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✓ T2 Write beta — committed/);
  });

  it('keeps both keys out of the history of the run workflow and of every task workflow', async () => {
    const ids = await workflowIdsOnQueue(taskQueue);
    expect(ids.filter((id) => id.startsWith('tandem/run/'))).toHaveLength(4);
    for (const id of ids) {
      const history = await historyJson(id);
      // The check can see plaintext: unencrypted history shows the plan's task titles.
      expect(revealsSecret(history, 'Write '), id).toBe(true);
      for (const key of keys) expect(revealsSecret(history, key), `${key} in ${id}`).toBe(false);
    }
  });

  it('keeps both keys out of the repository: worktree, .git, TODO.md and every commit', async () => {
    expect(await filesRevealing(repo.root, keys)).toEqual([]);
    const everything = await repo.git('log', '-p', '--all');
    expect(everything).toContain('+beta');
    for (const key of keys) expect(revealsSecret(everything, key)).toBe(false);
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    for (const key of keys) expect(todo).not.toContain(key);
  });

  it("keeps both keys out of every file under TANDEM_HOME (journal, state) and out of the command's output", async () => {
    const journal = await filesRevealing(home, ['Write alpha']);
    expect(journal.length, 'the journal records the tasks, so the scan reads real files').toBeGreaterThan(0);
    expect(await filesRevealing(home, keys)).toEqual([]);
    for (const key of keys) expect(result.stdout + result.stderr).not.toContain(key);
  });

  it('keeps both keys out of the report written from the journal', async () => {
    const out = join(home, 'report');
    const report = await runCli(['report', '--out', out], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home } });
    expect(report.exitCode, report.stderr).toBe(0);
    expect(await filesRevealing(out, ['alpha'])).not.toEqual([]);
    expect(await filesRevealing(out, keys)).toEqual([]);
  });
});
