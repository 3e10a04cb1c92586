/**
 * Model faults a run recovers from, through one real `tandem run`: each task's
 * implementer meets one fault (429 with Retry-After, 500s, a hang, a malformed
 * body, an unknown tool, arguments failing the schema, an empty reply, a stream
 * that stalls mid-answer) and the
 * run still commits every task. The fake's clock shows each retry waited as
 * long as it should, and its request count shows nothing looped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeReply, ScriptFn } from '../fakes/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation, type Conversation } from '../support/conversation.js';
import { conversations, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from '../run/fixtures.js';

const RETRY_AFTER_SECONDS = 5;
/** TANDEM_MODEL_TIMEOUT_SECONDS for this run: a hung request is abandoned after this long. */
const MODEL_TIMEOUT_SECONDS = 3;
/** TANDEM_MODEL_STALL_SECONDS for this run: a stream silent this long is abandoned. */
const MODEL_STALL_SECONDS = 2;
/** Temporal's first two backoff intervals for model calls (workflows/activity-profiles.ts). */
const BACKOFF_MS = [2000, 4000];

interface FaultCase {
  title: string;
  /** The reply for the task's n-th request (1-based), or undefined to answer normally. */
  transport?: (n: number) => FakeReply | undefined;
  /** A bad tool call sent at step 1 instead of the first write. */
  badCall?: FakeReply;
  /** The whole first attempt is one empty reply. */
  emptyFirstAttempt?: boolean;
}

const CASES: Record<string, FaultCase> = {
  T1: {
    title: 'Survive a 429 with Retry-After',
    transport: (n) => (n === 1 ? { error: { status: 429, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } } } : undefined),
  },
  T2: { title: 'Survive two 500s', transport: (n) => (n <= 2 ? { error: { status: 500, message: 'upstream exploded' } } : undefined) },
  T3: { title: 'Survive a hanging reply', transport: (n) => (n === 1 ? { hang: true } : undefined) },
  T4: { title: 'Survive a malformed body', transport: (n) => (n === 1 ? { rawBody: '{"id": "chatcmpl-broken", "choices": [' } : undefined) },
  T5: { title: 'Survive an unknown tool', badCall: { toolCalls: [{ name: 'delete_everything', arguments: { path: '/' } }] } },
  T6: { title: 'Survive bad tool arguments', badCall: { toolCalls: [{ name: 'write_file', arguments: { path: 'f6.txt', content: 42 } }] } },
  T7: { title: 'Survive an empty reply', emptyFirstAttempt: true },
  T8: {
    title: 'Survive a stalled stream',
    transport: (n) => (n === 1 ? { toolCalls: [{ name: 'write_file', arguments: { path: 'f8.txt', content: 'partial' } }], stream: { stallAfterEvents: 4 } } : undefined),
  },
};

const TASK_IDS = Object.keys(CASES);
const fileOf = (taskId: string) => `f${taskId.slice(1)}.txt`;
const wordOf = (taskId: string) => `word-${taskId.toLowerCase()}`;

