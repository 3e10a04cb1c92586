/**
 * `tandem init [dir]`: writes a commented tandem.yaml for the repository, with
 * the test command and models detected, and offers an AGENTS.md.
 */
import type { Command } from 'commander';
import { vendorKeyVariables } from '../../models/providers/registry.js';
import { askOnTerminal } from '../init/agents-choice.js';
import { refuseBothSides } from '../flag-pairs.js';
import { describeInit } from '../init/init-summary.js';
import { runInit, type InitIo, type InitResult } from '../init/run-init.js';

interface InitFlags {
  yes?: boolean;
  force?: boolean;
  agents?: boolean;
  templates?: boolean;
  mcp?: boolean;
}

const EXAMPLES = `
Examples:
  tandem init                  write tandem.yaml in this repository
  tandem init ../other-repo    ... in another one
  tandem init --force --yes    replace tandem.yaml, and write AGENTS.md if missing, without asking
  tandem init --no-agents      never offer AGENTS.md
  tandem init --templates      copy the prompt templates into .tandem/templates/ to edit them

The test command is detected from a Makefile "test:" target, package.json
scripts.test (npm, pnpm, yarn or bun), Cargo.toml, go.mod, then pytest config;
when several match, the first in that order is used and the others are listed
in a comment. Models are proposed from ${vendorKeyVariables().join(' / ')}
(names only; key values are never written). Without a terminal, AGENTS.md is
only created with --agents or --yes. MCP servers found in .mcp.json,
~/.claude.json and ~/.codex/config.toml are listed and, when accepted (--mcp,
--yes or on a terminal), written under mcp: without their secrets; those
from your own configs also go into your $TANDEM_HOME/config.yaml, so your
runs trust them. A flag with its --no- form (--agents --no-agents) is refused.
`;

/** Registers `tandem init`. `io` is for tests; the CLI uses the process's environment and terminal. */
export function registerInitCommand(program: Command, io: Partial<InitIo> & { write?: (text: string) => void } = {}): void {
  const init = program
    .command('init')
    .description('write a commented tandem.yaml (test command and models detected) and offer an AGENTS.md')
    .argument('[dir]', 'directory inside the repository (default: the current directory)')
    .option('-y, --yes', 'do not ask; take the default answers (creates AGENTS.md if missing)')
    .option('-f, --force', 'overwrite an existing tandem.yaml')
    .option('--agents', 'create AGENTS.md from a template if the repository has none, without asking')
    .option('--no-agents', 'do not create AGENTS.md and do not ask')
    .option('--mcp', "add the MCP servers found in your Codex / Claude Code config to tandem.yaml, without asking")
    .option('--no-mcp', 'do not add MCP servers and do not ask')
    .option('--templates', 'copy the built-in prompt templates into .tandem/templates/ for editing (keeps existing files)')
    .addHelpText('after', EXAMPLES);
  refuseBothSides(init, ['agents', 'mcp']).action(async (dir: string | undefined, flags: InitFlags) => {
    await initCommand(dir, flags, io);
  });
}

/** Runs init and prints the report; errors propagate as TandemError for the CLI to print (exit 2). */
export async function initCommand(
  dir: string | undefined,
  flags: InitFlags,
  io: Partial<InitIo> & { write?: (text: string) => void } = {},
): Promise<InitResult> {
  const result = await runInit(
    { ...(dir === undefined ? {} : { dir }), force: flags.force === true, yes: flags.yes === true, agents: flags.agents, templates: flags.templates === true, mcp: flags.mcp },
    {
      env: io.env ?? process.env,
      interactive: io.interactive ?? (process.stdin.isTTY === true && process.stdout.isTTY === true),
      ask: io.ask ?? askOnTerminal,
    },
  );
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  write(`${describeInit(result).join('\n')}\n`);
  return result;
}
