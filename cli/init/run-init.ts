/**
 * What `tandem init` does, without the printing: find the repository, detect
 * the test command and models, write tandem.yaml, and optionally AGENTS.md and
 * copies of the prompt templates. Side effects are limited to those files.
 */
import { existsSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../../config/load.js';
import type { Env } from '../../config/model-spec.js';
import { parseConfig } from '../../config/parse.js';
import { TandemError } from '../../errors/tandem-error.js';
import { gitRoot } from '../workspace.js';
import { chooseAgents, type AgentsChoice } from './agents-choice.js';
import { renderAgentsMd } from './agents-md.js';
import { copyPromptTemplates, type CopyTemplatesResult } from './copy-templates.js';
import { detectTestCommands, type TestCommandCandidate } from './detect-test-command.js';
import { discoverMcpServers, type McpDiscovery } from './discover-mcp.js';
import { chooseMcp, mcpSection, type McpChoice } from './mcp-choice.js';
import { proposeModels, type ModelProposal } from './propose-models.js';
import { renderConfig } from './render-config.js';
import { recordUserMcpServers, userConfigFileFor, type UserMcpRecord } from './user-mcp-config.js';

export interface InitOptions {
  /** The `[dir]` argument; default the current directory. */
  dir?: string;
  force: boolean;
  yes: boolean;
  /** `--agents` / `--no-agents`; undefined when neither is given. */
  agents: boolean | undefined;
  templates: boolean;
  /** `--mcp` / `--no-mcp`: add the MCP servers found in the user's agent configs, or not; undefined when neither is given. */
  mcp?: boolean | undefined;
}

export interface InitIo {
  /** Only which keys are set is read; values never leave it. */
  env: Env;
  interactive: boolean;
  ask: (question: string) => Promise<string>;
}

export interface InitResult {
  root: string;
  configFile: string;
  /** `written`, or `kept`: it existed and only extras (--agents, --templates) were asked for. */
  config: 'written' | 'kept';
  tests: TestCommandCandidate[];
  models: ModelProposal;
  /** `created`, `exists`, `skipped` (declined), or `hint` (not asked: no terminal). */
  agents: 'created' | 'exists' | Exclude<AgentsChoice, 'create'>;
  templates: CopyTemplatesResult | undefined;
  /** The MCP servers found in the user's Codex / Claude Code config, whether they were added, and what went into the user's own config.yaml. */
  mcp: McpDiscovery & { choice: McpChoice; userConfig?: UserMcpRecord };
}

/**
 * Runs init in the repository containing `options.dir`. Throws TandemError
 * INIT_DIR_NOT_FOUND for a missing directory, GIT_NOT_A_REPO outside a repository, CONFIG_EXISTS when
 * tandem.yaml exists without --force (unless only extras were asked for) and CONFIG_UNREADABLE when it is no file.
 */
export async function runInit(options: InitOptions, io: InitIo): Promise<InitResult> {
  const root = await repoRootFor(options.dir ?? '.');
  const configFile = join(root, CONFIG_FILE_NAME);
  const extrasOnly = options.templates || options.agents === true;
  if (existsSync(configFile) && !statSync(configFile).isFile()) {
    // --force replaces a config file, never a folder (and whatever is in it) by that name.
    throw new TandemError(`${configFile} is ${statSync(configFile).isDirectory() ? 'a directory' : 'not a regular file'}, not a config file; tandem init wrote nothing.`, {
      code: 'CONFIG_UNREADABLE',
      hint: `Move or remove it, then run \`tandem init\` again to write ${CONFIG_FILE_NAME} there.`,
      context: { file: configFile },
    });
  }
  const keep = existsSync(configFile) && !options.force;
  if (keep && !extrasOnly) {
    throw new TandemError(`${configFile} already exists; tandem init does not overwrite it`, {
      code: 'CONFIG_EXISTS',
      hint: 'Edit it, or pass --force to replace it with a freshly detected one (--agents or --templates alone add those without touching it).',
      context: { file: configFile },
    });
  }

  const tests = await detectTestCommands(root);
  const models = proposeModels(io.env);
  const found = keep ? { servers: [], skipped: [] } : await discoverMcpServers({ root, env: io.env });
  const mcpChoice = await chooseMcp({ servers: found.servers, flag: options.mcp, yes: options.yes, interactive: io.interactive, ask: io.ask });
  if (!keep) {
    const text = (await renderConfig({ models, tests })) + (mcpChoice === 'add' ? `\n${mcpSection(found.servers)}` : '');
    // A template that no longer matches the schema is a Tandem bug: fail here, not in the user's next run.
    parseConfig(text, CONFIG_FILE_NAME);
    await writeFile(configFile, text);
  }
  // The user's own servers go into their config.yaml too, so their next run trusts tandem.yaml's copies; the repository's .mcp.json stays untrusted.
  const fromUser = found.servers.filter((server) => server.fromUser);
  const userConfig = !keep && mcpChoice === 'add' && fromUser.length > 0 ? await recordUserMcpServers({ file: userConfigFileFor(io.env), servers: fromUser, home: io.env.HOME }) : undefined;

  let agents: InitResult['agents'] = 'exists';
  const agentsFile = join(root, 'AGENTS.md');
  if (!existsSync(agentsFile)) {
    const choice = await chooseAgents({ flag: options.agents, yes: options.yes, interactive: io.interactive, ask: io.ask });
    if (choice === 'create') await writeFile(agentsFile, await renderAgentsMd({ root, tests }), { flag: 'wx' });
    agents = choice === 'create' ? 'created' : choice;
  }

  const templates = options.templates ? await copyPromptTemplates(root) : undefined;
  return { root, configFile, config: keep ? 'kept' : 'written', tests, models, agents, templates, mcp: { ...found, choice: mcpChoice, ...(userConfig === undefined ? {} : { userConfig }) } };
}

/**
 * The git top level containing `dir`. Outside a repository nothing is written:
 * Tandem commits every task with git, and a tandem.yaml in the wrong folder
 * (a parent of the project, the home directory) would go unnoticed.
 */
async function repoRootFor(dir: string): Promise<string> {
  const absolute = resolve(dir);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    throw new TandemError(`${absolute} is not a directory`, {
      code: 'INIT_DIR_NOT_FOUND',
      hint: 'Pass the repository directory (or run tandem init inside it).',
      context: { file: absolute },
    });
  }
  const root = await gitRoot(absolute);
  if (root === undefined) {
    throw new TandemError(`${absolute} is not inside a git repository, so tandem init wrote nothing.`, {
      code: 'GIT_NOT_A_REPO',
      hint: 'Tandem commits each task and rolls failures back with git: run `git init` there (or cd into your repository), then `tandem init` again.',
      context: { file: absolute },
    });
  }
  return root;
}
