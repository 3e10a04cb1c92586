/** The plans the scripted planner answers with, and the TODO.md they become. */
import type { Plan } from '../../plan/schema.js';

const T1 = {
  id: 'T1',
  title: 'Add a `separator` option',
  details: 'Give slugify an options object with `separator` (default "-").\nJoin words with it instead of a hard-coded dash.',
  acceptance: ["`slugify('a b', {separator: '_'})` returns `a_b`", 'existing tests still pass'],
  verify: 'npm test',
  dependsOn: [],
  files: ['src/slugify.ts', 'test/slugify.test.ts'],
  requirements: ['R1'],
};

const T2 = {
  id: 'T2',
  title: 'Document the option in README',
  details: 'Describe `separator` with one example in README.md.',
  acceptance: ['README.md shows `slugify(text, {separator})` with an example'],
  dependsOn: ['T1'],
  files: ['README.md'],
  requirements: ['R1', 'R2'],
};

/** Round 1: forgets the README, which the design asks for. */
export const DRAFT: Plan = { title: 'Add options to slugify', tasks: [T1] };

/** Round 2: answers the reviewer by adding the README task. */
export const REVISED: Plan = { title: 'Add options to slugify', tasks: [T1, T2] };

/** T1 and T2 depend on each other: invalid, must go back to the planner. */
export const CYCLIC: Plan = { title: 'Add options to slugify', tasks: [{ ...T1, dependsOn: ['T2'] }, T2] };

export const README_COMMENT = 'The design asks for the option to be documented in README.md; no task does that.';

/** The canonical TODO.md for REVISED, given the Source line's text. */
export function revisedTodo(source: string): string {
  return `# Plan: Add options to slugify

> Source: ${source}

- [ ] T1: Add a \`separator\` option
  - Details: Give slugify an options object with \`separator\` (default "-").
    Join words with it instead of a hard-coded dash.
  - Acceptance:
    - \`slugify('a b', {separator: '_'})\` returns \`a_b\`
    - existing tests still pass
  - Verify: \`npm test\`
  - Depends on: none
  - Files: src/slugify.ts, test/slugify.test.ts
  - Requirements: R1
- [ ] T2: Document the option in README
  - Details: Describe \`separator\` with one example in README.md.
  - Acceptance:
    - README.md shows \`slugify(text, {separator})\` with an example
  - Depends on: T1
  - Files: README.md
  - Requirements: R1, R2
`;
}
