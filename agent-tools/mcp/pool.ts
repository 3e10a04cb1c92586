/**
 * The worker's open MCP connections, one per server and workspace, reused by
 * every listing and tool call of the tasks working there: starting a server
 * per call would cost seconds and lose whatever state it keeps between calls.
 * A connection that closed (its server exited) is replaced on next use; one
 * idle for a while is closed, and its server stopped.
 */
import type { McpServerSetting } from '../../contracts/mcp.js';
import { connectMcpServer, type McpConnection, type McpContext } from './connect.js';

const IDLE_MS = 10 * 60_000;

interface Entry {
  connection: Promise<McpConnection>;
  idle?: NodeJS.Timeout;
}

const open = new Map<string, Entry>();

function keyOf(name: string, setting: McpServerSetting, ctx: McpContext): string {
  return JSON.stringify([ctx.workspace, name, setting, ctx.sandbox]);
}

/** An open connection to `name`, started if needed; throws McpServerError when it cannot start. */
export async function mcpConnection(name: string, setting: McpServerSetting, ctx: McpContext): Promise<McpConnection> {
  const key = keyOf(name, setting, ctx);
  let entry = open.get(key);
  if (entry) {
    const existing = await entry.connection.catch(() => undefined);
    if (existing && !existing.closed) return touch(key, entry, existing);
    open.delete(key);
  }
  entry = { connection: connectMcpServer(name, setting, ctx) };
  open.set(key, entry);
  try {
    return touch(key, entry, await entry.connection);
  } catch (error) {
    if (open.get(key) === entry) open.delete(key);
    throw error;
  }
}

/** Closes the connection (stopping a stdio server), e.g. after a call hung: the next use starts afresh. */
export async function dropMcpConnection(name: string, setting: McpServerSetting, ctx: McpContext): Promise<void> {
  const key = keyOf(name, setting, ctx);
  const entry = open.get(key);
  if (!entry) return;
  open.delete(key);
  clearTimeout(entry.idle);
  await (await entry.connection.catch(() => undefined))?.close();
}

/** Closes every connection: for tests and a worker's shutdown. */
export async function closeAllMcpConnections(): Promise<void> {
  const entries = [...open.values()];
  open.clear();
  await Promise.all(
    entries.map(async (entry) => {
      clearTimeout(entry.idle);
      await (await entry.connection.catch(() => undefined))?.close();
    }),
  );
}

function touch(key: string, entry: Entry, connection: McpConnection): McpConnection {
  clearTimeout(entry.idle);
  entry.idle = setTimeout(() => {
    if (open.get(key) === entry) open.delete(key);
    void connection.close();
  }, IDLE_MS);
  entry.idle.unref();
  return connection;
}
