/**
 * The real Codex CLI as the implementer, pointed at the OpenAI fake: it edits
 * the file through its own exec_command tool; Tandem runs the tests, an
 * Anthropic reviewer asks for a change once, and the fixed version is
 * committed as one commit. `tandem logs` shows the agent's steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { APPROVE, reviewerScript } from '../support/scripted-agents.js';
import { codexScript, agentTandemHome } from '../support/agent-scripts.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const ONE_TASK = `# Plan: Shout

- [ ] T1: Write a greeting
  - Details: Create hello.txt with a greeting.
  - Acceptance:
    - hello.txt greets the world in capitals
  - Verify: \`grep -q WORLD hello.txt\`
  - Depends on: none
`;
/** A line of the repository's AGENTS.md: codex must read it itself and pass it to its model. */
const HOUSE_RULE = 'House rule 7: greetings are written in capitals.';
const BLOCKER = 'Add an exclamation mark: HELLO WORLD!';
const CONFIG = 'models:\n  implementer: { agent: codex, model: gpt-5.4 }\n  reviewers: [anthropic:claude-haiku-4-5]\ntest: test -f README.md\n';

describe('codex as the implementer', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;
  // Outside /tmp: Codex's own sandbox (with `sandbox: none`) needs its home there.
  const home = agentTandemHome();

  beforeAll(async () => {
    repo = await greekRepo({ plan: ONE_TASK, config: CONFIG, files: { 'AGENTS.md': `# Agents\n\n${HOUSE_RULE}\n` } });
    fakes = await startFakes(
      codexScript((turn) =>
        turn.taskId === 'T1'
          ? {
              // Attempt 1 also ticks a task in the plan file, which is Tandem's alone.
              commands: turn.attempt === 1 ? ['printf "HELLO WORLD\\n" > hello.txt', 'echo "- [x] T9: Sneaked in" >> TODO.md'] : ['printf "HELLO WORLD!\\n" > hello.txt'],
              summary: `Wrote hello.txt (attempt ${turn.attempt}).`,
            }
          : undefined,
      ),
      reviewerScript((c) => (c.text.includes('+HELLO WORLD!') ? APPROVE : { verdict: 'request_changes', summary: 'Not loud enough.', comments: [{ severity: 'blocker', body: BLOCKER, file: 'hello.txt' }] })),
    );
    run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('codex')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: home }, timeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits the reviewed version once, with the files codex wrote', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T1: Write a greeting');
    expect(await repo.git('show', 'HEAD:hello.txt')).toBe('HELLO WORLD!');
    expect(await repo.git('status', '--porcelain')).toBe('');
    expect(await repo.git('show', 'HEAD:TODO.md')).not.toContain('T9');
  });

  it("counts codex's own usage in the task's spend", async () => {
    const status = JSON.parse((await runCli(['status', '--json'], { cwd: repo.root, env: { TANDEM_HOME: home } })).stdout);
    const codexInput = fakes.implementer.requests.filter((r) => r.path.endsWith('/responses')).reduce((sum, r) => sum + Math.ceil(r.rawBody.length / 4), 0);
    // The fake bills about a token per four bytes of each request; the reviews add a little.
    expect(status.status.spend.inputTokens).toBeGreaterThanOrEqual(codexInput);
  });

  it("codex got the task and, on the retry, the reviewer's comment; it ran through Tandem's provider config", () => {
    const first = fakes.implementer.requests.find((r) => r.path.endsWith('/responses'));
    expect(JSON.stringify(first?.body)).toContain('hello.txt greets the world in capitals');
    const retry = fakes.implementer.requests.find((r) => JSON.stringify(r.body).includes('This is attempt 2'));
    expect(JSON.stringify(retry?.body)).toContain(BLOCKER);
    expect(first?.headers.authorization).toBe(`Bearer ${fakes.env.OPENAI_API_KEY}`);
    expect(first?.body.model).toBe('gpt-5.4');
    // The repository's AGENTS.md reached the model: Tandem's own CODEX_HOME does not hide it.
    expect(first?.rawBody).toContain(HOUSE_RULE);
  });

  it('tandem logs shows the agent session: its commands and its last words', async () => {
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { TANDEM_HOME: home } });
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/agent · agent:codex\/gpt-5\.4 · session [0-9a-f-]{36} · \d+(\.\d)?k tok/);
    expect(logs.stdout).toMatch(/→ \$ \S*printf .*HELLO WORLD!.*hello\.txt/);
    expect(logs.stdout).toContain('done: Wrote hello.txt (attempt 2).');
    expect(logs.stdout).toContain("git: put back TODO.md (Tandem's plan file), which the agent changed");
  });
});
