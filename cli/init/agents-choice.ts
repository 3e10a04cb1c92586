/**
 * Whether `tandem init` writes AGENTS.md. Explicit flags win; on a terminal the
 * user is asked; a script (no TTY) is never asked and never surprised by a new
 * file, only told how to get one.
 */
import { createInterface } from 'node:readline/promises';

export interface AgentsChoiceInput {
  /** `--agents` (true), `--no-agents` (false), or neither (undefined). */
  flag: boolean | undefined;
  /** `--yes`: take the default answer (yes) instead of asking. */
  yes: boolean;
  /** Whether stdin and stdout are a terminal a person can answer on. */
  interactive: boolean;
  /** Asks a yes/no question; only called when interactive and no flag decided. */
  ask: (question: string) => Promise<string>;
}

export type AgentsChoice = 'create' | 'skip' | 'hint';

export const AGENTS_QUESTION = 'Create AGENTS.md from a template? [Y/n] ';

/** `create`, `skip` (the user said no), or `hint` (no TTY and no flag: print how to get one). */
export async function chooseAgents(input: AgentsChoiceInput): Promise<AgentsChoice> {
  if (input.flag !== undefined) return input.flag ? 'create' : 'skip';
  if (input.yes) return 'create';
  if (!input.interactive) return 'hint';
  const answer = (await input.ask(AGENTS_QUESTION)).trim().toLowerCase();
  return answer === '' || answer === 'y' || answer === 'yes' ? 'create' : 'skip';
}

/** Asks on the process's terminal. */
export async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}