const PLAN = `# Plan: Model faults\n\n${TASK_IDS.map(
  (id) => `- [ ] ${id}: ${CASES[id]!.title}
  - Details: Create ${fileOf(id)} containing ${wordOf(id)}.
  - Acceptance:
    - ${fileOf(id)} contains exactly "${wordOf(id)}"
  - Verify: \`grep -qx ${wordOf(id)} ${fileOf(id)}\`
  - Depends on: none
`,
).join('')}`;

interface Seen {
  conversation: Conversation;
  at: number;
  /** What the fake did with it. */
  reply: string;
}

/**
 * The implementer: for each task, the fault of its case, then the normal
 * path (write the file, then finish). Records when each request arrived.
 */
function faultyImplementer(seen: Seen[]): ScriptFn {
  const counts = new Map<string, number>();
  return (request) => {
    const conversation = readConversation(request);
    const taskId = conversation.taskId;
    if (conversation.structured || !taskId || !CASES[taskId]) return undefined;
    const n = (counts.get(taskId) ?? 0) + 1;
    counts.set(taskId, n);
    const fault = CASES[taskId]!;
    const reply = replyFor(fault, conversation, n, taskId);
    seen.push({ conversation, at: Date.now(), reply: label(reply) });
    return reply;
  };
}

function replyFor(fault: FaultCase, c: Conversation, n: number, taskId: string): FakeReply {
  const broken = fault.transport?.(n);
  if (broken) return broken;
  if (fault.emptyFirstAttempt && c.attempt === 1) return { text: '' };
  const firstWriteStep = fault.badCall ? 2 : 1;
  if (fault.badCall && c.step === 1) return fault.badCall;
  if (c.step === firstWriteStep) return { toolCalls: [{ name: 'write_file', arguments: { path: fileOf(taskId), content: `${wordOf(taskId)}\n` } }] };
  return { toolCalls: [{ name: 'finish', arguments: { summary: `wrote ${fileOf(taskId)}` } }] };
}

function label(reply: FakeReply): string {
  if (reply.error) return `error ${reply.error.status}`;
  if (reply.hang) return 'hang';
  if (reply.stream?.stallAfterEvents !== undefined) return 'stall';
  if (reply.rawBody !== undefined) return 'malformed';
  if (reply.toolCalls?.length) return reply.toolCalls.map((call) => call.name).join(',');
  return 'empty';
}

describe('model faults a run recovers from', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let seen: Seen[];
  let result: CliResult;
  const of = (taskId: string) => seen.filter((s) => s.conversation.taskId === taskId);
  const gaps = (taskId: string) => of(taskId).map((s, i, all) => (i === 0 ? 0 : s.at - all[i - 1]!.at)).slice(1);

  beforeAll(async () => {
    repo = await greekRepo({ plan: PLAN, config: tandemYaml(), name: 'model-faults' });
    seen = [];
    fakes = await startFakes(faultyImplementer(seen), reviewerScript());
    result = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', uniqueTaskQueue('model-faults')], {
      cwd: repo.root,
      env: { ...fakes.env, TANDEM_MODEL_TIMEOUT_SECONDS: String(MODEL_TIMEOUT_SECONDS), TANDEM_MODEL_STALL_SECONDS: String(MODEL_STALL_SECONDS) },
      timeoutMs: 150_000,
    });
  }, 170_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('completes the run with one commit per task', async () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Run completed: 8 committed/);
    const log = await repo.git('log', '--format=%s', 'main..HEAD');
    expect(log.split('\n').reverse()).toEqual(TASK_IDS.map((id) => `${id}: ${CASES[id]!.title}`));
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it('429: the retry came no earlier than Retry-After said', () => {
    expect(of('T1').map((s) => s.reply)).toEqual(['error 429', 'write_file', 'finish']);
    expect(gaps('T1')[0]).toBeGreaterThanOrEqual(RETRY_AFTER_SECONDS * 1000);
  });

  it('500: retried with a growing backoff', () => {
    expect(of('T2').map((s) => s.reply)).toEqual(['error 500', 'error 500', 'write_file', 'finish']);
    const [first, second] = gaps('T2');
    expect(first).toBeGreaterThanOrEqual(BACKOFF_MS[0]!);
    expect(second).toBeGreaterThanOrEqual(BACKOFF_MS[1]!);
  });

  it('a hanging reply is abandoned after the model timeout and retried', () => {
    expect(of('T3').map((s) => s.reply)).toEqual(['hang', 'write_file', 'finish']);
    const [gap] = gaps('T3');
    // The timeout starts when the request is sent, before the fake sees it, and the server's retry timer
    // may fire a little early under load (4,938 ms once on a busy 2-CPU machine): a 200 ms slack still
    // tells a retry that waited for both from one that skipped either.
    expect(gap).toBeGreaterThanOrEqual(MODEL_TIMEOUT_SECONDS * 1000 + BACKOFF_MS[0]! - 200);
    expect(gap).toBeLessThan(30_000);
  });

  it('a malformed body is retried', () => {
    expect(of('T4').map((s) => s.reply)).toEqual(['malformed', 'write_file', 'finish']);
    expect(gaps('T4')[0]).toBeGreaterThanOrEqual(BACKOFF_MS[0]!);
  });

  it('an unknown tool is answered with the list of tools, and the model carries on', () => {
    expect(of('T5').map((s) => s.reply)).toEqual(['delete_everything', 'write_file', 'finish']);
    expect(of('T5')[1]!.conversation.lastToolResult).toContain('Unknown tool "delete_everything". The tools are: read_file, write_file');
  });

  it('arguments failing the schema are answered with the field to fix', () => {
    expect(of('T6').map((s) => s.reply)).toEqual(['write_file', 'write_file', 'finish']);
    expect(of('T6')[1]!.conversation.lastToolResult).toContain('Invalid arguments for write_file: content: expected string, received number');
  });

  it('an empty reply ends the attempt unfinished, and the next attempt is told so', () => {
    expect(of('T7').map((s) => [s.conversation.attempt, s.reply])).toEqual([
      [1, 'empty'],
      [2, 'write_file'],
      [2, 'finish'],
    ]);
    expect(of('T7')[1]!.conversation.firstUser).toContain('You did not finish: the model returned an empty reply');
    expect(result.stdout).toMatch(/T7 .* after 2 attempts/);
  });

  it('a stalled stream is abandoned after the stall limit and retried once; its partial tool call never ran', async () => {
    expect(of('T8').map((s) => s.reply)).toEqual(['stall', 'write_file', 'finish']);
    const [gap] = gaps('T8');
    expect(gap).toBeGreaterThanOrEqual(MODEL_STALL_SECONDS * 1000 + BACKOFF_MS[0]!);
    expect(gap).toBeLessThan(30_000);
    // The retry starts the same step again: no result of the half-streamed call was ever fed back.
    expect(of('T8')[1]!.conversation.step).toBe(1);
    expect(of('T8')[1]!.conversation.lastToolResult).toBeUndefined();
    expect(await repo.git('show', 'HEAD:f8.txt')).toBe('word-t8');
  });

  it('sent a bounded number of requests: exactly the faults plus the normal path', () => {
    const posts = conversations(fakes.implementer.requests);
    expect(posts).toHaveLength(seen.length);
    expect(TASK_IDS.map((id) => of(id).length)).toEqual([3, 4, 3, 3, 3, 3, 3, 3]);
    expect(conversations(fakes.reviewer.requests)).toHaveLength(8);
    fakes.implementer.assertClean();
    fakes.reviewer.assertClean();
  });
});
