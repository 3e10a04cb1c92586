#!/usr/bin/env node
/**
 * A tiny stdio MCP server for tests, built with the SDK's McpServer, that
 * misbehaves on demand: `hang` never answers, `fail` reports an error,
 * `crash` kills the server mid-call, `write_file` writes where it is told
 * (to show what the sandbox lets through), `count` counts its calls. With MCP_FLAKY_FAIL_START set it
 * exits at start, saying why on stderr, as a misconfigured server does; with
 * MCP_FLAKY_FAIL_IF_EXISTS, once that file exists. With MCP_FLAKY_BAD_SCHEMA it also
 * lists `pick`, whose schema (anyOf at the top) MCP allows and vendors refuse.
 * Plain JavaScript so node runs it as it is, inside the sandbox too.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

if (process.env.MCP_FLAKY_FAIL_START) {
  process.stderr.write(`flaky: cannot open ${process.env.MCP_FLAKY_FAIL_START}\n`);
  process.exit(2);
}
// Starts until this file exists (relative to its working directory): a server that breaks mid-run.
if (process.env.MCP_FLAKY_FAIL_IF_EXISTS && existsSync(process.env.MCP_FLAKY_FAIL_IF_EXISTS)) {
  process.stderr.write(`flaky: ${process.env.MCP_FLAKY_FAIL_IF_EXISTS} says I am broken\n`);
  process.exit(2);
}

const server = new McpServer({ name: 'flaky', version: '1.0.0' });
const text = (value) => ({ content: [{ type: 'text', text: value }] });

server.registerTool('hang', { description: 'Never answers.', inputSchema: {} }, () => new Promise(() => {}));
server.registerTool('fail', { description: 'Reports an error.', inputSchema: { why: z.string() } }, ({ why }) => ({ ...text(`refused: ${why}`), isError: true }));
server.registerTool('crash', { description: 'Exits mid-call.', inputSchema: {} }, () => {
  process.stderr.write('flaky: crashing on purpose\n');
  process.exit(3);
});
server.registerTool('write_file', { description: 'Writes a file.', inputSchema: { path: z.string(), content: z.string() } }, ({ path, content }) => {
  try {
    writeFileSync(path, content);
    return text(`wrote ${path}`);
  } catch (error) {
    return { ...text(`cannot write ${path}: ${error.code ?? error.message}`), isError: true };
  }
});
let calls = 0;
server.registerTool('count', { description: 'Counts its calls in this process.', inputSchema: {} }, () => text(`count ${++calls}`));
server.registerTool('whoami', { description: 'Says which env it sees.', inputSchema: {} }, () => text(`token=${process.env.FLAKY_TOKEN ?? '(unset)'} home=${process.env.HOME}`));

if (process.env.MCP_FLAKY_BAD_SCHEMA) {
  // McpServer derives every schema from zod as an object; the raw list handler can say what a careless server says.
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [
      { name: 'count', description: 'Counts its calls in this process.', inputSchema: { type: 'object', properties: {} } },
      { name: 'pick', description: 'Takes one of two shapes.', inputSchema: { type: 'object', anyOf: [{ required: ['a'] }, { required: ['b'] }], properties: { a: { type: 'string' }, b: { type: 'number' } } } },
    ],
  }));
}

await server.connect(new StdioServerTransport());
