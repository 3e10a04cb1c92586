/**
 * Finds, reads and resolves the config: the user's own `$TANDEM_HOME/config.yaml`
 * (optional), then the repository's `tandem.yaml` (or `--config PATH`) over it.
 * A repository's file may not weaken the sandbox or send credentials elsewhere
 * (see repo-trust.ts) unless the user trusts it. A missing file means defaults;
 * an explicit `--config PATH` that does not exist is an error.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { tandemHome } from '../temporal/state-dir.js';
import type { Env } from './model-spec.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { unwrapMcpServers } from './mcp-schema.js';
import { parseConfig, type ParsedConfig } from './parse.js';
import { repoWeakenings } from './repo-trust.js';
import { resolveRoles, type ResolvedRoles, type RoleOverrides } from './roles.js';
import { DEFAULT_CONFIG, tandemConfigSchema, type TandemConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'tandem.yaml';
/** The user's own config, in $TANDEM_HOME: the only place besides flags that may loosen the sandbox. */
export const USER_CONFIG_FILE_NAME = 'config.yaml';

export interface ReadConfigInput {
  /** Root of the target repository, where `tandem.yaml` is looked for. */
  repoRoot: string;
  /** `--config PATH`, relative to the current directory. A file outside the repository counts as the user's own. */
  configPath?: string;
  /** Where TANDEM_HOME (and so the user's config.yaml) is found. Default: process.env. */
  env?: Env;
  /** `--trust-repo-config`: accept the repository's settings even where they weaken the sandbox. */
  trustRepoConfig?: boolean;
}

export interface LoadConfigInput extends ReadConfigInput {
  env: Env;
  overrides?: RoleOverrides;
  /** Lets `scripted:` models through: `tandem demo` only (and tests), never a file or a flag. */
  allowScriptedModels?: boolean;
}

export interface ReadConfigResult {
  config: TandemConfig;
  /** Absolute path of the repository's file (or --config) read; undefined when there was none. */
  configFile: string | undefined;
  /** Absolute path of the user's config.yaml when it exists. */
  userConfigFile?: string | undefined;
  /** Labels a key path as `tandem.yaml:<line>: <path>` (or the user file's) for later errors. */
  locate: (path: KeyPath) => string;
}

/** Config plus the resolved roles. `models.allowSameModelReview` includes the CLI flag. */
export type ResolvedConfig = TandemConfig & { roles: ResolvedRoles; configFile: string | undefined; userConfigFile?: string | undefined };

/** Where the user's own config lives: `$TANDEM_HOME/config.yaml` (default `~/.tandem/config.yaml`). */
export function userConfigPath(env: Env = process.env): string {
  return join(tandemHome(env as NodeJS.ProcessEnv), USER_CONFIG_FILE_NAME);
}

/**
 * Reads and validates the config without resolving models, for commands that
 * need no model (status, init, logs): they must work without any API key.
 * Throws TandemError CONFIG_INVALID, CONFIG_NOT_FOUND, CONFIG_UNREADABLE or
 * REPO_CONFIG_NOT_TRUSTED.
 */
export async function readConfig(input: ReadConfigInput): Promise<ReadConfigResult> {
  const userFile = userConfigPath(input.env);
  const userText = await readText(userFile, false, 'Fix or remove your own config file.');
  const user = userText === undefined ? undefined : parseConfig(userText, userFile);
  const userConfigFile = user === undefined ? undefined : userFile;

  const explicit = input.configPath !== undefined;
  const repoRoot = resolve(input.repoRoot);
  const file = explicit ? resolve(input.configPath as string) : join(repoRoot, CONFIG_FILE_NAME);
  const text = await readText(file, explicit, 'Check the --config path, or omit it to use tandem.yaml in the repository root.');
  if (text === undefined) return { config: user?.config ?? DEFAULT_CONFIG, configFile: undefined, userConfigFile, locate: user?.locate ?? formatKeyPath };
  const repo = parseConfig(text, displayPath(file));

  const usersOwn = explicit && file !== repoRoot && !file.startsWith(repoRoot + sep);
  if (!usersOwn && input.trustRepoConfig !== true) assertNoWeakening(repo, user?.config ?? DEFAULT_CONFIG, userFile);
  if (user === undefined) return { config: repo.config, configFile: file, userConfigFile, locate: repo.locate };
  const config = tandemConfigSchema.parse(mergeRaw(user.raw, repo.raw));
  const locate = (path: KeyPath): string => (Object.hasOwn(repo.raw, String(path[0])) || !Object.hasOwn(user.raw, String(path[0])) ? repo.locate : user.locate)(path);
  return { config, configFile: file, userConfigFile, locate };
}

