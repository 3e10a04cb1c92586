/**
 * Durability of a Claude Code session: the worker is SIGKILLed while Claude
 * Code waits for its second model turn. The next worker stops what is left of
 * the old agent, resumes the same session (`claude --resume`), and the run
 * commits the task once. At the fake, only the turn in flight at the kill is
 * asked again, and the session's spend counts both of its runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateTokens } from '../fakes/script.js';
import { killAndRerun, runCli, type CliResult } from '../support/cli.js';
import { claudeScript, turnOf, agentTandemHome } from '../support/agent-scripts.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { CLAUDE_CONFIG, ONE_TASK_PLAN, heldWithClaudeTranscript, holdTurn, isAgentTurn, readJournalJson } from './fixtures.js';

describe('a worker killed during a Claude Code session', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  const home = agentTandemHome();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK_PLAN, config: CLAUDE_CONFIG });
    const held = holdTurn(claudeScript((turn) => (turn.taskId === 'T1' ? { commands: ['echo alpha > a.txt'], summary: 'Wrote a.txt.' } : undefined)), { once: true });
    release = held.release;
    fakes = await startFakes(reviewerScript(), held.script);
    const args = ['run', '--in-checkout', '--task-queue', uniqueTaskQueue('claude-kill')];
    const env = { ...fakes.env, TANDEM_HOME: home };
    // Killed mid-session: the second turn held, the session id journaled.
    // Released once killed (its caller is dead); the retried turn is not held.
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env, timeoutMs: 150_000 }, () => heldWithClaudeTranscript(held, home), release));
  }, 300_000);

  afterAll(async () => {
    release();
    await fakes?.close();
  });

  it('the rerun resumed the session and committed the task once', async () => {
    expect(first.exitCode).not.toBe(0);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write alpha');
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    expect(logs.stdout).toMatch(/agent · agent:claude-code\/claude-sonnet-5-5 · session [0-9a-f-]{36} · .* · resumed 1×/);
  });

  it('paid again only for the turn in flight: the first turn was asked once, in the same conversation', () => {
    const turns = fakes.reviewer.requests.filter(isAgentTurn);
    expect(turns.filter((r) => turnOf(r).calls === 0)).toHaveLength(1);
    // The held turn, then the same turn again after the resume (with Tandem's note to carry on).
    expect(turns.filter((r) => turnOf(r).calls === 1)).toHaveLength(2);
    const resumed = JSON.stringify(turns.at(-1)?.body);
    expect(resumed).toContain('Tandem restarted while you were working');
    // The resumed turn carries the first turn's command and its output: the same conversation.
    expect(resumed).toContain('echo alpha > a.txt');
  });

  it("the session's tokens count the turn before the kill and the turn after the resume", () => {
    const turns = fakes.reviewer.requests.filter(isAgentTurn);
    const answered = [turns.find((r) => turnOf(r).calls === 0)!, turns.at(-1)!];
    const result = readJournalJson(home, 'agent-result.json');
    // Claude Code's own totals (its `result`) cover only the resumed process: the first run's turn is added.
    expect(result.spend.inputTokens).toBe(answered.reduce((sum, r) => sum + estimateTokens(r.rawBody), 0));
  });
});
