/**
 * An implementer that answers in words without changing a file (what a small
 * local model does) is told so once, and an attempt that still changes nothing
 * ends there: no tests on the unchanged tree and no review of an empty diff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptFn } from '../fakes/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { conversations, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from './fixtures.js';
import { NO_CHANGE_NUDGE } from '../../journal/conversation.js';

const PLAN = `# Plan: Words

- [ ] T1: Write alpha
  - Details: Create a.txt containing alpha.
  - Acceptance:
    - a.txt contains alpha
  - Depends on: none
- [ ] T2: Write beta
  - Details: Create b.txt containing beta.
  - Acceptance:
    - b.txt contains beta
  - Depends on: T1
`;
const PROSE = 'Sure! To do this you would create the file with the word in it.';

/** T1 listens to the nudge; T2 ignores it in attempt 1 and works in attempt 2. */
const implementer: ScriptFn = (request) => {
  const c = readConversation(request);
  if (c.structured || !c.taskId) return undefined;
  const file = c.taskId === 'T1' ? { path: 'a.txt', content: 'alpha\n' } : { path: 'b.txt', content: 'beta\n' };
  const works = c.taskId === 'T1' ? c.step >= 2 : c.attempt >= 2;
  if (!works) return { text: PROSE };
  const wrote = c.lastToolResult !== undefined;
  return wrote ? { toolCalls: [{ name: 'finish', arguments: { summary: `wrote ${file.path}` } }] } : { toolCalls: [{ name: 'write_file', arguments: file }] };
};

describe('an attempt that changed nothing', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;

  beforeAll(async () => {
    repo = await greekRepo({ plan: PLAN });
    fakes = await startFakes(implementer, reviewerScript());
    run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('no-change')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits both tasks', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T2: Write beta\nT1: Write alpha');
  });

  it('tells the model once that it changed nothing, and it carries on in the same attempt', () => {
    const t1 = conversations(fakes.implementer.requests).filter((c) => c.taskId === 'T1');
    expect(t1.map((c) => [c.attempt, c.step])).toEqual([[1, 1], [1, 2], [1, 3]]);
    expect(t1[1]!.lastUser).toBe(NO_CHANGE_NUDGE);
  });

  it('ends an attempt that still changed nothing with that reason, without review, and retries', async () => {
    const t2 = conversations(fakes.implementer.requests).filter((c) => c.taskId === 'T2');
    expect(t2.map((c) => [c.attempt, c.step])).toEqual([[1, 1], [1, 2], [2, 1], [2, 2]]);
    expect(t2[2]!.firstUser).toContain('You changed no file in the last attempt: you answered in words.');
    // One review per task, each of a real diff.
    const reviews = conversations(fakes.reviewer.requests);
    expect(reviews).toHaveLength(2);
    for (const review of reviews) expect(review.text).toMatch(/\+(alpha|beta)/);
    const logs = await runCli(['logs', 'T2', '--attempt', '1'], { cwd: repo.root, env: { NO_COLOR: '1' } });
    expect(logs.stdout).toContain('test · not run');
    expect(logs.stdout).not.toContain('review ');
    expect(logs.stdout).toContain('changed no file');
  });
});
