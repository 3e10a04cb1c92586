/**
 * The MCP servers a user already set up for their agents, for `tandem init` to
 * offer: the project's `.mcp.json`, Claude Code's `~/.claude.json` (this
 * project's servers, then the user's), and Codex's `config.toml`
 * (`$CODEX_HOME`, default `~/.codex`). The first place to name a server wins.
 * A server Tandem cannot use (SSE, a bad name) is listed as skipped, with why.
 * Secrets are not copied: a credential-looking env value or auth header
 * becomes a `${VAR}` reference the user exports instead.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mcpSchema } from '../../config/mcp-schema.js';
import { isCredentialName } from '../../exec/env.js';
import { codexMcpServers } from './codex-mcp-toml.js';

export interface FoundMcpServer {
  name: string;
  /** Where it was found, for the listing (`~/.codex/config.toml`). */
  source: string;
  /** The entry as tandem.yaml will hold it (the source's own key names). */
  entry: Record<string, unknown>;
  /** Variables the user must export for it: values init would not copy. */
  exports: string[];
  /** Found in the user's own agent config, not in the repository (`.mcp.json` is repository content). */
  fromUser: boolean;
}

export interface McpDiscovery {
  servers: FoundMcpServer[];
  /** `name (source): why`, for servers left out. */
  skipped: string[];
}

// Keys Tandem reads, in either shape; anything else (enabled_tools, oauth settings) is dropped.
const KEPT_KEYS = ['type', 'command', 'args', 'env', 'cwd', 'url', 'headers', 'http_headers', 'env_http_headers', 'bearer_token_env_var', 'startup_timeout_sec', 'tool_timeout_sec', 'enabled'];
const SECRET_HEADER = /auth|token|key|secret|cookie/i;

export async function discoverMcpServers(input: { root: string; env: NodeJS.ProcessEnv | Record<string, string | undefined> }): Promise<McpDiscovery> {
  // The environment's HOME, not the process owner's: init reads only what that user set up.
  const home = input.env.HOME;
  const codexHome = input.env.CODEX_HOME ?? (home === undefined ? undefined : join(home, '.codex'));
  const claude = asRecord(home === undefined ? undefined : await readJson(join(home, '.claude.json')));
  const codexToml = codexHome === undefined ? undefined : await readText(join(codexHome, 'config.toml'));
  const sources: { source: string; fromUser: boolean; servers: Record<string, unknown> }[] = [
    { source: '.mcp.json', fromUser: false, servers: asRecord(asRecord(await readJson(join(input.root, '.mcp.json'))).mcpServers) },
    { source: '~/.claude.json (this project)', fromUser: true, servers: asRecord(asRecord(asRecord(claude.projects)[input.root]).mcpServers) },
    { source: '~/.claude.json', fromUser: true, servers: asRecord(claude.mcpServers) },
    { source: input.env.CODEX_HOME === undefined ? '~/.codex/config.toml' : join(input.env.CODEX_HOME, 'config.toml'), fromUser: true, servers: codexMcpServers(codexToml ?? '') },
  ];
  const servers: FoundMcpServer[] = [];
  const skipped: string[] = [];
  for (const { source, fromUser, servers: found } of sources) {
    for (const [name, raw] of Object.entries(found)) {
      if (servers.some((server) => server.name === name)) continue;
      const { entry, exports } = withoutSecrets(name, keptKeys(asRecord(raw)));
      const checked = mcpSchema.safeParse({ [name]: entry });
      if (!checked.success) {
        skipped.push(`${name} (${source}): ${checked.error.issues[0]?.message ?? 'not usable'}`);
        continue;
      }
      if (Object.keys(checked.data).length === 0) continue; // enabled = false
      servers.push({ name, source, entry, exports, fromUser });
    }
  }
  return { servers, skipped };
}

function keptKeys(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([key]) => KEPT_KEYS.includes(key)));
}

/** Credential values replaced by `${VAR}`: tandem.yaml is committed, the user's agent configs are not. */
function withoutSecrets(server: string, entry: Record<string, unknown>): { entry: Record<string, unknown>; exports: string[] } {
  const exports: string[] = [];
  const isReference = (value: unknown) => typeof value === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(value);
  const env = asRecord(entry.env);
  const cleanEnv = Object.fromEntries(
    Object.entries(env).map(([name, value]) => {
      if (isReference(value) || !isCredentialName(name, String(value))) return [name, value];
      exports.push(name);
      return [name, `\${${name}}`];
    }),
  );
  const headerKey = entry.headers !== undefined ? 'headers' : 'http_headers';
  const headers = asRecord(entry[headerKey]);
  const cleanHeaders = Object.fromEntries(
    Object.entries(headers).map(([header, value]) => {
      if (!SECRET_HEADER.test(header) || typeof value !== 'string' || value.includes('${')) return [header, value];
      const variable = `${server}_${header}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
      exports.push(variable);
      return [header, /^Bearer\s/i.test(value) ? `Bearer \${${variable}}` : `\${${variable}}`];
    }),
  );
  return {
    entry: { ...entry, ...(entry.env !== undefined ? { env: cleanEnv } : {}), ...(entry[headerKey] !== undefined ? { [headerKey]: cleanHeaders } : {}) },
    exports,
  };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
