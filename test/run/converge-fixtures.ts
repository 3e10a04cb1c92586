/**
 * A design with four requirements and a plan that covers three, for the
 * converge tests: the converge reviewer on the Anthropic fake finds R4 missing
 * until the branch diff writes d.txt.
 */
import type { ScriptFn } from '../fakes/index.js';
import type { Conversation } from '../support/conversation.js';
import { readConversation } from '../support/conversation.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';
import { tandemYaml } from './fixtures.js';
import { acceptanceVerdicts } from './converge-acceptance.js';

export const DESIGN = `# Greek letters

Four files, one letter each.

- R1: a.txt contains exactly "alpha".
- R2: b.txt contains exactly "beta".
- R3: c.txt contains exactly "gamma".
- R4: d.txt contains exactly "delta".
`;

export const CONVERGE_PLAN = `# Plan: Greek letters

> Source: design.md

- [ ] T1: Write alpha
  - Acceptance:
    - a.txt contains exactly "alpha"
  - Verify: \`grep -qx alpha a.txt\`
  - Depends on: none
- [ ] T2: Write beta
  - Acceptance:
    - b.txt contains exactly "beta"
  - Verify: \`grep -qx beta b.txt\`
  - Depends on: none
- [ ] T3: Write gamma
  - Acceptance:
    - c.txt contains exactly "gamma"
  - Verify: \`grep -qx gamma c.txt\`
  - Depends on: none
`;

/** What the implementer writes per task, T4 being the follow-up the converge review asks for. */
export const LETTERS: Record<string, { path: string; content: string }> = {
  T1: { path: 'a.txt', content: 'alpha\n' },
  T2: { path: 'b.txt', content: 'beta\n' },
  T3: { path: 'c.txt', content: 'gamma\n' },
  T4: { path: 'd.txt', content: 'delta\n' },
};

export async function convergeRepo(): Promise<TestRepo> {
  return createRepo({ 'README.md': '# Greek letters\n', 'design.md': DESIGN, 'TODO.md': CONVERGE_PLAN, 'tandem.yaml': tandemYaml() });
}

/** The round a converge request is for, from "Converge review, round N". */
export function convergeRound(conversation: Conversation): number | undefined {
  if (conversation.structured !== 'converge') return undefined;
  return Number(/Converge review, round (\d+)/.exec(conversation.firstUser)?.[1]);
}

/** The short sha the prompt's commit log gives for a task's commit (`abc1234 T1: Write alpha`), if the branch has it. */
function commitOf(conversation: Conversation, taskId: string): string | undefined {
  return new RegExp(`^([0-9a-f]{7,40}) ${taskId}: `, 'm').exec(conversation.firstUser)?.[1];
}

/** A met requirement, credited to the task that wrote its file and citing that task's commit as the log shows it (none when the log has none). */
function met(conversation: Conversation, id: string, taskId: string, text: string) {
  const commit = commitOf(conversation, taskId);
  return { id, kind: 'requirement', text, verdict: 'met', evidence: [{ ...(commit ? { commit } : {}), file: LETTERS[taskId]!.path, line: 1, test: 'npm test' }], tasks: [taskId] };
}

/**
 * A converge reviewer that reads the diff it is sent, like a real one: R4 is
 * missing until the branch adds d.txt with "delta", and then all four are met.
 * It credits each requirement to the task that did it and cites that task's
 * commit from the log in the prompt.
 */
export function convergeScript(): ScriptFn {
  return (request) => {
    const conversation = readConversation(request);
    if (convergeRound(conversation) === undefined) return undefined;
    const items = [
      met(conversation, 'R1', 'T1', 'a.txt contains exactly "alpha"'),
      met(conversation, 'R2', 'T2', 'b.txt contains exactly "beta"'),
      met(conversation, 'R3', 'T3', 'c.txt contains exactly "gamma"'),
      ...acceptanceVerdicts(conversation),
    ];
    if (conversation.firstUser.includes('+delta')) {
      return { json: { items: [...items, met(conversation, 'R4', 'T4', 'd.txt contains exactly "delta"')], followUps: [], summary: 'All four requirements are met.' } };
    }
    return {
      json: {
        items: [...items, { id: 'R4', kind: 'requirement', text: 'd.txt contains exactly "delta"', verdict: 'missing', evidence: [{ note: 'No task writes d.txt; the branch has no such file.' }], tasks: [] }],
        followUps: [{ title: 'Write delta', details: 'Create d.txt containing the word delta.', acceptance: ['d.txt contains exactly "delta"'], covers: ['R4'], dependsOn: [] }],
        summary: 'R1 to R3 are met; R4 is missing.',
      },
    };
  };
}
