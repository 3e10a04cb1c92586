/**
 * Model faults that never go away end in a clear failure, not a silent loop:
 * a model that only names an unknown tool, one that only answers with
 * nothing, a request the vendor always rejects (400) and a rate limit that
 * never lifts. Each task fails with its reason, is rolled back, and the fake
 * counts a bounded number of requests.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply, ScriptFn } from '../fakes/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { conversations, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';

const MAX_STEPS = 3;
/** maximumAttempts of the model-call retry policy (workflows/activity-profiles.ts). */
const MODEL_CALL_ATTEMPTS = 8;

const FOREVER: Record<string, { title: string; reply: FakeReply }> = {
  T1: { title: 'Only name an unknown tool', reply: { toolCalls: [{ name: 'summon_daemon', arguments: {} }] } },
  T2: { title: 'Only answer with nothing', reply: { text: '' } },
  T3: { title: 'Always be rejected', reply: { error: { status: 400, message: 'messages[1].content is not allowed here' } } },
  T4: { title: 'Always be rate limited', reply: { error: { status: 429, message: 'slow down', headers: { 'retry-after': '1' } } } },
};
const TASK_IDS = Object.keys(FOREVER);

const PLAN = `# Plan: Hopeless models\n\n${TASK_IDS.map(
  (id) => `- [ ] ${id}: ${FOREVER[id]!.title}
  - Acceptance:
    - ${id}.txt exists
  - Verify: \`test -f ${id}.txt\`
  - Depends on: none
`,
).join('')}`;

function hopelessImplementer(): ScriptFn {
  return (request) => {
    const conversation = readConversation(request);
    if (conversation.structured || !conversation.taskId) return undefined;
    return FOREVER[conversation.taskId]?.reply;
  };
}

describe('model faults that never go away', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let result: CliResult;
  let todo: string;
  const requestsFor = (taskId: string) => conversations(fakes.implementer.requests).filter((c) => c.taskId === taskId);

  beforeAll(async () => {
    repo = await greekRepo({
      plan: PLAN,
      config: tandemYaml(`run:\n  maxSteps: ${MAX_STEPS}\n  onFailure: continue\n`),
      name: 'hopeless',
    });
    fakes = await startFakes(hopelessImplementer(), reviewerScript());
    result = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', uniqueTaskQueue('hopeless')], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
    todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
  }, 170_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('fails the run clearly: exit 1, every task failed with its reason, no stack trace', () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(1);
    expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
    for (const id of TASK_IDS) expect(result.stdout).toMatch(new RegExp(`✗ ${id} ${FOREVER[id]!.title} — failed`));
  });

  it('an unknown tool every step: the step limit ends each attempt, the repeat ends the task', () => {
    expect(requestsFor('T1').map((c) => [c.attempt, c.step])).toEqual([
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [2, 2],
      [2, 3],
    ]);
    expect(todo).toContain(`Reason: stuck: the same failure twice in a row (the implementer stopped: step limit reached (${MAX_STEPS} steps) before finish)`);
  });

  it('an empty reply every attempt: the same unfinished attempt twice ends the task', () => {
    expect(requestsFor('T2').map((c) => c.attempt)).toEqual([1, 2]);
    expect(todo).toContain('Reason: stuck: the same failure twice in a row (the implementer stopped: the model returned an empty reply)');
  });

  it('a 400 is not retried: one request, the vendor\'s message in the reason', () => {
    expect(requestsFor('T3')).toHaveLength(1);
    expect(todo).toContain('Reason: error: openai rejected the request for gpt-5-mini (400): messages[1].content is not allowed here');
  });

  it('a rate limit that never lifts: the retry policy\'s attempts, then a clear failure', () => {
    expect(requestsFor('T4')).toHaveLength(MODEL_CALL_ATTEMPTS);
    expect(todo).toContain('Reason: error: openai rate-limited model gpt-5-mini (429): slow down');
  });

  it('rolled every task back and asked the reviewer nothing', async () => {
    expect(await repo.git('status', '--porcelain')).toBe('');
    const log = (await repo.git('log', '--format=%s', 'main..HEAD')).split('\n');
    expect(log.filter((subject) => !/^T\d: failed — /.test(subject) && !/^Add the plan/.test(subject))).toEqual([]);
    expect(conversations(fakes.reviewer.requests)).toHaveLength(0);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });
});
