/**
 * Records the MCP servers `tandem init` copied from the user's own agent
 * configs in the user's own config.yaml too. A repository's `mcp:` entry runs
 * only when the user's config defines the same server the same way
 * (config/repo-trust.ts), so without this init's own tandem.yaml would be
 * refused by the user's next `tandem run`. The file is edited through the
 * yaml Document API so its comments and layout survive; a same-name server
 * that differs is the user's decision and is never overwritten.
 */
import { tandemHomeSetting } from '../../settings/environment.js';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { isMap, isNode, isScalar, parseDocument, type Document } from 'yaml';
import { userConfigPath } from '../../config/load.js';
import { mcpSchema } from '../../config/mcp-schema.js';
import type { Env } from '../../config/model-spec.js';
import { parseConfig } from '../../config/parse.js';
import type { FoundMcpServer } from './discover-mcp.js';

export interface UserMcpRecord {
  /** The user's config.yaml. */
  file: string;
  /** The same, as the summary shows it: `~/.tandem/config.yaml` when under HOME. */
  shownAs: string;
  /** Servers written to it now. */
  added: string[];
  /** Servers it already defined the same way. */
  present: string[];
  /** Servers it defines differently under the same name: left as they are. */
  differing: string[];
  /** Why nothing was written (unreadable or invalid file); the lists above are then empty. */
  failure?: string;
}

/**
 * Where init records servers: the config.yaml `tandem run` reads. Without
 * TANDEM_HOME that is under the environment's HOME, as discovery reads the
 * agent configs there (the CLI's environment is the process's, so both agree).
 */
export function userConfigFileFor(env: Env): string {
  if (tandemHomeSetting(env) === undefined && env.HOME !== undefined) return userConfigPath({ ...env, TANDEM_HOME: join(env.HOME, '.tandem') });
  return userConfigPath(env);
}

/**
 * Merges `servers` by name into `mcp:` of `file` (created, mode 0600, when
 * missing), each exactly as tandem.yaml holds it. Never throws for a file
 * problem: the result says what was done and why not.
 */
export async function recordUserMcpServers(input: { file: string; servers: readonly FoundMcpServer[]; home?: string | undefined }): Promise<UserMcpRecord> {
  const under = input.home === undefined ? '' : relative(input.home, input.file);
  const shownAs = under !== '' && !under.startsWith('..') && !isAbsolute(under) ? `~/${under}` : input.file;
  const record: UserMcpRecord = { file: input.file, shownAs, added: [], present: [], differing: [] };
  let text: string | undefined;
  try {
    text = await readFile(input.file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ...record, failure: `cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const doc = parseDocument(text ?? '');
  if (doc.errors.length > 0) return { ...record, failure: 'it is not valid YAML' };
  const base = mcpPath(doc);
  if (base === undefined) return { ...record, failure: 'its `mcp:` is not a mapping of servers' };

  for (const server of input.servers) {
    const existing: unknown = doc.getIn([...base, server.name]);
    if (existing === undefined) {
      doc.setIn([...base, server.name], doc.createNode(server.entry));
      record.added.push(server.name);
    } else {
      const mine: unknown = isNode(existing) ? existing.toJSON() : existing;
      (sameServer(server.name, mine, server.entry) ? record.present : record.differing).push(server.name);
    }
  }
  if (record.added.length === 0) return record;

  const updated = doc.toString({ lineWidth: 0 });
  try {
    // Written only if `tandem run` will still accept the file.
    parseConfig(updated, input.file);
  } catch {
    return { ...record, added: [], present: [], differing: [], failure: 'it does not pass validation; fix it first' };
  }
  try {
    await mkdir(dirname(input.file), { recursive: true });
    // A new file is private, like the agent configs the servers came from; an existing one keeps its mode.
    await writeFile(input.file, updated, { mode: 0o600 });
  } catch (error) {
    return { ...record, added: [], present: [], differing: [], failure: `cannot write it (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  return record;
}

/** The path of the servers mapping (`mcp`, or a pasted `mcp.mcpServers`), creating an empty one; undefined if `mcp:` holds something else. */
function mcpPath(doc: Document): string[] | undefined {
  const mcp: unknown = doc.get('mcp');
  if (mcp === undefined || mcp === null || (isScalar(mcp) && mcp.value === null)) {
    if (doc.contents === null || isMap(doc.contents)) {
      doc.set('mcp', doc.createNode({}));
      return ['mcp'];
    }
    return undefined;
  }
  if (!isMap(mcp)) return undefined;
  const keys = mcp.items.map((pair) => (isScalar(pair.key) ? pair.key.value : pair.key));
  const wrapper = keys.length === 1 && (keys[0] === 'mcpServers' || keys[0] === 'mcp_servers') ? String(keys[0]) : undefined;
  if (wrapper === undefined) return ['mcp'];
  return isMap(mcp.get(wrapper)) ? ['mcp', wrapper] : undefined;
}

/** The same server as the trust check sees it: both shapes normalized, a disabled one differing from an enabled one. */
function sameServer(name: string, mine: unknown, entry: Record<string, unknown>): boolean {
  const left = mcpSchema.safeParse({ [name]: mine });
  const right = mcpSchema.safeParse({ [name]: entry });
  return left.success && right.success && JSON.stringify(left.data) === JSON.stringify(right.data);
}
