/**
 * A flag and its `--no-` form on one command line (`--agents --no-agents`):
 * commander keeps whichever came last, so one of two contradicting answers
 * would be dropped without a word. They are refused instead.
 */
import type { Command } from 'commander';
import { TandemError } from '../errors/tandem-error.js';

/**
 * Makes `command` refuse, before its action runs, a line that gives both `--<name>` and
 * `--no-<name>` for any of `names`: TandemError USAGE (exit 2) naming both flags.
 */
export function refuseBothSides(command: Command, names: readonly string[]): Command {
  // Commander reports each occurrence as an event; the parsed value keeps only the last.
  const given = new Set<string>();
  for (const name of names) {
    for (const flag of [name, `no-${name}`]) command.on(`option:${flag}`, () => given.add(flag));
  }
  return command.hook('preAction', () => {
    const both = names.find((name) => given.has(name) && given.has(`no-${name}`));
    given.clear(); // a program parsed again (the tests) starts afresh
    if (both === undefined) return;
    throw new TandemError(`--${both} and --no-${both} contradict each other.`, {
      code: 'USAGE',
      hint: `Give one of them: --${both} to say yes without asking, --no-${both} to say no without asking (or neither, to be asked).`,
      context: { flags: `--${both}, --no-${both}` },
    });
  });
}
