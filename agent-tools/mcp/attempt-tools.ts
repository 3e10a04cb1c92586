/**
 * The MCP tools of one implementer attempt. The list is taken once per attempt
 * and journaled, so every step of the attempt, a retried step and a replay all
 * show the model the same tools; a call is dispatched by the journaled entry.
 */
import type { McpServerSetting, McpServers, McpToolEntry, McpToolList } from '../../contracts/mcp.js';
import type { ToolSpec } from '../../models/types.js';
import { readJsonIfExists, writeJsonAtomic } from '../../journal/files.js';
import { finalize } from '../execute-tool.js';
import type { ToolContext, ToolResult } from '../types.js';
import { callMcpTool } from './call-tool.js';
import type { McpContext } from './connect.js';
import { listMcpTools } from './list-tools.js';

const NO_TOOLS: McpToolList = { tools: [], notes: [] };

/** The attempt's MCP tools: the journaled list, or (first time) the servers' tools, then journaled. */
export async function attemptMcpTools(journalPath: string, servers: McpServers | undefined, ctx: McpContext): Promise<McpToolList> {
  const recorded = await readJsonIfExists<McpToolList>(journalPath);
  if (recorded) return recorded;
  if (!servers || Object.keys(servers).length === 0) return NO_TOOLS;
  const list = await listMcpTools(servers, ctx);
  await writeJsonAtomic(journalPath, list);
  return list;
}

/** The journaled list alone (tool steps run after the model step wrote it). */
export async function recordedMcpTools(journalPath: string): Promise<McpToolList> {
  return (await readJsonIfExists<McpToolList>(journalPath)) ?? NO_TOOLS;
}

export function mcpToolSpecs(list: McpToolList): ToolSpec[] {
  return list.tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.parameters }));
}

export function findMcpTool(list: McpToolList, name: string): McpToolEntry | undefined {
  return list.tools.find((tool) => tool.name === name);
}

/** `mcp <server>.<tool>`: the line for summaries, the UI and logs. */
export function describeMcpCall(entry: McpToolEntry): string {
  return `mcp ${entry.server}.${entry.tool}`;
}

/** A stdio server may write the workspace (an HTTP one cannot reach it), so its calls count as changing files. */
export function mcpCallMutates(entry: McpToolEntry, servers: McpServers | undefined): boolean {
  return servers?.[entry.server]?.transport === 'stdio';
}

/**
 * Runs one call as a tool result: capped and redacted like the built-in tools'.
 * A server gone from the settings (they are fixed for the run, so only a bug
 * does this) is a result too. The timeout is the server's, never past the
 * run's command timeout (the activity's own limit is built on that).
 */
export async function runMcpCall(entry: McpToolEntry, rawArguments: string, servers: McpServers | undefined, ctx: McpContext & ToolContext): Promise<ToolResult> {
  const setting: McpServerSetting | undefined = servers?.[entry.server];
  const summary = describeMcpCall(entry);
  if (!setting) return finalize(ctx, summary, { ok: false, content: `The MCP server "${entry.server}" is not configured for this run.` });
  const timeoutMs = Math.min((setting.toolTimeoutSeconds ?? Infinity) * 1000, ctx.commandTimeoutMs);
  const outcome = await callMcpTool(entry, setting, rawArguments, ctx, { timeoutMs, ...(ctx.signal ? { signal: ctx.signal } : {}) });
  return finalize(ctx, summary, outcome);
}
