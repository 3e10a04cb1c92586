/**
 * One MCP tool call, as a tool result for the model. A call that fails, that
 * the server marks isError, that hangs past its timeout or whose server died
 * comes back as `{ ok: false, content }` saying what happened; this function
 * does not throw. After a timeout the connection is dropped (a stdio server is
 * stopped), so a wedged server cannot hang the next call too.
 */
import type { McpServerSetting, McpToolEntry } from '../../contracts/mcp.js';
import type { ToolOutcome } from '../types.js';
import { describeError, McpServerError, type McpContext } from './connect.js';
import { dropMcpConnection, mcpConnection } from './pool.js';

export interface McpCallOptions {
  timeoutMs: number;
  /** Aborts the call (activity cancellation). */
  signal?: AbortSignal;
}

const REQUEST_TIMEOUT = -32001; // the SDK's ErrorCode.RequestTimeout

export async function callMcpTool(entry: McpToolEntry, setting: McpServerSetting, rawArguments: string, ctx: McpContext, options: McpCallOptions): Promise<ToolOutcome> {
  const label = `${entry.server}.${entry.tool}`;
  let args: unknown;
  try {
    args = rawArguments.trim() === '' ? {} : JSON.parse(rawArguments);
  } catch (error) {
    return { ok: false, content: `The arguments for ${entry.name} are not valid JSON (${(error as Error).message}). Send one JSON object.` };
  }
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return { ok: false, content: `The arguments for ${entry.name} must be one JSON object.` };

  let connection;
  try {
    connection = await mcpConnection(entry.server, setting, ctx);
  } catch (error) {
    const why = error instanceof McpServerError ? error.message : describeError(error);
    return { ok: false, content: `${label} was not called: ${why}` };
  }
  try {
    const result = await connection.client.callTool({ name: entry.tool, arguments: args as Record<string, unknown> }, undefined, {
      timeout: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = renderContent(result);
    if (result.isError === true) return { ok: false, content: `${label} reported an error:\n${text}` };
    return { ok: true, content: text };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === REQUEST_TIMEOUT) {
      await dropMcpConnection(entry.server, setting, ctx);
      return { ok: false, content: `${label} timed out after ${options.timeoutMs / 1000} s; the call was cancelled and the server restarted for the next call.` };
    }
    if (connection.closed) {
      const tail = connection.stderrTail();
      return { ok: false, content: `${label} failed: the MCP server "${entry.server}" stopped (${describeError(error)})${tail ? `; its stderr ends:\n${tail}` : ''}. It is started again for the next call.` };
    }
    return { ok: false, content: `${label} failed: ${describeError(error)}` };
  }
}

/** The result's content blocks as text: text as is, anything else named, structured content as JSON. */
function renderContent(result: Record<string, unknown>): string {
  const blocks = Array.isArray(result.content) ? (result.content as Record<string, unknown>[]) : [];
  const parts = blocks.map((block) => {
    if (block.type === 'text' && typeof block.text === 'string') return block.text;
    if (block.type === 'resource' && typeof block.resource === 'object' && block.resource !== null) {
      const resource = block.resource as Record<string, unknown>;
      return typeof resource.text === 'string' ? `[resource ${String(resource.uri)}]\n${resource.text}` : `[binary resource ${String(resource.uri)}]`;
    }
    if (block.type === 'resource_link') return `[resource link ${String(block.uri)}${block.name ? ` (${String(block.name)})` : ''}]`;
    return `[${String(block.type)} content${block.mimeType ? ` (${String(block.mimeType)})` : ''} not shown]`;
  });
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  if (parts.length === 0 && 'toolResult' in result) parts.push(JSON.stringify(result.toolResult));
  return parts.length === 0 ? '(no content)' : parts.join('\n');
}
