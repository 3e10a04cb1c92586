/**
 * A plan half done (T1 committed) and a design that changed under it: it
 * gained a requirement (a `lowercase` option) and changed another (README
 * documents both options). The scripted planner's revision keeps T1, revises
 * T2 and appends T3, each naming the requirements it serves.
 */
import type { PlanProposal } from '../../plan/revision.js';
import type { Conversation } from '../support/conversation.js';

export const DESIGN_V2 = `# Slugify options

Add a \`separator\` option to \`slugify\`, so \`slugify('a b', {separator: '_'})\` returns \`a_b\`.
Add a \`lowercase\` option, so \`slugify('A B', {lowercase: true})\` returns \`a-b\`.
Document both options in README.md, with one example each.
`;

export const T1_DONE = `- [x] T1: Add a \`separator\` option
  - Details: Give slugify an options object with \`separator\` (default "-").
  - Acceptance:
    - \`slugify('a b', {separator: '_'})\` returns \`a_b\`
  - Verify: \`npm test\`
  - Depends on: none
  - Files: src/slugify.ts
  - Requirements: R1
`;

export const HALF_DONE = `# Plan: Add options to slugify

> Source: design.md (sha256 0badc0de…) · planner openai:gpt-5

${T1_DONE}- [ ] T2: Document the option in README
  - Details: Describe \`separator\` with one example in README.md.
  - Acceptance:
    - README.md shows \`slugify(text, {separator})\` with an example
  - Depends on: T1
  - Files: README.md
  - Requirements: R3
`;

const T1 = {
  id: 'T1',
  title: 'Add a `separator` option',
  details: 'Give slugify an options object with `separator` (default "-").',
  acceptance: ["`slugify('a b', {separator: '_'})` returns `a_b`"],
  verify: 'npm test',
  dependsOn: [],
  files: ['src/slugify.ts'],
  requirements: ['R1'],
};

/** What the planner answers to "the design changed": T1 as it is, T2 revised, T3 new. */
export const UPDATE: PlanProposal = {
  title: 'Add options to slugify',
  tasks: [
    T1,
    {
      id: 'T2',
      title: 'Document both options in README',
      details: 'Describe `separator` and `lowercase` with one example each in README.md.',
      acceptance: ['README.md shows `separator` and `lowercase`, each with an example'],
      dependsOn: ['T1', 'T3'],
      files: ['README.md'],
      requirements: ['R3'],
    },
    {
      id: 'T3',
      title: 'Add a `lowercase` option',
      details: 'Lower-case the slug when `lowercase` is true.',
      acceptance: ["`slugify('A B', {lowercase: true})` returns `a-b`"],
      dependsOn: ['T1'],
      files: ['src/slugify.ts'],
      requirements: ['R2'],
    },
  ],
  dropped: [],
};

/** True for the planner's "revise this plan for the changed design" request. */
export const isUpdateRequest = (c: Conversation): boolean => c.structured === 'plan' && c.firstUser.includes('has changed since the plan');

/** The TODO.md the update writes: T1's lines byte for byte, T2 revised in place, T3 appended. */
export function updatedTodo(source: string): string {
  return `# Plan: Add options to slugify

> Source: ${source}

${T1_DONE}- [ ] T2: Document both options in README
  - Details: Describe \`separator\` and \`lowercase\` with one example each in README.md.
  - Acceptance:
    - README.md shows \`separator\` and \`lowercase\`, each with an example
  - Depends on: T1, T3
  - Files: README.md
  - Requirements: R3
- [ ] T3: Add a \`lowercase\` option
  - Details: Lower-case the slug when \`lowercase\` is true.
  - Acceptance:
    - \`slugify('A B', {lowercase: true})\` returns \`a-b\`
  - Depends on: T1
  - Files: src/slugify.ts
  - Requirements: R2
`;
}
