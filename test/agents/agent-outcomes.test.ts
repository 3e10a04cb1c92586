/**
 * How the real agent CLIs' sessions end, judged as Tandem's own loop judges
 * its model: an agent that changed nothing and ended with a question (after
 * trying its own ask-the-user tool, which a headless run does not offer) has
 * failed the attempt, with its words in the retry's feedback and in `tandem
 * logs`; an agent that changed nothing and says why (the work is already
 * there) has finished. And the agents' own edit tools (Claude Code's
 * Write/Edit under Tandem's permission mode, Codex's apply_patch) change the
 * files Tandem then tests and commits, and the session's files are counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentTandemHome, claudeScript, codexApplyPatch, codexScript, turnOf, type AgentTurn } from '../support/agent-scripts.js';
import { runCli } from '../support/cli.js';
import { firstOf, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const CLAUDE = 'models:\n  implementer: { agent: claude-code, model: claude-sonnet-5-5 }\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\nrun:\n  maxAttempts: 2\n';
const CODEX = 'models:\n  implementer: agent:codex/gpt-5.4\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n';

function plan(title: string, verify: string): string {
  return `# Plan: One\n\n- [ ] T1: ${title}\n  - Details: Make a.txt say alpha.\n  - Acceptance:\n    - ${verify} passes\n  - Verify: \`${verify}\`\n  - Depends on: none\n`;
}

const CLAUDE_QUESTION = 'Which file should I write alpha to: a.txt or alpha.txt?';
const CODEX_QUESTION = 'Should I create a.txt, or would you rather keep alpha in README.md?';

describe('how agent sessions end', () => {
  let fakes: Fakes;
  const home = agentTandemHome();
  /** The repo of the test running now: the edit-tool scripts name files by absolute path, as the agents do. */
  let root = '';
  const is = (turn: AgentTurn, title: string) => turn.text.includes(title);

  beforeAll(async () => {
    const claude = claudeScript((turn) => {
      if (is(turn, 'Ask first')) return { commands: [{ tool: 'AskUserQuestion', input: { questions: [{ question: 'Which file?', header: 'File', multiSelect: false, options: [{ label: 'a.txt', description: 'a new file' }, { label: 'alpha.txt', description: 'another' }] }] } }], summary: CLAUDE_QUESTION };
      if (is(turn, 'Write with tools')) {
        return {
          commands: [
            { tool: 'Write', input: { file_path: `${root}/b.txt`, content: 'beta\n' } },
            { tool: 'Read', input: { file_path: `${root}/a.txt` } },
            { tool: 'Edit', input: { file_path: `${root}/a.txt`, old_string: 'one', new_string: 'alpha' } },
          ],
          summary: 'Wrote b.txt and changed a.txt to alpha.',
        };
      }
      return undefined;
    });
    const codex = codexScript((turn) => {
      if (is(turn, 'Ask first')) return { commands: [{ tool: 'request_user_input', input: { questions: [{ id: 'file', header: 'File', question: 'Which file?', options: [] }] } }], summary: CODEX_QUESTION };
      if (is(turn, 'Already done')) return { commands: ['cat a.txt'], summary: 'a.txt already contains alpha, so nothing needed to change.' };
      if (is(turn, 'Write with tools')) return { commands: [codexApplyPatch('*** Add File: b.txt\n+beta'), codexApplyPatch('*** Update File: a.txt\n@@\n-one\n+alpha')], summary: 'Added b.txt and changed a.txt to alpha.' };
      return undefined;
    });
    fakes = await startFakes(codex, firstOf(claude, reviewerScript()));
  });

  afterAll(async () => {
    await fakes?.close();
  });

  async function run(repo: TestRepo, queue: string) {
    root = repo.root;
    const ran = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue(queue)], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    return { ran, logs: logs.stdout };
  }

  it('claude-code asks instead of changing anything: each attempt fails, the retry is told its question, and logs quote it', async () => {
    const repo = await greekRepo({ plan: plan('Ask first', 'grep -qx alpha a.txt'), config: CLAUDE });
    const { ran, logs } = await run(repo, 'agent-ask-claude');
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(1);
    expect(logs).toContain(`failed: claude-code changed no file and ended with a question nobody answers in a run`);
    expect(logs).toContain(`last words: ${CLAUDE_QUESTION}`);
    expect(logs).toMatch(/rolled back: .*ended with a question.*Which file should I write alpha to/);
    // The second attempt's task message carries the first one's question as feedback.
    const retry = fakes.reviewer.requests.map(turnOf).find((turn) => turn.attempt === 2 && is(turn, 'Ask first'));
    expect(retry?.text).toContain('ended with a question');
    expect(retry?.text).toContain(CLAUDE_QUESTION);
  }, 200_000);

  it('codex asks instead of changing anything: the attempt fails with its question in the logs', async () => {
    const repo = await greekRepo({ plan: plan('Ask first', 'grep -qx alpha a.txt'), config: CODEX });
    const { ran, logs } = await run(repo, 'agent-ask-codex');
    expect(ran.exitCode, ran.stdout + ran.stderr).toBe(1);
    expect(logs).toContain('failed: codex changed no file and ended with a question');
    expect(logs).toContain(`last words: ${CODEX_QUESTION}`);
  }, 200_000);

  it('codex changes nothing and says why (the work is already there): the attempt stands and the task is done', async () => {
    const repo = await greekRepo({ plan: plan('Already done', 'grep -qx alpha a.txt'), config: CODEX });
    await repo.write('a.txt', 'alpha\n');
    await repo.commitAll('alpha was already there');
    const { ran, logs } = await run(repo, 'agent-already-done');
    expect(ran.exitCode, ran.stdout + ran.stderr + logs).toBe(0);
    expect(logs).toContain('done: a.txt already contains alpha');
    expect(logs).not.toContain('changed no file');
  }, 200_000);

  it("claude-code's Write and Edit change the files Tandem commits, and the session counts them", async () => {
    const repo = await greekRepo({ plan: plan('Write with tools', 'grep -qx alpha a.txt && grep -qx beta b.txt'), config: CLAUDE });
    await repo.write('a.txt', 'one\n');
    await repo.commitAll('a.txt says one');
    const { ran, logs } = await run(repo, 'agent-tools-claude');
    expect(ran.exitCode, ran.stdout + ran.stderr + logs).toBe(0);
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
    expect(await repo.git('show', 'HEAD:b.txt')).toBe('beta');
    expect(logs).toContain(`→ Write ${repo.root}/b.txt`);
    expect(logs).toContain(`→ Edit ${repo.root}/a.txt`);
    expect(logs).toMatch(/files changed: (a\.txt, b\.txt|b\.txt, a\.txt)$/m);
  }, 200_000);

  it("codex's apply_patch changes the files Tandem commits, and the session counts them", async () => {
    const repo = await greekRepo({ plan: plan('Write with tools', 'grep -qx alpha a.txt && grep -qx beta b.txt'), config: CODEX });
    await repo.write('a.txt', 'one\n');
    await repo.commitAll('a.txt says one');
    const { ran, logs } = await run(repo, 'agent-tools-codex');
    expect(ran.exitCode, ran.stdout + ran.stderr + logs).toBe(0);
    expect(await repo.git('show', 'HEAD:a.txt')).toBe('alpha');
    expect(await repo.git('show', 'HEAD:b.txt')).toBe('beta');
    expect(logs).toContain(`→ apply_patch add ${repo.root}/b.txt`);
    expect(logs).toContain(`→ apply_patch update ${repo.root}/a.txt`);
    expect(logs).toMatch(/files changed: (a\.txt, b\.txt|b\.txt, a\.txt)$/m);
  }, 200_000);
});