/**
 * Reads the config and resolves planner, implementer and reviewers (CLI
 * overrides, then tandem.yaml, then defaults from the keys in `env`). Does not
 * check that keys are set; call assertKeysPresent before calling a model.
 * Throws what readConfig throws, MODELS_NOT_CONFIGURED, REVIEWER_IS_IMPLEMENTER
 * or a model-spec error (MODEL_SCRIPTED_NOT_ALLOWED without allowScriptedModels).
 */
export async function loadConfig(input: LoadConfigInput): Promise<ResolvedConfig> {
  const { config, configFile, userConfigFile, locate } = await readConfig(input);
  const roles = resolveRoles({
    config,
    env: input.env,
    locate,
    allowScripted: input.allowScriptedModels === true,
    ...(input.overrides ? { overrides: input.overrides } : {}),
  });
  const allowSameModelReview = input.overrides?.allowSameModelReview === true || config.models.allowSameModelReview;
  return { ...config, models: { ...config.models, allowSameModelReview }, roles, configFile, userConfigFile };
}

function assertNoWeakening(repo: ParsedConfig, user: TandemConfig, userFile: string): void {
  const weakenings = repoWeakenings(repo.raw, user);
  if (weakenings.length === 0) return;
  const lines = weakenings.map(({ path, effect }) => `  ${repo.locate(path)}: ${effect}`);
  throw new TandemError(`The repository's config asks for what only you may decide:\n${lines.join('\n')}`, {
    code: 'REPO_CONFIG_NOT_TRUSTED',
    hint:
      `If you trust this repository's settings, pass --trust-repo-config; otherwise remove those keys from its config, ` +
      `or make the choice yours in ${userFile}. To run without the sandbox once, pass --no-sandbox.`,
    context: { key: formatKeyPath(weakenings[0]!.path) },
  });
}

/** The text of `file`, or undefined when it does not exist and need not. */
async function readText(file: string, required: boolean, hint: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    throw new TandemError(code === 'ENOENT' ? `config file not found: ${file}` : `cannot read config file ${file} (${code ?? 'error'})`, {
      code: code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE',
      hint,
      context: { file },
      cause: error,
    });
  }
}

/** The repository's settings over the user's: mappings merge key by key, anything else is replaced. */
function mergeRaw(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // MCP servers are replaced whole, by name: half of one server merged into another is neither.
    if (key === 'mcp' && isMapping(unwrapMcpServers(merged[key])) && isMapping(unwrapMcpServers(value))) {
      merged[key] = { ...(unwrapMcpServers(merged[key]) as object), ...(unwrapMcpServers(value) as object) };
      continue;
    }
    const left = key === 'sandbox' ? asMapping(merged[key]) : merged[key];
    const right = key === 'sandbox' ? asMapping(value) : value;
    merged[key] = isMapping(left) && isMapping(right) ? mergeRaw(left, right) : right;
  }
  return merged;
}

/** `sandbox: none` is short for `sandbox: { kind: none }`; merging needs the long form. */
function asMapping(value: unknown): unknown {
  return typeof value === 'string' ? { kind: value } : value;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Relative to the current directory when inside it, so messages stay short and clickable. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
