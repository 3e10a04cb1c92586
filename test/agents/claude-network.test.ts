/**
 * A sandboxed Claude Code reaches its API only through Tandem's gateway: the
 * commands it runs see no key (a placeholder) and no network (the fake model's
 * own port, on the host's loopback, is out of reach), while every request the
 * model server gets carries the real key, added outside the sandbox. It still
 * reads the repository's CLAUDE.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../support/cli.js';
import { claudeScript, agentTandemHome } from '../support/agent-scripts.js';
import { TEST_ANTHROPIC_KEY } from '../support/model-fakes.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

const CONFIG = 'models:\n  implementer: { agent: claude-code, model: claude-sonnet-5-5 }\n  reviewers: [openai:gpt-5.4]\ntest: test -f README.md\nrun:\n  maxAttempts: 1\n';
/** A line of the repository's CLAUDE.md: Claude Code must read it itself, inside the sandbox. */
const HOUSE_RULE = 'House rule 7: every text file ends with exactly one newline.';
/** Prints `probe-reached <status>` or `probe-blocked <code>` for a GET of the URL given as its argument. */
const PROBE = `node -e "require('http').get(process.argv[1], (r) => console.log('probe-reached', r.statusCode)).on('error', (e) => console.log('probe-blocked', e.code))"`;

describe('a sandboxed Claude Code and its API', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;

  beforeAll(async () => {
    repo = await greekRepo({ plan: greekPlanBefore('T2'), config: CONFIG, files: { 'CLAUDE.md': `# House rules\n\n${HOUSE_RULE}\n` } });
    fakes = await startFakes(
      reviewerScript(),
      claudeScript((turn) =>
        turn.taskId === 'T1'
          ? { commands: ['echo alpha > a.txt', 'env | grep ^ANTHROPIC_ | sort', `${PROBE} ${fakes.reviewer.url}/v1/models`], summary: 'Wrote a.txt.' }
          : undefined,
      ),
    );
    run = await runCli(['run', '--task-queue', uniqueTaskQueue('claude-net')], { cwd: repo.root, env: { ...fakes.env, TANDEM_HOME: agentTandemHome() }, timeoutMs: 180_000 });
  }, 200_000);

  afterAll(async () => {
    await fakes?.close();
  });

  /** What the agent's commands printed, as Claude Code sent it back to its model. */
  const toolOutputs = (): string =>
    fakes.reviewer.requests
      .filter((request) => request.path.endsWith('/messages'))
      .flatMap((request) => (request.body?.messages ?? []) as { content: unknown }[])
      .flatMap((message) => (Array.isArray(message.content) ? message.content : []))
      .filter((block: { type?: string }) => block.type === 'tool_result')
      .map((block: { content?: unknown }) => JSON.stringify(block.content))
      .join('\n');

  it('the task was done through the gateway', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', '-1', 'tandem/greek-letters')).toBe('T1: Write alpha');
  });

  it('its commands saw a placeholder for the key and a loopback base URL inside the sandbox', () => {
    const outputs = toolOutputs();
    expect(outputs).toContain('ANTHROPIC_API_KEY=tandem-gateway-adds-the-key');
    expect(outputs).toMatch(/ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
    expect(outputs).not.toContain(TEST_ANTHROPIC_KEY);
  });

  it("read the repository's CLAUDE.md in the sandbox and sent it to its model", () => {
    expect(fakes.reviewer.requests.some((request) => request.rawBody.includes(HOUSE_RULE))).toBe(true);
  });

  it('had no network: the model server itself was out of reach', () => {
    const outputs = toolOutputs();
    expect(outputs).toMatch(/probe-blocked E[A-Z]+/);
    expect(outputs).not.toContain('probe-reached');
  });

  it('the model server got the real key on every request, added by the gateway', () => {
    const keys = new Set(fakes.reviewer.requests.map((request) => request.headers['x-api-key']));
    expect([...keys]).toEqual([TEST_ANTHROPIC_KEY]);
  });
});
