/**
 * AGENTS.md for a repository that has none: `templates/init/AGENTS.md` with the
 * facts init could detect filled in and TODO lines for the rest. Tandem's
 * planner and implementer read AGENTS.md before every task.
 */
import { basename } from 'node:path';
import { renderInitTemplate } from '../../prompts/templates.js';
import type { TestCommandCandidate } from './detect-test-command.js';

export interface AgentsMdInput {
  root: string;
  /** Detected test commands, best first. */
  tests: readonly TestCommandCandidate[];
}

/** The filled template text. */
export async function renderAgentsMd(input: AgentsMdInput): Promise<string> {
  return renderInitTemplate('AGENTS.md', {
    projectName: basename(input.root),
    language: languagesOf(input.tests) ?? 'TODO: the main language(s) and versions.',
    testCommand: input.tests[0]?.command ?? 'TODO: the command that runs all tests',
  });
}

/** `Go, Python` from the detected ecosystems; Make is a runner, not a language. */
function languagesOf(tests: readonly TestCommandCandidate[]): string | undefined {
  const languages = [...new Set(tests.map((test) => test.language).filter((language) => language !== 'Make'))];
  return languages.length === 0 ? undefined : languages.join(', ');
}
