/**
 * Bad input around external agents: an unknown agent (exit 2), a CLI that is
 * not there (exit 3, naming the package), and an agent that prints malformed
 * lines and exits non-zero: the attempt fails, its last words are in `tandem
 * logs`, and the run goes on by its policy (here: the task fails, exit 1).
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTandemHome } from '../support/agent-scripts.js';
import { runCli } from '../support/cli.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const STACK = /^\s+at \S|\.js:\d+/m;
const CODEX_CONFIG = 'models:\n  implementer: agent:codex/gpt-5.4\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n';

describe('bad input for agent roles', () => {
  let fakes: Fakes;
  const home = agentTandemHome();
  const fakeAgentDir = agentTandemHome('tandem-fake-agent-');

  beforeAll(async () => {
    fakes = await startFakes(() => undefined, reviewerScript());
  });

  afterAll(async () => {
    await fakes?.close();
  });

  it('an unknown agent is a usage error (exit 2) that names the known ones', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2') });
    const run = await runCli(['run', '--implementer', 'agent:cursor', '--reviewer', 'anthropic:claude-haiku-4-5'], { cwd: repo.root, env: fakes.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('[AGENT_UNKNOWN]');
    expect(run.stderr).toContain('known agents: codex, claude-code');
    expect(run.stderr).not.toMatch(STACK);
  });

  it('a missing agent CLI stops the run before it starts (exit 3) and names the package', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), config: CODEX_CONFIG });
    const run = await runCli(['run'], { cwd: repo.root, env: { ...fakes.env, TANDEM_CODEX_BIN: '/nonexistent/codex' } });
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('[AGENT_BINARY_MISSING]');
    expect(run.stderr).toContain('npm install @openai/codex');
    expect(run.stderr).not.toMatch(STACK);
    expect(await repo.git('log', '--format=%s', '-1')).not.toMatch(/^T1/);
  });

  it('an agent that prints malformed lines and exits non-zero fails the attempt with its last words in the logs', async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2'), config: CODEX_CONFIG });
    const agent = join(fakeAgentDir, 'codex');
    writeFileSync(agent, '#!/bin/sh\necho "Welcome to the agent!"\necho \'{"type":"thread.started","thread_id":"t-1"}\'\necho "quota exceeded: please upgrade your plan"\nexit 2\n');
    chmodSync(agent, 0o755);
    const run = await runCli(['run', '--task-queue', uniqueTaskQueue('agent-bad')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home, TANDEM_CODEX_BIN: agent }, timeoutMs: 120_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    expect(logs.stdout).toContain('failed: exit 2');
    expect(logs.stdout).toContain('last words: quota exceeded: please upgrade your plan');
    expect(logs.stdout).toContain('! not JSON: Welcome to the agent!');
    expect(logs.stdout).toMatch(/rolled back: .*codex exited with code 2: quota exceeded/);
  });
});
