/**
 * Real MCP servers for tests: the published `@modelcontextprotocol/server-everything`
 * (stdio), our own misbehaving stdio server (mcp-flaky-server.mjs), and a
 * streamable HTTP server built on the SDK's server side, on a loopback port.
 */
import { realpathSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import type { McpHttpServer, McpStdioServer } from '../../contracts/mcp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '../..');
/** node_modules is a symlink into another checkout: a sandboxed server must be able to read its real path. */
const nodeModules = realpathSync(path.join(projectRoot, 'node_modules'));

export const EVERYTHING_SCRIPT = path.join(nodeModules, '@modelcontextprotocol/server-everything/dist/index.js');
export const FLAKY_SCRIPT = path.join(here, 'mcp-flaky-server.mjs');

/** What a sandboxed node server needs to read: its script and the packages it imports (by the symlink's path too). */
export const SERVER_READ_PATHS = [nodeModules, path.join(projectRoot, 'node_modules'), here];

export function everythingServer(overrides: Partial<McpStdioServer> = {}): McpStdioServer {
  return { transport: 'stdio', command: process.execPath, args: [EVERYTHING_SCRIPT, 'stdio'], env: {}, sandbox: 'bwrap', readPaths: SERVER_READ_PATHS, ...overrides };
}

export function flakyServer(overrides: Partial<McpStdioServer> = {}): McpStdioServer {
  return { transport: 'stdio', command: process.execPath, args: [FLAKY_SCRIPT], env: {}, sandbox: 'bwrap', readPaths: SERVER_READ_PATHS, ...overrides };
}

export interface HttpMcpServer {
  url: string;
  /** The headers of every request it received. */
  headers: IncomingHttpHeaders[];
  setting(headers?: Record<string, string>): McpHttpServer;
  close(): Promise<void>;
}

/** A stateless streamable HTTP MCP server with one tool, `multiply`. */
export async function startHttpMcpServer(): Promise<HttpMcpServer> {
  const headers: IncomingHttpHeaders[] = [];
  const http = createServer((req, res) => {
    headers.push(req.headers);
    const mcp = new McpServer({ name: 'http-test', version: '1.0.0' });
    mcp.registerTool('multiply', { description: 'Multiplies two numbers.', inputSchema: { a: z.number(), b: z.number() } }, ({ a, b }) => ({
      content: [{ type: 'text', text: `product: ${a * b}` }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    void mcp.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`;
  return {
    url,
    headers,
    setting: (extra = {}) => ({ transport: 'http', url, headers: extra }),
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
