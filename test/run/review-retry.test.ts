/**
 * Cross-review drives retries: a reviewer's `request_changes` with a blocker
 * sends the task back to the implementer, and the retry's prompt carries the
 * comment. Also: `tandem status` and the Temporal UI's data show what
 * happened without opening payloads.
 */
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { APPROVE, conversations, implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { testTemporalAddress, uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from './fixtures.js';

const ONE_TASK = `# Plan: Shout

- [ ] T1: Write a greeting
  - Details: Create hello.txt with a greeting.
  - Acceptance:
    - hello.txt greets the world in capitals
  - Depends on: none
`;
const BLOCKER = 'The greeting must be in capitals: HELLO WORLD.';

describe('a reviewer requests changes with a blocker', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;
  let workflowId: string;

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK });
    fakes = await startFakes(
      implementerScript((_taskId, attempt) => [{ path: 'hello.txt', content: attempt === 1 ? 'hello world\n' : 'HELLO WORLD\n' }]),
      reviewerScript((c) =>
        c.text.includes('+hello world')
          ? { verdict: 'request_changes', summary: 'Not shouting.', comments: [{ severity: 'blocker', body: BLOCKER, file: 'hello.txt' }] }
          : APPROVE,
      ),
    );
    run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('review')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    workflowId = /Started (\S+)/.exec(run.stdout)?.[1] ?? '';
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('retries and commits the fixed version once', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write a greeting');
    expect(await repo.git('show', 'HEAD:hello.txt')).toBe('HELLO WORLD');
  });

  it("puts the reviewer's comment in the retry's prompt", () => {
    const retry = conversations(fakes.implementer.requests).find((c) => c.attempt === 2 && c.step === 1);
    expect(retry?.firstUser).toContain(BLOCKER);
    expect(retry?.firstUser).toContain('[blocker] hello.txt');
  });

  it('the review saw the diff and the test results', () => {
    const [first] = conversations(fakes.reviewer.requests);
    expect(first?.text).toContain('+hello world');
    expect(first?.text).toContain('test -f README.md');
  });

  it('tandem status shows each task with its state, attempts, tokens and cost', async () => {
    const status = await runCli(['status'], { cwd: repo.root });
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toContain(workflowId);
    expect(status.stdout).toMatch(/T1 Write a greeting\s*│\s*committed\s*│\s*2/);
    expect(status.stdout).toMatch(/tok · \$0\.\d{4}/);

    const json = await runCli(['status', '--json'], { cwd: repo.root });
    const parsed = JSON.parse(json.stdout);
    expect(parsed.status.tasks[0]).toMatchObject({ id: 'T1', state: 'committed', attempts: 2 });
    expect(parsed.status.spend.inputTokens).toBeGreaterThan(0);
  });

  it('the Temporal UI data carries readable summaries for workflows and activities', async () => {
    const describe = await temporal(['workflow', 'describe', '--workflow-id', `${workflowId}/T1`, '--output', 'json']);
    expect(JSON.stringify(describe)).toContain('T1: Write a greeting');
    const history = await temporal(['workflow', 'show', '--workflow-id', `${workflowId}/T1`, '--output', 'json']);
    const summaries = activitySummaries(history);
    expect(summaries).toContain('T1 attempt 1 · step 1 · openai:gpt-5-mini');
    expect(summaries).toContain('T1 attempt 1 · step 1 · write_file hello.txt');
    expect(summaries).toContain('T1 attempt 2 · review by anthropic:claude-haiku-4-5');
    expect(summaries.some((s) => s.startsWith('T1 attempt 2 · commit'))).toBe(true);
  });
});

async function temporal(args: string[]): Promise<any> {
  const { stdout } = await execa('temporal', [...args, '--address', testTemporalAddress()]);
  return JSON.parse(stdout);
}

/** The `summary` user metadata of every ActivityTaskScheduled event, decoded from its JSON payload. */
function activitySummaries(history: any): string[] {
  return (history.events ?? [])
    .map((event: any) => event.userMetadata?.summary)
    .filter(Boolean)
    .map((payload: any) => JSON.parse(Buffer.from(payload.data, 'base64').toString('utf8')) as string);
}
