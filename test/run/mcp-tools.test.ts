/**
 * A run whose implementer has MCP tools: the real server-everything and our
 * flaky server, both started inside the sandbox from tandem.yaml. The model
 * sees their tools next to the built-in ones; a call's result reaches the next
 * model request; a hanging tool becomes a timeout result and the task goes on.
 * A server that does not start stops `tandem run` before any model is called.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptFn } from '../fakes/index.js';
import { runCli, type CliResult } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { conversations, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { EVERYTHING_SCRIPT, FLAKY_SCRIPT, SERVER_READ_PATHS } from '../support/mcp-servers.js';
import type { TestRepo } from '../support/git-repo.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from './fixtures.js';

const PLAN = `# Plan: One letter

- [ ] T1: Write alpha
  - Details: Create a.txt containing alpha.
  - Acceptance:
    - a.txt contains alpha
  - Depends on: none
`;

/** T2 runs after T1 broke the flaky server (a file it checks at start). */
const TWO_TASKS = `${PLAN}- [ ] T2: Write beta
  - Details: Create b.txt containing beta.
  - Acceptance:
    - b.txt contains beta
  - Depends on: T1
`;

const mcpYaml = (flakyEnv: Record<string, string> = {}) => `mcp:
  everything:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([EVERYTHING_SCRIPT, 'stdio'])}
    readPaths: ${JSON.stringify(SERVER_READ_PATHS)}
  flaky:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([FLAKY_SCRIPT])}
    env: ${JSON.stringify(flakyEnv)}
    readPaths: ${JSON.stringify(SERVER_READ_PATHS)}
    tool_timeout_sec: 2
`;

/**
 * T1: step 1 echoes through MCP, step 2 calls the hanging tool, then it writes
 * a.txt and the file that breaks the flaky server, and finishes. T2 writes b.txt.
 */
const implementer: ScriptFn = (request) => {
  const c = readConversation(request);
  if (c.structured || !c.taskId) return undefined;
  const steps =
    c.taskId === 'T1'
      ? [
          { name: 'mcp__everything__echo', arguments: { message: 'hello from the model' } },
          { name: 'mcp__flaky__hang', arguments: {} },
          { name: 'write_file', arguments: { path: 'a.txt', content: 'alpha\n' } },
          { name: 'write_file', arguments: { path: 'broken.flag', content: 'yes\n' } },
          { name: 'finish', arguments: { summary: 'wrote a.txt' } },
        ]
      : [
          { name: 'write_file', arguments: { path: 'b.txt', content: 'beta\n' } },
          { name: 'finish', arguments: { summary: 'wrote b.txt' } },
        ];
  return { toolCalls: [steps[Math.min(c.step, steps.length) - 1]!] };
};

const toolNames = (body: any): string[] => (body?.tools ?? []).map((tool: any) => tool.name ?? tool.function?.name);

describe('a run with MCP servers', () => {
  let repo: TestRepo;
  let fakes: Fakes;
  let run: CliResult;

  beforeAll(async () => {
    repo = await greekRepo({ plan: TWO_TASKS, config: tandemYaml(mcpYaml({ MCP_FLAKY_FAIL_IF_EXISTS: 'broken.flag' })) });
    fakes = await startFakes(implementer, reviewerScript());
    run = await runCli(['run', '--in-checkout', '--trust-repo-config', '--task-queue', uniqueTaskQueue('mcp')], { cwd: repo.root, env: fakes.env, timeoutMs: 150_000 });
  }, 180_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('commits the tasks after the MCP calls', async () => {
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(await repo.git('log', '--format=%s', 'main..HEAD')).toBe('T2: Write beta\nT1: Write alpha');
  });

  it("shows the servers' tools next to the built-in ones, the same at every step", () => {
    const requests = fakes.implementer.requests.filter((request) => readConversation(request).taskId === 'T1');
    expect(requests).toHaveLength(5);
    for (const request of requests) {
      const names = toolNames(request.body);
      expect(names).toEqual(expect.arrayContaining(['read_file', 'write_file', 'run_command', 'finish', 'mcp__everything__echo', 'mcp__everything__get-sum', 'mcp__flaky__hang']));
      expect(names).toEqual(toolNames(requests[0]!.body));
    }
  });

  it("puts an MCP tool's result, and a hanging tool's timeout, into the next model request", () => {
    const steps = conversations(fakes.implementer.requests).filter((c) => c.taskId === 'T1');
    expect(steps[1]!.lastToolResult).toBe('Echo: hello from the model');
    expect(steps[2]!.lastToolResult).toBe('Error: flaky.hang timed out after 2 s; the call was cancelled and the server restarted for the next call.');
  });

  it('leaves out the tools of a server that stopped starting, says why in the logs, and the task goes on', async () => {
    const t2 = fakes.implementer.requests.filter((request) => readConversation(request).taskId === 'T2');
    expect(t2).toHaveLength(2);
    expect(toolNames(t2[0]!.body)).toContain('mcp__everything__echo');
    expect(toolNames(t2[0]!.body).filter((name) => name.startsWith('mcp__flaky__'))).toEqual([]);
    const logs = await runCli(['logs', 'T2'], { cwd: repo.root, env: { NO_COLOR: '1' } });
    expect(logs.stdout).toMatch(/mcp · \d+ tools\n +! MCP server "flaky" did not start \(.*\); its stderr ends:\n.*flaky: broken\.flag says I am broken/);
  });

  it('journals the attempt\'s tool list and names each call `mcp <server>.<tool>` in the logs', async () => {
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { NO_COLOR: '1' } });
    expect(logs.stdout).toContain('mcp everything.echo');
    expect(logs.stdout).toContain('mcp flaky.hang');
    const journal = /journal: (\S+)/.exec(logs.stdout)?.[1];
    expect(journal).toBeDefined();
    const list = JSON.parse(await readFile(`${journal}/tasks/T1/attempt-1/mcp-tools.json`, 'utf8')) as { tools: { name: string }[] };
    expect(list.tools.map((tool) => tool.name)).toContain('mcp__flaky__write_file');
  });
});

describe('a run whose MCP server does not start', () => {
  let fakes: Fakes;

  beforeAll(async () => {
    fakes = await startFakes(implementer, reviewerScript());
  });

  afterAll(async () => {
    await fakes?.close();
  });

  it('stops before the first task with an error naming the server and what it said', async () => {
    const repo = await greekRepo({ plan: PLAN, config: tandemYaml(mcpYaml({ MCP_FLAKY_FAIL_START: 'its license file' })) });
    const run = await runCli(['run', '--in-checkout', '--trust-repo-config', '--task-queue', uniqueTaskQueue('mcp-fail')], { cwd: repo.root, env: fakes.env, timeoutMs: 60_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toContain('[MCP_SERVER_FAILED]');
    expect(run.stderr).toContain('MCP server "flaky" did not start');
    expect(run.stderr).toContain('flaky: cannot open its license file');
    expect(fakes.implementer.requests).toHaveLength(0);
  }, 90_000);

  it("refuses a repository's servers without --trust-repo-config", async () => {
    const repo = await greekRepo({ plan: PLAN, config: tandemYaml(mcpYaml()) });
    const run = await runCli(['run', '--in-checkout', '--task-queue', uniqueTaskQueue('mcp-trust')], { cwd: repo.root, env: fakes.env, timeoutMs: 60_000 });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/mcp\.everything: starts the MCP server/);
    expect(fakes.implementer.requests).toHaveLength(0);
  }, 90_000);
});
