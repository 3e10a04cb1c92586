/**
 * MCP servers for the built-in implementer, in the one shape Tandem uses
 * inside, whichever shape (Codex's or Claude Code's) tandem.yaml wrote them in.
 * Pure data: it travels in the run's settings, so it never holds a secret
 * value, only `${VAR}` references resolved by the worker when it connects.
 */

/** A server Tandem starts itself and speaks to over stdin/stdout. */
export interface McpStdioServer {
  transport: 'stdio';
  command: string;
  args: string[];
  /** Added to the server's (scrubbed) environment; values may hold `${VAR}`. */
  env: Record<string, string>;
  /** Where it starts, relative to the task's workspace; default the workspace itself. */
  cwd?: string;
  /** `bwrap` (default): inside Tandem's sandbox. `none`: allowed out, by the user's choice. */
  sandbox: 'bwrap' | 'none';
  /** Extra paths the sandboxed server may read (its own install, when outside the system directories). */
  readPaths: string[];
  toolTimeoutSeconds?: number;
  startupTimeoutSeconds?: number;
}

/** A streamable HTTP server, reached from the worker. */
export interface McpHttpServer {
  transport: 'http';
  url: string;
  /** Values may hold `${VAR}` (a bearer token from the environment). */
  headers: Record<string, string>;
  toolTimeoutSeconds?: number;
  startupTimeoutSeconds?: number;
}

export type McpServerSetting = McpStdioServer | McpHttpServer;

/** Servers by the name the user gave them; the name is part of each tool's name. */
export type McpServers = Record<string, McpServerSetting>;

/** How long a server may take to start and list its tools, when its config says nothing. */
export const DEFAULT_MCP_STARTUP_SECONDS = 30;

/** One MCP tool as the implementer is shown it, journaled per attempt. */
export interface McpToolEntry {
  /** What the model calls: `mcp__<server>__<tool>`, sanitized to what vendors accept. */
  name: string;
  server: string;
  /** The tool's own name on its server. */
  tool: string;
  description: string;
  /** The tool's JSON Schema for its arguments, as the model is sent it. */
  parameters: Record<string, unknown>;
}

/** The tools of an attempt's MCP servers, and what was left out and why. */
export interface McpToolList {
  tools: McpToolEntry[];
  /** One line each: a server that did not start, a tool whose schema vendors would refuse. */
  notes: string[];
  /** Servers that did not start or list their tools (each also has a note). */
  failedServers?: string[];
}
