/**
 * The closed sets a run setting chooses from, as values: the config schema's
 * enums, the CLI's help and flag parsing, and the workflows all derive from
 * these lists (the sandbox's choices are in sandbox.ts), so adding a choice is one edit. Pure and zod-free, so workflow
 * code may import it.
 */

/** How several reviewers' verdicts combine: all must approve, any one is enough, or a majority. */
export const REVIEW_POLICIES = ['all', 'any', 'majority'] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

/** What a run does after a task fails: stop, or continue with tasks that do not depend on it. */
export const ON_FAILURE_MODES = ['stop', 'continue'] as const;
export type OnFailureMode = (typeof ON_FAILURE_MODES)[number];

/** True when `value` is one of `choices`; narrows a flag's string to the choice type. */
export function isOneOf<T extends string>(choices: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value);
}
