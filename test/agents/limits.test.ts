/**
 * Tandem's limits stop an agent within the turn that crossed them: codex by the
 * step limit (its tool calls) and by the token limit (its per-call usage, read
 * from its rollout file while the turn runs), Claude Code by the token limit
 * (its per-message usage). The model is asked at most once more after that, and
 * the attempt fails saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { claudeScript, codexScript, turnOf, agentTandemHome } from '../support/agent-scripts.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { startFakeOpenAI, type FakeServer } from '../fakes/index.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const MANY = { commands: ['echo 1 >> a.txt', 'echo 2 >> a.txt', 'echo 3 >> a.txt', 'echo 4 >> a.txt', 'echo 5 >> a.txt'], summary: 'Done.' };
const home = agentTandemHome();

describe('limits stop an agent', () => {
  let fakes: Fakes;
  let codexRun: CliResult;
  let claudeRun: CliResult;
  let codexTokensRun: CliResult;
  let codexTokens: FakeServer;

  beforeAll(async () => {
    fakes = await startFakes(codexScript((turn) => (turn.taskId ? MANY : undefined)), claudeScript((turn) => (turn.taskId ? MANY : undefined)));
    const codexRepo = await greekRepo({ plan: greekPlanBefore('T2'), config: 'models:\n  implementer: agent:codex/gpt-5.4\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n  maxSteps: 2\n' });
    codexRun = await runCli(['run', '--task-queue', uniqueTaskQueue('agent-steps')], { cwd: codexRepo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 120_000 });
    const claudeRepo = await greekRepo({ plan: greekPlanBefore('T2'), config: 'models:\n  implementer: agent:claude-code/claude-sonnet-5-5\n  reviewers: [openai:gpt-5.4]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n  maxTokensPerAttempt: 1000\n' });
    claudeRun = await runCli(['run', '--task-queue', uniqueTaskQueue('agent-tokens')], { cwd: claudeRepo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 120_000 });
    // Each model call bills 1,010 tokens: the third crosses 2,500, long before codex's turn ends.
    const codex = codexScript((turn) => (turn.taskId ? MANY : undefined));
    codexTokens = await startFakeOpenAI({ script: async (request, index) => {
      const reply = await codex(request, index);
      return reply && { ...reply, usage: { inputTokens: 1000, outputTokens: 10 } };
    } });
    const tokensRepo = await greekRepo({ plan: greekPlanBefore('T2'), config: 'models:\n  implementer: agent:codex/gpt-5.4\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n  maxTokensPerAttempt: 2500\n' });
    codexTokensRun = await runCli(['run', '--task-queue', uniqueTaskQueue('agent-codex-tokens')], { cwd: tokensRepo.root, env: { ...fakes.env, OPENAI_BASE_URL: codexTokens.url, TANDEM_HOME: home }, timeoutMs: 120_000 });
  }, 380_000);

  afterAll(async () => {
    await fakes?.close();
    await codexTokens?.close();
  });

  it('codex is stopped at its third tool call by maxSteps: 2, and asked nothing after', () => {
    expect(codexRun.exitCode, codexRun.stdout + codexRun.stderr).toBe(1);
    expect(codexRun.stdout + codexRun.stderr).toContain('step limit reached (2 steps) before the agent finished');
    const turns = fakes.implementer.requests.filter((r) => r.path.endsWith('/responses')).map((r) => turnOf(r).calls);
    // Turns 0, 1 and 2 each asked for a command; the third command was the one too many.
    expect(Math.max(...turns)).toBeLessThanOrEqual(2);
  });

  it('codex is stopped by the token limit within one model call, before its turn reports usage', () => {
    expect(codexTokensRun.exitCode, codexTokensRun.stdout + codexTokensRun.stderr).toBe(1);
    expect(codexTokensRun.stdout + codexTokensRun.stderr).toContain('token limit reached (3030 ≥ 2500) before the agent finished');
    const calls = codexTokens.requests.filter((r) => r.path.endsWith('/responses'));
    // Three calls crossed the limit; codex may have sent a fourth before the stop landed, never more.
    expect(calls.length).toBeGreaterThanOrEqual(3);
    expect(calls.length).toBeLessThanOrEqual(4);
  });

  it('Claude Code is stopped by the token limit after its first model turn', () => {
    expect(claudeRun.exitCode, claudeRun.stdout + claudeRun.stderr).toBe(1);
    expect(claudeRun.stdout + claudeRun.stderr).toMatch(/token limit reached \(\d+ ≥ 1000\) before the agent finished/);
    const turns = fakes.reviewer.requests.filter((r) => (r.body?.tools ?? []).some((t: any) => t.name === 'Bash')).map((r) => turnOf(r).calls);
    expect(turns).toEqual([0]);
  });
});
