/**
 * The `mcp:` section of tandem.yaml: servers by name, each written in Codex's
 * shape (`~/.codex/config.toml` `[mcp_servers.x]`: command, args, env, url,
 * http_headers, env_http_headers, bearer_token_env_var, startup_timeout_sec,
 * tool_timeout_sec, enabled) or Claude Code's (`.mcp.json` `mcpServers.x`:
 * type, command, args, env, url, headers), so either can be pasted in. A
 * pasted `mcpServers:` / `mcp_servers:` wrapper is accepted too. Both become
 * one internal shape (contracts/mcp.ts). Tandem's own keys: `sandbox: none`
 * lets a stdio server out of the sandbox, `readPaths` lets a sandboxed one
 * read its own install.
 */
import { z } from 'zod';
import type { McpServers, McpServerSetting } from '../contracts/mcp.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const stringMap = z.record(z.string(), z.string());

const serverInput = z.strictObject({
  type: z.enum(['stdio', 'http', 'streamable-http', 'sse']).optional(),
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  env: stringMap.optional(),
  cwd: z.string().min(1).optional(),
  url: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL of a streamable HTTP MCP endpoint' }).optional(),
  headers: stringMap.optional(),
  http_headers: stringMap.optional(),
  env_http_headers: z.record(z.string(), z.string().regex(ENV_NAME, 'expected an environment variable name')).optional(),
  bearer_token_env_var: z.string().regex(ENV_NAME, 'expected an environment variable name').optional(),
  startup_timeout_sec: z.number().positive().optional(),
  tool_timeout_sec: z.number().positive().optional(),
  enabled: z.boolean().optional(),
  sandbox: z.enum(['bwrap', 'none']).optional(),
  readPaths: z.array(z.string().startsWith('/', 'expected an absolute path')).optional(),
});
type ServerInput = z.output<typeof serverInput>;

// Checked in superRefine rather than as the record's key schema: zod reports a bad key only as "Invalid key in record".
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** `mcp:` as written, checked; each server's problems are reported at its own key. */
export const mcpSchema = z
  .preprocess(unwrapMcpServers, z.record(z.string(), serverInput))
  .superRefine((servers, ctx) => {
    for (const [name, server] of Object.entries(servers)) {
      if (!SERVER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'MCP server names use letters, digits, _ and - (they become part of tool names)' });
      for (const message of problemsOf(server)) ctx.addIssue({ code: 'custom', path: [name], message });
    }
  })
  .transform(normalizeServers);

/** A pasted `.mcp.json` body (`mcpServers: {...}`) or Codex table (`mcp_servers: {...}`), as the servers it holds. */
export function unwrapMcpServers(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'mcpServers' || keys[0] === 'mcp_servers')) return (value as Record<string, unknown>)[keys[0]];
  return value;
}

function problemsOf(server: ServerInput): string[] {
  const problems: string[] = [];
  const stdioKeys = (['command', 'args', 'env', 'cwd', 'sandbox', 'readPaths'] as const).filter((key) => server[key] !== undefined);
  const httpKeys = (['url', 'headers', 'http_headers', 'env_http_headers', 'bearer_token_env_var'] as const).filter((key) => server[key] !== undefined);
  if (server.type === 'sse') problems.push('the SSE transport is not supported; use the server\'s streamable HTTP endpoint (type: http)');
  if (server.command === undefined && server.url === undefined) problems.push('expected `command` (a stdio server) or `url` (a streamable HTTP server)');
  if (server.command !== undefined && httpKeys.length > 0) problems.push(`a stdio server (command) takes no ${httpKeys.join(', ')}`);
  if (server.url !== undefined && stdioKeys.length > 0) problems.push(`an HTTP server (url) takes no ${stdioKeys.join(', ')}`);
  if (server.type === 'stdio' && server.command === undefined) problems.push('type stdio needs a `command`');
  if ((server.type === 'http' || server.type === 'streamable-http') && server.url === undefined) problems.push(`type ${server.type} needs a \`url\``);
  if (server.headers !== undefined && server.http_headers !== undefined) problems.push('write the headers once: `headers` (Claude Code) or `http_headers` (Codex)');
  return problems;
}

function normalizeServers(servers: Record<string, ServerInput>): McpServers {
  const normalized: McpServers = {};
  for (const [name, server] of Object.entries(servers)) {
    if (server.enabled === false) continue;
    normalized[name] = normalizeServer(server);
  }
  return normalized;
}

function normalizeServer(server: ServerInput): McpServerSetting {
  const timeouts = {
    ...(server.tool_timeout_sec !== undefined ? { toolTimeoutSeconds: server.tool_timeout_sec } : {}),
    ...(server.startup_timeout_sec !== undefined ? { startupTimeoutSeconds: server.startup_timeout_sec } : {}),
  };
  if (server.command !== undefined) {
    return {
      transport: 'stdio',
      command: server.command,
      args: server.args ?? [],
      env: server.env ?? {},
      ...(server.cwd !== undefined ? { cwd: server.cwd } : {}),
      sandbox: server.sandbox ?? 'bwrap',
      readPaths: server.readPaths ?? [],
      ...timeouts,
    };
  }
  const headers: Record<string, string> = { ...(server.headers ?? server.http_headers ?? {}) };
  // Codex names the variable that holds a header or the bearer token; the worker reads it when it connects.
  for (const [header, variable] of Object.entries(server.env_http_headers ?? {})) headers[header] = `\${${variable}}`;
  if (server.bearer_token_env_var !== undefined) headers.Authorization = `Bearer \${${server.bearer_token_env_var}}`;
  return { transport: 'http', url: server.url as string, headers, ...timeouts };
}
