/**
 * The restart path of a durable agent session: the worker is SIGKILLed while
 * Claude Code waits for its second model turn, and the agent's own session
 * files are then lost, so `claude --resume` cannot pick the session up. The
 * next worker puts the worktree back as it was when the session started (the
 * task's base) and runs the attempt again from its first turn. Its command
 * appends, so a worktree not put back would commit "alpha" twice. The lost
 * session was paid for, so the attempt's spend counts it too.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndRerun, type CliResult } from '../support/cli.js';
import { claudeScript, turnOf, agentTandemHome } from '../support/agent-scripts.js';
import { estimateTokens } from '../fakes/script.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { CLAUDE_CONFIG, ONE_TASK_PLAN, heldWithSessionJournaled, holdTurn, isAgentTurn, readJournalJson } from './fixtures.js';

/** Removes every `projects` directory (where Claude Code keeps its session transcripts) under `dir`. */
function removeClaudeSessions(dir: string): number {
  let removed = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    if (entry.name === 'projects' && dir.endsWith('claude-config')) {
      rmSync(path, { recursive: true, force: true });
      removed++;
    } else {
      removed += removeClaudeSessions(path);
    }
  }
  return removed;
}

describe('a killed agent session that cannot be resumed', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  let removed = 0;
  const home = agentTandemHome();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK_PLAN, config: CLAUDE_CONFIG });
    const held = holdTurn(claudeScript((turn) => (turn.taskId === 'T1' ? { commands: ['echo alpha >> a.txt'], summary: 'Wrote a.txt.' } : undefined)), { once: true });
    release = held.release;
    fakes = await startFakes(reviewerScript(), held.script);
    const args = ['run', '--in-checkout', '--task-queue', uniqueTaskQueue('agent-restart')];
    const env = { ...fakes.env, TANDEM_HOME: home };
    // Released once killed (its caller is dead); the retried turn is not held.
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env, timeoutMs: 150_000 }, () => heldWithSessionJournaled(held, home), () => {
      release();
      removed = removeClaudeSessions(join(home, 'agents'));
    }));
  }, 300_000);

  afterAll(async () => {
    release();
    await fakes?.close();
  });

  it('the rerun started the attempt over from the base and committed it once', async () => {
    expect(first.exitCode).not.toBe(0);
    expect(removed).toBe(1);
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write alpha');
    // The first session's append was undone before the second ran it again.
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
  });

  it('asked each turn twice (the lost session, then the restarted one), and the restart was a new session', () => {
    const turns = fakes.reviewer.requests.filter(isAgentTurn);
    expect(turns.filter((r) => turnOf(r).calls === 0)).toHaveLength(2);
    expect(turns.filter((r) => turnOf(r).calls === 1)).toHaveLength(2);
    expect(turns.filter((r) => turnOf(r).calls > 1)).toHaveLength(0);
    // The restarted session got the task again, not the note to carry on.
    expect(JSON.stringify(turns.at(-1)?.body)).not.toContain('Tandem restarted while you were working');
  });

  it("the attempt's spend counts the lost session's answered turn and the restarted session's", () => {
    const turns = fakes.reviewer.requests.filter(isAgentTurn);
    // Every turn was answered but the one held at the kill.
    const answered = turns.filter((r) => r !== turns.find((t) => turnOf(t).calls === 1));
    const result = readJournalJson(home, 'agent-result.json');
    expect(result.spend.inputTokens).toBe(answered.reduce((sum, r) => sum + estimateTokens(r.rawBody), 0));
  });
});
