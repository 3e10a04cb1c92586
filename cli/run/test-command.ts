/**
 * Refuses a test command whose program does not exist before a run starts.
 * The baseline would find out too (exit 127, TestCommandNotFound), but only
 * after the run branch was created and checked out; a typo in `test:` should
 * leave the repository as it was.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { execa } from 'execa';
import { TandemError } from '../../errors/tandem-error.js';
import { NO_TEST_COMMAND } from '../../config/schema.js';

export interface TestCommandCheck {
  /** The command as the run would execute it (`bash -c command`); nothing to check when undefined. */
  command: string | undefined;
  /** Where it runs: the repository root. */
  repo: string;
  /** Where it was set, for the message: `--test` or `test: in tandem.yaml`. */
  source: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Throws TEST_COMMAND_NOT_FOUND when the command's program is neither a shell
 * builtin or keyword, nor on PATH, nor (for a path like `./gradlew`) a file in
 * the repository. Only a plain first word is judged (after `NAME=value`
 * assignments); a command the shell must expand first is left to the baseline.
 */
export async function assertTestCommandExists(input: TestCommandCheck): Promise<void> {
  if (input.command === undefined || input.command.trim() === '') return;
  const program = programOf(input.command);
  if (program === undefined || (await exists(program, input))) return;
  throw new TandemError(`The test command \`${input.command}\` (${input.source}) cannot run: ${program} is not a command on PATH${program.includes('/') ? ' or a file in the repository' : ''}.`, {
    code: 'TEST_COMMAND_NOT_FOUND',
    hint: 'Fix `test:` in tandem.yaml or pass --test "<command>" (e.g. --test "npm test"); `tandem init` proposes one for your project.',
    context: { setting: 'test', command: input.command, program },
  });
}

/** The word bash would run first, or undefined when it is not a plain word. */
export function programOf(command: string): string | undefined {
  const words = command.trim().split(/\s+/);
  const first = words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
  // Quotes, expansions, globs, redirections, subshells: the shell decides what runs.
  return first !== undefined && /^[\w./+@%:,-]+$/.test(first) ? first : undefined;
}

async function exists(program: string, input: TestCommandCheck): Promise<boolean> {
  // A path is run as is (`./gradlew`): exists or not; a file that is not executable fails differently (126).
  if (program.includes('/')) return existsSync(isAbsolute(program) ? program : join(input.repo, program));
  const found = await execa('bash', ['-c', 'command -v -- "$1"', 'bash', program], {
    cwd: input.repo,
    reject: false,
    ...(input.env ? { env: input.env, extendEnv: false } : {}),
  });
  // No bash to ask (exitCode undefined): not ours to judge here; the baseline will say.
  return found.exitCode !== 1;
}

/**
 * Says, at the start of every run, that no project test command will run:
 * tasks are then judged by their own Verify: lines and the review alone.
 * Silent when the user said so on purpose (`test: none` or `--test none`).
 */
export function warnIfNoTestCommand(input: { testCommand: string | undefined; flag: string | undefined; configured: string | undefined }, write: (text: string) => void = (text) => {
    process.stderr.write(text);
  },
): void {
  if (input.testCommand !== undefined || (input.flag ?? input.configured) === NO_TEST_COMMAND) return;
  write(
    'tandem: warning: no test command is configured, so no project tests run after each task: a task is committed once its own Verify: passes and the review approves.\n' +
      '  Set `test:` in tandem.yaml (or pass --test "<command>"); write `test: none` to say the project has none and silence this warning.\n',
  );
}
