/**
 * Before a run's first task: start every configured MCP server once and list
 * its tools, so a server that does not start is an error naming it now, not a
 * missing tool an hour into the run. Tools that vendors would refuse are
 * left out with a warning. The connections are closed afterwards; the worker
 * opens its own.
 */
import type { RunSettings } from '../../contracts/run.js';
import { listMcpTools } from '../../agent-tools/mcp/list-tools.js';
import { closeAllMcpConnections } from '../../agent-tools/mcp/pool.js';
import { EXIT, TandemError } from '../../errors/tandem-error.js';

/** Throws TandemError MCP_SERVER_FAILED (exit 3) naming each server that did not start; returns the warnings to show. */
export async function checkMcpServers(settings: Pick<RunSettings, 'mcp' | 'sandbox' | 'envAllow' | 'keyVariables'>, repo: string): Promise<string[]> {
  if (!settings.mcp || Object.keys(settings.mcp).length === 0) return [];
  const listed = await listMcpTools(settings.mcp, { workspace: repo, sandbox: settings.sandbox, env: process.env, envAllow: settings.envAllow, keyVariables: settings.keyVariables ?? [] }).finally(() => closeAllMcpConnections());
  const failed = listed.failedServers ?? [];
  if (failed.length > 0) {
    const servers = failed.map((name) => `"${name}"`).join(', ');
    throw new TandemError(listed.notes.filter((note) => failed.some((name) => note.startsWith(`MCP server "${name}"`))).join('\n'), {
      code: 'MCP_SERVER_FAILED',
      hint: `Fix the command, URL or environment of ${servers} under mcp: in tandem.yaml (try it by hand), or remove it. A sandboxed stdio server sees only the system directories, the workspace and its readPaths; see docs/mcp.md.`,
      exitCode: EXIT.infrastructure,
      context: { key: `mcp.${failed[0]}` },
    });
  }
  return listed.notes.map((note) => `tandem: ${note}\n`);
}
