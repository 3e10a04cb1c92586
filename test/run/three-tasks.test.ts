/**
 * The heart of Tandem, end to end: the real CLI, a real Temporal dev server,
 * a real git repository, the implementer on the OpenAI fake and the reviewer
 * on the Anthropic fake.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, IMPLEMENTER, REVIEWER, startFakes, type Fakes } from './fixtures.js';

const WORDS: Record<string, (attempt: number) => string> = {
  T1: () => 'alpha',
  T2: (attempt) => (attempt === 1 ? 'bta' : 'beta'),
  T3: () => 'gama',
};
const FILES: Record<string, string> = { T1: 'a.txt', T2: 'b.txt', T3: 'c.txt' };

describe('tandem run: implement, test, cross-review, commit, retry, roll back', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;

  beforeAll(async () => {
    repo = await greekRepo();
    fakes = await startFakes(
      implementerScript((taskId, attempt) => [{ path: FILES[taskId]!, content: `${WORDS[taskId]!(attempt)}\n` }]),
      reviewerScript(),
    );
    result = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', uniqueTaskQueue('run')], { cwd: repo.root, env: fakes.env, timeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('exits 1 because T3 failed, and reports each task', () => {
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toMatch(/✓ T1 Write alpha — committed/);
    expect(result.stdout).toMatch(/✓ T2 Write beta — committed .* after 2 attempts/);
    expect(result.stdout).toMatch(/✗ T3 Write gamma — failed/);
    // The branch is judged against the design only once every task is done.
    expect(result.stdout).toContain('converge skipped: some tasks failed or were blocked');
  });

  it('makes exactly one commit per committed task, with the trailers', async () => {
    const log = await repo.git('log', '--format=%s', 'main..tandem/greek-letters');
    expect(log.split('\n')).toEqual([expect.stringMatching(/^T3: failed — /), 'T2: Write beta', 'T1: Write alpha']);
    const t2 = await repo.git('log', '-1', '--format=%B', 'tandem/greek-letters~1');
    expect(t2).toContain('Tandem-Task: T2');
    expect(t2).toMatch(/Tandem-Run: tandem\/run\/app@[0-9a-f]{6}\/TODO\.md/);
    expect(t2).toContain(`Implemented-by: ${IMPLEMENTER}`);
    expect(t2).toContain(`Reviewed-by: ${REVIEWER}`);
  });

  it('rolls T3 back: the worktree is clean at T2, c.txt never committed', async () => {
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await repo.git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('tandem/greek-letters');
    const files = await repo.git('ls-files');
    expect(files.split('\n').sort()).toEqual(['README.md', 'TODO.md', 'a.txt', 'b.txt', 'tandem.yaml']);
    expect(await readFile(join(repo.root, 'b.txt'), 'utf8')).toBe('beta\n');
  });

  it('marks TODO.md [x] [x] [!] with a reason', async () => {
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toMatch(/- \[x\] T1: Write alpha/);
    expect(todo).toMatch(/- \[x\] T2: Write beta/);
    expect(todo).toMatch(/- \[!\] T3: Write gamma\n  - Reason: .*grep -qx gamma c\.txt/);
  });

  it('sends every review to the reviewer fake and none to the implementer fake', () => {
    const reviews = conversations(fakes.reviewer.requests);
    expect(reviews.map((r) => [r.taskId, r.structured])).toEqual([
      ['T1', 'review_verdict'],
      ['T2', 'review_verdict'],
    ]);
    // The reviewer sees the changed files and the diff of the task's own work.
    expect(reviews[0]!.firstUser).toContain('Files changed:\n- a.txt (added, +1 −0)\n');
    expect(reviews[0]!.firstUser).toContain('+alpha');
    expect(conversations(fakes.implementer.requests).every((c) => c.structured === undefined)).toBe(true);
    // Both vendors streamed: OpenAI's implementer through the Responses API, the reviewer through Messages.
    expect(new Set(fakes.implementer.requests.map((r) => `${r.path} stream=${r.body?.stream}`))).toEqual(new Set(['/v1/responses stream=true']));
    expect(new Set(fakes.reviewer.requests.map((r) => `${r.path} stream=${r.body?.stream}`))).toEqual(new Set(['/v1/messages stream=true']));
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });

  it("feeds attempt 2 the failing output of attempt 1, and stops T3 early when it is stuck", () => {
    const implementer = conversations(fakes.implementer.requests);
    const t2Retry = implementer.find((c) => c.taskId === 'T2' && c.attempt === 2 && c.step === 1);
    expect(t2Retry?.firstUser).toContain('grep -qx beta b.txt');
    const t3Attempts = new Set(implementer.filter((c) => c.taskId === 'T3').map((c) => c.attempt));
    expect([...t3Attempts]).toEqual([1, 2]);
  });
});
