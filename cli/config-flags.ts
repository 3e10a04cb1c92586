/**
 * The config a `plan` or `run` command works with: the user's and the
 * repository's files, as the command's flags allow (--config,
 * --trust-repo-config, the demo's scripted models), with its role flags on top.
 */
import { loadConfig, readConfig, type ReadConfigResult, type ResolvedConfig } from '../config/load.js';
import type { RoleOverrides } from '../config/roles.js';
import { TandemError } from '../errors/tandem-error.js';

export interface ConfigFlags {
  config?: string;
  trustRepoConfig?: boolean;
  /** Set by `tandem demo` only (no flag): lets its `scripted:` models through. */
  scriptedModels?: boolean;
}

export function loadCommandConfig(repo: string, flags: ConfigFlags, overrides: RoleOverrides): Promise<ResolvedConfig> {
  return loadConfig({
    repoRoot: repo,
    configPath: flags.config,
    env: process.env,
    trustRepoConfig: flags.trustRepoConfig === true,
    allowScriptedModels: flags.scriptedModels === true,
    overrides,
  });
}

/** The same files without resolving models: what a command needs before it knows whether a run is open. */
export function readCommandConfig(repo: string, flags: ConfigFlags): Promise<ReadConfigResult> {
  return readConfig({ repoRoot: repo, configPath: flags.config, env: process.env, trustRepoConfig: flags.trustRepoConfig === true });
}

/**
 * For `.catch()` on a config load: MODELS_NOT_CONFIGURED comes back as a value,
 * since an open run or planning may supply the models it recorded; any other
 * config error is thrown, before a server is started.
 */
export function keepModelsMissing(error: unknown): TandemError {
  if (error instanceof TandemError && error.code === 'MODELS_NOT_CONFIGURED') return error;
  throw error;
}
