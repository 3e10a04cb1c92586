/**
 * Durability of an agent session: the worker is SIGKILLed while codex waits for
 * its second model turn. The next worker stops what is left of the old codex,
 * resumes the same codex thread (`codex exec resume`), and the run commits the
 * task once. At the fake, only the turn in flight at the kill is asked again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAndRerun, runCli, type CliResult } from '../support/cli.js';
import { codexScript, turnOf, agentTandemHome } from '../support/agent-scripts.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { CODEX_CONFIG, ONE_TASK_PLAN, heldWithSessionJournaled, holdTurn } from './fixtures.js';

describe('a worker killed during a codex session', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let first: CliResult;
  let second: CliResult;
  const home = agentTandemHome();
  let release: () => void = () => undefined;

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK_PLAN, config: CODEX_CONFIG });
    // The second turn (after the command ran) is held the first time, so the kill lands mid-session.
    const held = holdTurn(codexScript((turn) => (turn.taskId === 'T1' ? { commands: ['echo alpha > a.txt'], summary: 'Wrote a.txt.' } : undefined)), { once: true });
    release = held.release;
    fakes = await startFakes(held.script, reviewerScript());
    const args = ['run', '--in-checkout', '--task-queue', uniqueTaskQueue('agent-kill')];
    const env = { ...fakes.env, TANDEM_HOME: home };
    // Released once killed (its caller is dead); the retried turn is not held.
    ({ killed: first, rerun: second } = await killAndRerun(args, { cwd: repo.root, env, timeoutMs: 150_000 }, () => heldWithSessionJournaled(held, home), release));
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
    expect(logs.stdout).toMatch(/agent · agent:codex\/gpt-5\.4 · session [0-9a-f-]{36} · .* · resumed 1×/);
  });

  it('paid again only for the turn in flight: the first turn was asked once, on the same thread', () => {
    const turns = fakes.implementer.requests.filter((r) => r.path.endsWith('/responses'));
    expect(turns.filter((r) => turnOf(r).calls === 0)).toHaveLength(1);
    // The held turn, then the same turn again after the resume (with Tandem's note to carry on).
    expect(turns.filter((r) => turnOf(r).calls === 1)).toHaveLength(2);
    expect(JSON.stringify(turns.at(-1)?.body)).toContain('Tandem restarted while you were working');
    const threads = new Set(turns.map((r) => r.body?.prompt_cache_key));
    expect(threads.size).toBe(1);
  });
});
