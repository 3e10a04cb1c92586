/**
 * The tools of the configured MCP servers, as the implementer is shown them:
 * vendor-safe names (`mcp__<server>__<tool>`) and schemas. A server that does
 * not start, or a tool whose schema vendors would refuse, is left out with a
 * note naming it; the attempt goes on with the rest.
 */
import type { McpServers, McpToolEntry, McpToolList } from '../../contracts/mcp.js';
import { describeError, McpServerError, type McpContext } from './connect.js';
import { mcpConnection } from './pool.js';
import { mcpToolName } from './tool-names.js';
import { vendorSchemaOf } from './tool-schema.js';

/** MCP's own cap on a description is none; a model needs a paragraph, not a manual. */
const MAX_DESCRIPTION = 1500;
const MAX_PAGES = 20;

interface ServerTools {
  server: string;
  tools: { name: string; description?: string | undefined; inputSchema: unknown }[];
}

/** Lists every server's tools, in config order; never throws for a server's failure. */
export async function listMcpTools(servers: McpServers, ctx: McpContext): Promise<McpToolList> {
  const notes: string[] = [];
  const failedServers: string[] = [];
  const listed = await Promise.all(
    Object.entries(servers).map(async ([server, setting]): Promise<ServerTools | undefined> => {
      try {
        return { server, tools: await toolsOf(server, setting, ctx) };
      } catch (error) {
        failedServers.push(server);
        notes.push(error instanceof McpServerError ? error.message : `MCP server "${server}" could not list its tools (${describeError(error)})`);
        return undefined;
      }
    }),
  );
  const taken = new Set<string>();
  const tools: McpToolEntry[] = [];
  for (const entry of listed) {
    if (!entry) continue;
    for (const tool of entry.tools) {
      const schema = vendorSchemaOf(tool.inputSchema);
      if (!schema.ok) {
        notes.push(`MCP tool ${entry.server}.${tool.name} left out: ${schema.problem}`);
        continue;
      }
      const name = mcpToolName(entry.server, tool.name, taken);
      taken.add(name);
      const description = (tool.description ?? '').slice(0, MAX_DESCRIPTION);
      tools.push({ name, server: entry.server, tool: tool.name, description: `${description} (MCP server "${entry.server}")`.trim(), parameters: schema.parameters });
    }
  }
  return { tools, notes, ...(failedServers.length > 0 ? { failedServers } : {}) };
}

async function toolsOf(server: string, setting: McpServers[string], ctx: McpContext): Promise<ServerTools['tools']> {
  const { client } = await mcpConnection(server, setting, ctx);
  const tools: ServerTools['tools'] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await client.listTools(cursor === undefined ? {} : { cursor });
    tools.push(...result.tools);
    cursor = result.nextCursor;
    if (cursor === undefined) break;
  }
  return tools;
}
