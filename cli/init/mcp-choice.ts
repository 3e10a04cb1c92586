/**
 * Whether `tandem init` adds the MCP servers it found, and how they read in
 * tandem.yaml. As with AGENTS.md: a flag wins, `--yes` takes the default
 * (add them), a terminal is asked after seeing the list, and a script is only
 * told how to add them.
 */
import { stringify } from 'yaml';
import type { FoundMcpServer } from './discover-mcp.js';

export type McpChoice = 'add' | 'skip' | 'hint';

export interface McpChoiceInput {
  servers: readonly FoundMcpServer[];
  /** `--mcp` (true), `--no-mcp` (false), or neither. */
  flag: boolean | undefined;
  yes: boolean;
  interactive: boolean;
  ask: (question: string) => Promise<string>;
}

export async function chooseMcp(input: McpChoiceInput): Promise<McpChoice> {
  if (input.servers.length === 0) return 'skip';
  if (input.flag !== undefined) return input.flag ? 'add' : 'skip';
  if (input.yes) return 'add';
  if (!input.interactive) return 'hint';
  const listing = input.servers.map((server) => `  ${server.name} (${server.source}): ${describeServer(server)}`).join('\n');
  const answer = (await input.ask(`MCP servers found in your agents' config:\n${listing}\nOffer their tools to Tandem's implementer (adds them under mcp: in tandem.yaml, and those from your own configs to your config.yaml)? [Y/n] `)).trim().toLowerCase();
  return answer === '' || answer === 'y' || answer === 'yes' ? 'add' : 'skip';
}

/** `npx -y pkg` or the URL: what the server is, in a few words. */
export function describeServer(server: FoundMcpServer): string {
  const { command, args, url } = server.entry as { command?: string; args?: string[]; url?: string };
  return url ?? [command, ...(args ?? [])].join(' ');
}

/** The `mcp:` section for tandem.yaml, commented. */
export function mcpSection(servers: readonly FoundMcpServer[]): string {
  const body = stringify({ mcp: Object.fromEntries(servers.map((server) => [server.name, server.entry])) }, { lineWidth: 0 }).trimEnd();
  const exports = [...new Set(servers.flatMap((server) => server.exports))];
  return [
    '# ── MCP servers ───────────────────────────────────────────────────────────────',
    `# Found by tandem init in ${[...new Set(servers.map((server) => server.source))].join(', ')}. Their tools are`,
    "# offered to the built-in implementer as mcp__<server>__<tool>. A stdio server runs in",
    '# the sandbox (no network, only the workspace writable); one that needs more takes',
    '# `sandbox: none` (or `readPaths:` for its own files). See docs/mcp.md.',
    ...(exports.length > 0 ? [`# Secrets were not copied: export ${exports.join(', ')} before \`tandem run\`.`] : []),
    body,
    '',
  ].join('\n');
}
