/**
 * The implementer's activities with MCP servers: the attempt's tool list is
 * taken once and journaled, so a retry sees the same tools; a tool step is
 * journaled, so a retried step reuses the result instead of calling the tool
 * again; and a stdio server's writes to the plan file are undone like a
 * command's.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { toolStep } from '../../activities/implement.js';
import { attemptMcpTools } from '../../agent-tools/mcp/attempt-tools.js';
import { callMcpTool } from '../../agent-tools/mcp/call-tool.js';
import { closeAllMcpConnections } from '../../agent-tools/mcp/pool.js';
import type { McpServers } from '../../contracts/mcp.js';
import type { RunLocation } from '../../contracts/run.js';
import { writeJsonAtomic } from '../../journal/files.js';
import { attemptFiles } from '../../journal/layout.js';
import type { ModelStepRecord, ToolStepRecord } from '../../journal/records.js';
import { flakyServer } from '../support/mcp-servers.js';
import { makeRepo } from '../git/helpers.js';

const PLAN = '# Plan\n\n- [ ] T1: One\n';
const SERVERS: McpServers = { flaky: flakyServer({ sandbox: 'none' }) };
const SETTINGS = { sandbox: 'none' as const, envAllow: [], commandTimeoutSeconds: 30, mcp: SERVERS };
const journals: string[] = [];

afterEach(async () => {
  await closeAllMcpConnections();
});
afterAll(() => {
  for (const dir of journals) rmSync(dir, { recursive: true, force: true });
});

function setup(): { location: RunLocation; read: (file: string) => string } {
  const repo = makeRepo();
  repo.commit('plan', 'TODO.md', PLAN);
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'tandem-mcp-journal-'));
  journals.push(journalDir);
  return { location: { repo: repo.dir, planRelPath: 'TODO.md', branch: 'main', runId: 'run-mcp', journalDir }, read: (file) => repo.read(file) };
}

async function scriptStep(location: RunLocation, name: string, args: Record<string, unknown>): Promise<void> {
  const record: ModelStepRecord = {
    startedAt: 0,
    finishedAt: 0,
    text: '',
    toolCalls: [{ id: 'call_0', name, rawArguments: JSON.stringify(args) }],
    stopReason: 'tool_calls',
    modelId: 'fake',
    usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
    costUsd: 0,
  };
  await writeJsonAtomic(attemptFiles(location.journalDir, 'T1', 1).model(1), record);
}

const ctxOf = (location: RunLocation) => ({ workspace: location.repo, sandbox: 'none' as const, env: process.env, envAllow: [] });
const step = (location: RunLocation) => toolStep({ location, taskId: 'T1', attempt: 1, step: 1, callIndex: 0, settings: SETTINGS });

describe('MCP tools in the implementer activities', () => {
  it("journals an attempt's tool list once: a retry sees the same tools even if a server changed", async () => {
    const { location } = setup();
    const files = attemptFiles(location.journalDir, 'T1', 1);
    const first = await attemptMcpTools(files.mcpTools, SERVERS, ctxOf(location));
    expect(first.tools.map((tool) => tool.name)).toContain('mcp__flaky__count');
    const again = await attemptMcpTools(files.mcpTools, { other: flakyServer({ sandbox: 'none' }) }, ctxOf(location));
    expect(again).toEqual(first);
    expect((await attemptMcpTools(attemptFiles(location.journalDir, 'T1', 2).mcpTools, {}, ctxOf(location))).tools).toEqual([]);
  }, 30_000);

  it('journals a call: a retried tool step returns the recorded result without calling the tool again', async () => {
    const { location } = setup();
    const files = attemptFiles(location.journalDir, 'T1', 1);
    const list = await attemptMcpTools(files.mcpTools, SERVERS, ctxOf(location));
    await scriptStep(location, 'mcp__flaky__count', {});

    expect(await step(location)).toEqual({ ok: true, summary: 'mcp flaky.count' });
    const record = JSON.parse(readFileSync(files.tool(1, 0), 'utf8')) as ToolStepRecord;
    expect(record).toMatchObject({ name: 'mcp__flaky__count', ok: true, content: 'count 1', summary: 'mcp flaky.count' });

    expect(await step(location)).toEqual({ ok: true, summary: 'mcp flaky.count' });
    // The same server process, called once by the two steps: this is its second call.
    const count = list.tools.find((tool) => tool.tool === 'count')!;
    expect((await callMcpTool(count, SERVERS.flaky!, '{}', ctxOf(location), { timeoutMs: 5000 })).content).toBe('count 2');
  }, 30_000);

  it("undoes a stdio server's change to the plan file, and tells the model", async () => {
    const { location, read } = setup();
    await attemptMcpTools(attemptFiles(location.journalDir, 'T1', 1).mcpTools, SERVERS, ctxOf(location));
    await scriptStep(location, 'mcp__flaky__write_file', { path: path.join(location.repo, 'TODO.md'), content: '# Plan\n\n- [x] T1: One\n' });
    expect((await step(location)).ok).toBe(true);
    expect(read('TODO.md')).toBe(PLAN);
    const record = JSON.parse(readFileSync(attemptFiles(location.journalDir, 'T1', 1).tool(1, 0), 'utf8')) as ToolStepRecord;
    expect(record.content).toMatch(/TODO\.md \(the run's plan file\)[\s\S]*restored/);
  }, 30_000);
});
