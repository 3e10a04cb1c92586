/**
 * MCP tool schemas a vendor refuses, end to end through `tandem run` with our
 * flaky stdio server: a schema Tandem knows vendors refuse (anyOf at the top)
 * is left out, with a warning naming the server and tool, and the run goes on
 * with the server's other tools; a schema the vendor refuses anyway (a 400)
 * fails the task with a reason that names the MCP server the tool came from.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScriptFn } from '../fakes/index.js';
import { runCli } from '../support/cli.js';
import { readConversation } from '../support/conversation.js';
import { reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { FLAKY_SCRIPT, SERVER_READ_PATHS } from '../support/mcp-servers.js';
import { greekRepo, startFakes, tandemYaml, type Fakes } from './fixtures.js';

const plan = (title: string) => `# Plan: One letter\n\n- [ ] T1: ${title}\n  - Details: Create a.txt containing alpha.\n  - Acceptance:\n    - a.txt contains alpha\n  - Depends on: none\n`;

const MCP = `mcp:
  flaky:
    command: ${JSON.stringify(process.execPath)}
    args: ${JSON.stringify([FLAKY_SCRIPT])}
    env: { MCP_FLAKY_BAD_SCHEMA: "1" }
    readPaths: ${JSON.stringify(SERVER_READ_PATHS)}
`;

const REFUSED = "Invalid schema for function 'mcp__flaky__count': In context=(), 'additionalProperties' is required to be supplied and to be false.";
const toolNames = (body: any): string[] => (body?.tools ?? []).map((tool: any) => tool.name ?? tool.function?.name);

const implementer: ScriptFn = (request) => {
  const c = readConversation(request);
  if (c.structured || !c.taskId) return undefined;
  if (request.rawBody.includes('Refused by the vendor')) return { error: { status: 400, message: REFUSED } };
  const steps = [
    { name: 'write_file', arguments: { path: 'a.txt', content: 'alpha\n' } },
    { name: 'finish', arguments: { summary: 'wrote a.txt' } },
  ];
  return { toolCalls: [steps[Math.min(c.step, steps.length) - 1]!] };
};

describe('MCP tool schemas a vendor refuses', () => {
  let fakes: Fakes;

  beforeAll(async () => {
    fakes = await startFakes(implementer, reviewerScript());
  });

  afterAll(async () => {
    await fakes?.close();
  });

  it('leaves the tool out with a warning naming server and tool, and the run goes on with the rest', async () => {
    const repo = await greekRepo({ plan: plan('Write alpha'), config: tandemYaml(MCP) });
    const run = await runCli(['run', '--in-checkout', '--trust-repo-config', '--task-queue', uniqueTaskQueue('mcp-schema')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stderr).toContain('tandem: MCP tool flaky.pick left out: its input schema has anyOf at the top level, which vendors refuse');
    const shown = fakes.implementer.requests.filter((request) => readConversation(request).taskId === 'T1').map((request) => toolNames(request.body));
    expect(shown.length).toBeGreaterThan(0);
    for (const names of shown) {
      expect(names).toContain('mcp__flaky__count');
      expect(names).not.toContain('mcp__flaky__pick');
    }
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { NO_COLOR: '1' } });
    expect(logs.stdout).toContain('! MCP tool flaky.pick left out');
  }, 150_000);

  it("a vendor's 400 for a tool's schema fails the task with a reason naming the tool's MCP server", async () => {
    const repo = await greekRepo({ plan: plan('Refused by the vendor'), config: tandemYaml(MCP) });
    const run = await runCli(['run', '--in-checkout', '--trust-repo-config', '--task-queue', uniqueTaskQueue('mcp-schema-400')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    const todo = await readFile(join(repo.root, 'TODO.md'), 'utf8');
    expect(todo).toContain(`Reason: error: MCP server "flaky", tool "count": openai rejected the request for gpt-5-mini (400): ${REFUSED.slice(0, 40)}`);
    const logs = await runCli(['logs', 'T1'], { cwd: repo.root, env: { NO_COLOR: '1' } });
    expect(logs.stdout).toContain('remove the server under mcp: in tandem.yaml');
  }, 150_000);
});
