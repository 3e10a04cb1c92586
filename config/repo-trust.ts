/**
 * What a repository's committed tandem.yaml may not decide for the person who
 * runs Tandem on it: anything that loosens the confinement of model-written
 * commands or sends the user's credentials somewhere the repository chose.
 * Cloning a repository and running `tandem run` must not be a way for its
 * author to switch the sandbox off, mount the user's caches, pass the user's
 * tokens to commands, point a key at an endpoint of their choosing, or send the
 * run's events to a webhook of theirs, or start programs (MCP servers) of theirs.
 */
import type { KeyPath } from './key-path.js';
import { mcpSchema } from './mcp-schema.js';
import type { TandemConfig } from './schema.js';

export interface Weakening {
  path: KeyPath;
  /** What the setting would do, e.g. `turns the sandbox off`. */
  effect: string;
}

/**
 * The settings in `repo` (as written) that go beyond `user` (the user's own
 * config with defaults): sandbox kind none, caches, env.allow names and
 * providers with an apiKeyEnv that the user's config does not already have, and
 * a notify webhook other than the user's own.
 */
export function repoWeakenings(repo: Record<string, unknown>, user: TandemConfig): Weakening[] {
  const found: Weakening[] = [];
  const sandbox = asSandbox(repo.sandbox);
  if (sandbox.kind === 'none' && user.sandbox.kind !== 'none') {
    found.push({ path: typeof repo.sandbox === 'string' ? ['sandbox'] : ['sandbox', 'kind'], effect: 'turns the sandbox off (model-written commands would run as you, unconfined)' });
  }
  sandbox.caches.forEach((cache, i) => {
    if (!(user.sandbox.caches as string[]).includes(cache)) found.push({ path: ['sandbox', 'caches', i], effect: `mounts your ${cache} cache into the sandbox` });
  });
  const allow = asRecord(repo.env).allow;
  if (Array.isArray(allow)) {
    allow.forEach((name, i) => {
      if (!user.env.allow.includes(String(name))) found.push({ path: ['env', 'allow', i], effect: `passes $${String(name)} to model-written commands` });
    });
  }
  for (const [name, value] of Object.entries(asRecord(repo.providers))) {
    const provider = asRecord(value);
    if (typeof provider.apiKeyEnv !== 'string') continue;
    const mine = Object.hasOwn(user.providers, name) ? user.providers[name] : undefined;
    if (mine?.apiKeyEnv === provider.apiKeyEnv && mine.baseUrl === provider.baseUrl) continue;
    found.push({ path: ['providers', name, 'apiKeyEnv'], effect: `sends $${provider.apiKeyEnv} to ${String(provider.baseUrl)}` });
  }
  const webhook = typeof repo.notify === 'string' ? repo.notify : asRecord(repo.notify).webhook;
  if (typeof webhook === 'string' && webhook !== user.notify?.webhook) {
    // Task titles, failure reasons and the repository's path would go to a receiver the repository chose.
    found.push({ path: typeof repo.notify === 'string' ? ['notify'] : ['notify', 'webhook'], effect: `sends run events to ${webhookHost(webhook)}` });
  }
  found.push(...mcpWeakenings(repo.mcp, user));
  return found;
}

/**
 * Each MCP server the repository adds that the user's own config does not
 * define the same way: a stdio server is a program run on the user's machine,
 * an HTTP one receives the task's tool calls (and any header it names).
 */
function mcpWeakenings(raw: unknown, user: TandemConfig): Weakening[] {
  if (raw === undefined) return [];
  const parsed = mcpSchema.safeParse(raw);
  if (!parsed.success) return [];
  const wrapped = Object.keys(asRecord(raw)).length === 1 && ('mcpServers' in asRecord(raw) || 'mcp_servers' in asRecord(raw));
  const found: Weakening[] = [];
  for (const [name, server] of Object.entries(parsed.data)) {
    const mine = Object.hasOwn(user.mcp, name) ? user.mcp[name] : undefined;
    if (mine !== undefined && JSON.stringify(mine) === JSON.stringify(server)) continue;
    const path: KeyPath = wrapped ? ['mcp', Object.keys(asRecord(raw))[0]!, name] : ['mcp', name];
    const effect =
      server.transport === 'stdio'
        ? `starts the MCP server \`${[server.command, ...server.args].join(' ')}\`${server.sandbox === 'none' ? ' outside the sandbox' : ''}`
        : `sends the implementer's tool calls to ${webhookHost(server.url)}`;
    found.push({ path, effect });
  }
  return found;
}

/** Only the host: the rest of a webhook URL is often its token. */
function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'a webhook';
  }
}

function asSandbox(value: unknown): { kind: unknown; caches: string[] } {
  if (typeof value === 'string') return { kind: value, caches: [] };
  const record = asRecord(value);
  return { kind: record.kind, caches: Array.isArray(record.caches) ? record.caches.map(String) : [] };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
