/**
 * The real Claude Code as the implementer (inside Tandem's bubblewrap sandbox),
 * pointed at the Anthropic fake, and the real Codex CLI as a read-only reviewer
 * pointed at the OpenAI fake. T1 is approved and committed as one commit even
 * though Claude Code committed it itself; T2 keeps failing its Verify command
 * and is rolled back. A command that writes outside the workspace cannot.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { claudeScript, codexScript, agentTandemHome } from '../support/agent-scripts.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { APPROVE } from '../support/scripted-agents.js';

const PLAN = `# Plan: Two files

- [ ] T1: Write alpha
  - Details: Create a.txt containing alpha.
  - Acceptance:
    - a.txt contains exactly "alpha"
  - Verify: \`grep -qx alpha a.txt\`
  - Depends on: none
- [ ] T2: Write beta
  - Details: Create b.txt containing beta.
  - Acceptance:
    - b.txt contains exactly "beta"
  - Verify: \`grep -qx beta b.txt\`
  - Depends on: T1
`;
const CONFIG = 'models:\n  implementer: { agent: claude-code, model: claude-sonnet-5-5 }\n  reviewers: [{ agent: codex, model: gpt-5.4 }]\ntest: test -f README.md\nrun:\n  maxAttempts: 2\n';

describe('claude-code implements, codex reviews', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;
  const home = agentTandemHome();
  const outside = join(agentTandemHome('tandem-outside-'), 'escaped.txt');

  beforeAll(async () => {
    repo = await greekRepo({ plan: PLAN, config: CONFIG });
    fakes = await startFakes(
      // The OpenAI fake plays codex's model: it reads the diff and answers the verdict JSON.
      codexScript((turn) => (turn.text.includes('review_verdict') || turn.text.includes('verdict') ? { commands: ['git diff --stat HEAD'], summary: JSON.stringify(APPROVE) } : undefined)),
      claudeScript((turn) => {
        if (turn.taskId === 'T1') return { commands: ['echo alpha > a.txt', 'git add a.txt && git -c user.name=c -c user.email=c@c commit -qm mine', `echo escaped > ${outside}`], summary: 'Wrote a.txt.' };
        if (turn.taskId === 'T2') return { commands: ['echo gamma > b.txt'], summary: 'Wrote b.txt.' };
        return undefined;
      }),
    );
    run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('claude')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 240_000 });
  }, 260_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits T1 once and rolls T2 back', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toMatch(/^T2: .*\nT1: Write alpha$/);
    expect(await repo.git('show', 'HEAD~1:a.txt')).toBe('alpha');
    expect(await repo.git('ls-files', 'b.txt')).toBe('');
    expect(await repo.git('status', '--porcelain')).toBe('');
  });

  it("the agent's command could not write outside the workspace, nor commit", async () => {
    expect(existsSync(outside)).toBe(false);
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    expect(logs.stdout).toMatch(/agent · agent:claude-code\/claude-sonnet-5-5 · session [0-9a-f-]{36}/);
    // Inside the sandbox .git is read-only and nothing outside the workspace is even there.
    expect(logs.stdout).toMatch(/→ \$ git add a\.txt.*\n\s+✗ .*index\.lock': Read-only file system/);
    expect(logs.stdout).toMatch(/→ \$ echo escaped > \S+escaped\.txt\n\s+✗ .*(No such file or directory|Read-only file system)/);
  });

  it('codex reviewed read-only, saw the task, and its verdict was taken', async () => {
    const review = fakes.implementer.requests.find((r) => r.path.endsWith('/responses'));
    expect(JSON.stringify(review?.body)).toContain('a.txt contains exactly');
    expect(JSON.stringify(review?.body)).toContain('read-only');
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    expect(logs.stdout).toContain('agent:codex/gpt-5.4 · approve');
  });
});
