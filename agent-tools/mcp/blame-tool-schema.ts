/**
 * A vendor that refuses a request (400) carrying MCP tools: say which MCP
 * server the refused tool came from. tool-schema.ts leaves out the schemas we
 * know vendors refuse, but vendors tighten their rules, and a message such as
 * "Invalid schema for function 'mcp__docs__search'" or "tools.12.custom.
 * input_schema: …" means nothing to someone who configured a server called
 * `docs`. Vendors name the tool (OpenAI) or its index in the request's tool
 * list (Anthropic, OpenAI `tools[12]`); either leads to the server. When the
 * message names neither, the servers whose tools the request carried are named.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { McpToolList } from '../../contracts/mcp.js';
import type { ToolSpec } from '../../models/types.js';

/** The failure type call-in-activity.ts gives a vendor's 400 (ModelCallError kind `bad_request`). */
const BAD_REQUEST = 'ModelCallError.bad_request';

/** Which MCP tool or servers a refused request's message points at, as a prefix for it; undefined when no MCP tool was sent. */
export function mcpBlame(message: string, tools: readonly ToolSpec[], mcp: McpToolList): string | undefined {
  if (mcp.tools.length === 0) return undefined;
  const byName = mcp.tools.find((tool) => message.includes(tool.name));
  const index = /\btools(?:\[(\d+)\]|\.(\d+)\b)/.exec(message);
  const atIndex = index ? tools[Number(index[1] ?? index[2])]?.name : undefined;
  const named = byName ?? mcp.tools.find((tool) => tool.name === atIndex);
  if (named) return `MCP server "${named.server}", tool "${named.tool}"`;
  const servers = [...new Set(mcp.tools.map((tool) => `"${tool.server}"`))];
  return `with tools of MCP server${servers.length === 1 ? '' : 's'} ${servers.join(', ')}`;
}

/** The same failure with the MCP server named, for a vendor's 400; any other error as it was. */
export function blameMcpTool(error: unknown, tools: readonly ToolSpec[], mcp: McpToolList): unknown {
  if (!(error instanceof ApplicationFailure) || error.type !== BAD_REQUEST) return error;
  const blame = mcpBlame(error.message, tools, mcp);
  if (blame === undefined) return error;
  return ApplicationFailure.create({
    type: error.type,
    // The server first: reasons are clipped (TODO.md), and the vendor's words follow.
    message: `${blame}: ${error.message} (if the vendor refuses an MCP tool's schema, fix it on that server or remove the server under mcp: in tandem.yaml)`,
    nonRetryable: error.nonRetryable ?? false,
    ...(error.details ? { details: [...error.details] } : {}),
    ...(error.nextRetryDelay !== undefined ? { nextRetryDelay: error.nextRetryDelay } : {}),
    ...(error.category ? { category: error.category } : {}),
  });
}
