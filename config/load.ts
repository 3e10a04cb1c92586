/**
 * Finds, reads and resolves `tandem.yaml`. A repo without one gets the defaults;
 * an explicit `--config PATH` that does not exist is an error.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import type { Env } from './model-spec.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { parseConfig } from './parse.js';
import { resolveRoles, type ResolvedRoles, type RoleOverrides } from './roles.js';
import { DEFAULT_CONFIG, type TandemConfig } from './schema.js';

export const CONFIG_FILE_NAME = 'tandem.yaml';

export interface ReadConfigInput {
  /** Root of the target repository, where `tandem.yaml` is looked for. */
  repoRoot: string;
  /** `--config PATH`, relative to the current directory. */
  configPath?: string;
}

export interface LoadConfigInput extends ReadConfigInput {
  env: Env;
  overrides?: RoleOverrides;
}

export interface ReadConfigResult {
  config: TandemConfig;
  /** Absolute path of the file read; undefined when the defaults were used. */
  configFile: string | undefined;
  /** Labels a key path as `tandem.yaml:<line>: <path>` for later errors. */
  locate: (path: KeyPath) => string;
}

/** Config plus the resolved roles. `models.allowSameModelReview` includes the CLI flag. */
export type ResolvedConfig = TandemConfig & { roles: ResolvedRoles; configFile: string | undefined };

/**
 * Reads and validates the config without resolving models, for commands that
 * need no model (status, init, logs): they must work without any API key.
 */
export async function readConfig(input: ReadConfigInput): Promise<ReadConfigResult> {
  const explicit = input.configPath !== undefined;
  const file = explicit ? resolve(input.configPath as string) : join(resolve(input.repoRoot), CONFIG_FILE_NAME);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !explicit) {
      return { config: DEFAULT_CONFIG, configFile: undefined, locate: formatKeyPath };
    }
    throw new TandemError(code === 'ENOENT' ? `config file not found: ${file}` : `cannot read config file ${file} (${code ?? 'error'})`, {
      code: code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_UNREADABLE',
      hint: 'Check the --config path, or omit it to use tandem.yaml in the repository root.',
      context: { file },
      cause: error,
    });
  }
  const { config, locate } = parseConfig(text, displayPath(file));
  return { config, configFile: file, locate };
}

/**
 * Reads the config and resolves planner, implementer and reviewers (CLI
 * overrides, then tandem.yaml, then defaults from the keys in `env`). Does not
 * check that keys are set; call assertKeysPresent before calling a model.
 * Throws TandemError CONFIG_INVALID, CONFIG_NOT_FOUND, MODELS_NOT_CONFIGURED,
 * REVIEWER_IS_IMPLEMENTER or a model-spec error.
 */
export async function loadConfig(input: LoadConfigInput): Promise<ResolvedConfig> {
  const { config, configFile, locate } = await readConfig(input);
  const roles = resolveRoles({ config, env: input.env, locate, ...(input.overrides ? { overrides: input.overrides } : {}) });
  const allowSameModelReview = input.overrides?.allowSameModelReview === true || config.models.allowSameModelReview;
  return { ...config, models: { ...config.models, allowSameModelReview }, roles, configFile };
}

/** Relative to the current directory when inside it, so messages stay short and clickable. */
function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
