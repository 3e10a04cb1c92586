import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { blameMcpTool, mcpBlame } from '../../../agent-tools/mcp/blame-tool-schema.js';
import type { McpToolList } from '../../../contracts/mcp.js';

const entry = (server: string, tool: string) => ({ name: `mcp__${server}__${tool}`, server, tool, description: '', parameters: {} });
const MCP: McpToolList = { tools: [entry('docs', 'search'), entry('db', 'query')], notes: [] };
const TOOLS = [{ name: 'read_file', description: '', parameters: {} }, ...MCP.tools.map((tool) => ({ name: tool.name, description: '', parameters: {} }))];

describe("naming the MCP server behind a vendor's 400", () => {
  it('by the tool name (OpenAI) or its index in the request (Anthropic, OpenAI)', () => {
    expect(mcpBlame("Invalid schema for function 'mcp__db__query': bad", TOOLS, MCP)).toBe('MCP server "db", tool "query"');
    expect(mcpBlame('tools.1.custom.input_schema: JSON schema is invalid', TOOLS, MCP)).toBe('MCP server "docs", tool "search"');
    expect(mcpBlame('tools[2].function.parameters is invalid', TOOLS, MCP)).toBe('MCP server "db", tool "query"');
  });

  it('names the servers sent when the message points at no tool, and nothing without MCP tools', () => {
    expect(mcpBlame('tools.0.custom.input_schema: bad', TOOLS, MCP)).toBe('with tools of MCP servers "docs", "db"');
    expect(mcpBlame('bad', TOOLS, { tools: [], notes: [] })).toBeUndefined();
  });

  it("rewrites only a 400's failure, keeping it non-retryable", () => {
    const refused = ApplicationFailure.create({ type: 'ModelCallError.bad_request', message: "openai rejected the request (400): bad 'mcp__docs__search'", nonRetryable: true });
    const blamed = blameMcpTool(refused, TOOLS, MCP) as ApplicationFailure;
    expect(blamed.message).toMatch(/^MCP server "docs", tool "search": openai rejected the request \(400\)/);
    expect(blamed.nonRetryable).toBe(true);
    const limited = ApplicationFailure.create({ type: 'ModelCallError.rate_limit', message: 'slow down mcp__docs__search' });
    expect(blameMcpTool(limited, TOOLS, MCP)).toBe(limited);
  });
});
