/** TODO.md texts shared by the plan tests. */

/** The canonical example from the format spec (issue 4), byte for byte. */
export const CANONICAL = `# Plan: Add options to slugify

> Source: design.md (sha256 3f2a…) · planner openai:gpt-5 · plan review anthropic:claude-opus-5-5 (approved, round 2)

- [ ] T1: Add a \`separator\` option
  - Details: Free text, which may continue on further indented lines.
  - Acceptance:
    - \`slugify('a b', {separator: '_'})\` returns \`a_b\`
    - existing tests still pass
  - Verify: \`npm test\`
  - Depends on: none
  - Files: src/slugify.ts, test/slugify.test.ts
  - Requirements: R1, R2
- [ ] T2: Document the option in README
  - Depends on: T1
`;

/** What a person might write: `*` bullets, `[X]`, odd indentation, blank lines, fields out of order, odd case. */
export const HAND_WRITTEN = `Some intro written by hand.

# Slugify options

* [X] T1: Add a separator option   
    * files: src/slugify.ts
    * ACCEPTANCE:
        * works with \`_\`
        * works with
          multiple words

    * details: Change the signature.
      Keep the default.
    * Owner: alice
    * verify: npm test
* [ ] T1a: Docs

    * depends on: T1
    * reqs: \`REQ-2\` R1.a
    * Reason: waiting for review
* [-] T2: Drop legacy API
  - Depends: T1, T1a
  - reason: not needed
`;

/** HAND_WRITTEN after one parse → render: the normalisation documented in plan/todo-format.md. */
export const HAND_WRITTEN_CANONICAL = `# Plan: Slugify options

Some intro written by hand.

- [x] T1: Add a separator option
  - Details: Change the signature.
    Keep the default.
  - Acceptance:
    - works with \`_\`
    - works with multiple words
  - Verify: \`npm test\`
  - Depends on: none
  - Files: src/slugify.ts
  - Owner: alice
- [ ] T1a: Docs
  - Reason: waiting for review
  - Depends on: T1
  - Requirements: REQ-2, R1.a
- [-] T2: Drop legacy API
  - Reason: not needed
  - Depends on: T1, T1a
`;
