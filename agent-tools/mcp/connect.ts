/**
 * Starts (stdio) or reaches (streamable HTTP) one MCP server and completes the
 * MCP handshake. A stdio server runs inside Tandem's bubblewrap sandbox, like a
 * model-written command (the workspace writable, no network, no HOME), unless
 * the run has no sandbox or the server is allowed out by name (`sandbox: none`);
 * with bwrap asked for and unavailable it is not started at all. Its
 * environment is the scrubbed one commands get, plus its own `env:`.
 * Every failure is an McpServerError whose message names the server.
 */
import { resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { DEFAULT_MCP_STARTUP_SECONDS, type McpHttpServer, type McpServerSetting, type McpStdioServer } from '../../contracts/mcp.js';
import { sandboxPolicy, type SandboxSetting } from '../../contracts/sandbox.js';
import { scrubEnv } from '../../exec/env.js';
import { bwrapArgs, probeSandbox } from '../../exec/sandbox.js';
import { SANDBOX_FIX } from '../../exec/sandbox-probe.js';
import { workspaceRefusal } from '../../exec/sandbox-workspace.js';
import { expandEnvReferences } from './expand-env.js';

/** Where and how the servers of one task run. */
export interface McpContext {
  /** Absolute real path of the task's workspace: a sandboxed server may write only there. */
  workspace: string;
  /** The run's sandbox setting; `none` (the user's `--no-sandbox`) lets every server out. */
  sandbox: SandboxSetting;
  env: NodeJS.ProcessEnv;
  /** Credential-looking variables passed anyway (`env.allow`). */
  envAllow: readonly string[];
  /** The run's model key variables, kept from servers whatever they are called (RunSettings.keyVariables). */
  keyVariables?: readonly string[];
}

export class McpServerError extends Error {
  constructor(
    readonly server: string,
    message: string,
  ) {
    super(`MCP server "${server}" ${message}`);
    this.name = 'McpServerError';
  }
}

export interface McpConnection {
  client: Client;
  /** The last lines the server wrote to stderr, for error messages. */
  stderrTail(): string;
  /** Set once the transport closed (the server exited or the connection dropped). */
  readonly closed: boolean;
  close(): Promise<void>;
}

const STDERR_TAIL_CHARS = 2000;

/**
 * Stdio servers still running. A worker that exits leaves none behind: a
 * sandboxed one dies with bwrap (--die-with-parent), one allowed out would be
 * orphaned without this.
 */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
});

/** Connects within the server's startup timeout; throws McpServerError naming the server. */
export async function connectMcpServer(name: string, setting: McpServerSetting, ctx: McpContext): Promise<McpConnection> {
  let stderr = '';
  const transport = setting.transport === 'stdio' ? await stdioTransport(name, setting, ctx) : httpTransport(name, setting, ctx);
  if (transport instanceof StdioClientTransport) {
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
  }
  const client = new Client({ name: 'tandem', version: '1' });
  const state = { closed: false };
  const timeoutMs = (setting.startupTimeoutSeconds ?? DEFAULT_MCP_STARTUP_SECONDS) * 1000;
  try {
    await client.connect(transport, { timeout: timeoutMs });
  } catch (error) {
    await client.close().catch(() => undefined);
    const tail = stderr.trim() === '' ? '' : `; its stderr ends:\n${stderr.trim()}`;
    throw new McpServerError(name, `did not start (${describeError(error)})${tail}`);
  }
  const pid = transport instanceof StdioClientTransport ? (transport.pid ?? undefined) : undefined;
  if (pid !== undefined) running.add(pid);
  client.onclose = () => {
    state.closed = true;
    if (pid !== undefined) running.delete(pid);
  };
  return {
    client,
    stderrTail: () => stderr.trim(),
    get closed() {
      return state.closed;
    },
    close: async () => {
      state.closed = true;
      await client.close().catch(() => undefined);
    },
  };
}

async function stdioTransport(name: string, setting: McpStdioServer, ctx: McpContext): Promise<Transport> {
  const own = expandEnvReferences(setting.env, ctx.env);
  if (!own.ok) throw new McpServerError(name, `was not started: its env refers to $${own.missing}, which is not set`);
  const env = { ...definedOnly(scrubEnv(ctx.env, { allow: ctx.envAllow, keyVariables: ctx.keyVariables ?? [] })), ...own.values };
  // A relative cwd (and so a relative command) is the workspace's, not the worker's.
  const cwd = setting.cwd === undefined ? ctx.workspace : resolve(ctx.workspace, setting.cwd);
  if (setting.sandbox === 'none' || sandboxPolicy(ctx.sandbox).kind === 'none') {
    return new StdioClientTransport({ command: setting.command, args: setting.args, env, cwd, stderr: 'pipe' });
  }
  const probe = await probeSandbox();
  if (!probe.available) {
    throw new McpServerError(name, `was not started: the sandbox is unavailable (${probe.reason}). ${SANDBOX_FIX} Or allow this server out with \`sandbox: none\` under mcp.${name}.`);
  }
  const unsafe = workspaceRefusal(ctx.workspace, env);
  if (unsafe) throw new McpServerError(name, `was not started: ${unsafe.message} ${unsafe.hint ?? ''}`.trimEnd());
  const wrapper = bwrapArgs({ workspace: ctx.workspace, cwd, env, sandbox: ctx.sandbox, readPaths: setting.readPaths });
  return new StdioClientTransport({ command: 'bwrap', args: [...wrapper, setting.command, ...setting.args], env, stderr: 'pipe' });
}

function httpTransport(name: string, setting: McpHttpServer, ctx: McpContext): Transport {
  const headers = expandEnvReferences(setting.headers, ctx.env);
  if (!headers.ok) throw new McpServerError(name, `was not reached: a header refers to $${headers.missing}, which is not set`);
  return new StreamableHTTPClientTransport(new URL(setting.url), { requestInit: { headers: headers.values } });
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `command not found: ${(error as NodeJS.ErrnoException).path ?? 'the command'}` : error.message;
  }
  return String(error);
}
