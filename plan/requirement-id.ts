/*
 * Zod-free, like task-id.ts: the run workflow carries requirement ids in its
 * task inputs, and the pattern is sent to models in the plan's JSON Schema.
 */

/**
 * Requirement ids as designs write them: `R1`, `REQ-3`, `FR-2.1`, `perf_1`.
 * A leading letter, then letters, digits, `.`, `_` or `-`: nothing that could
 * break a `Requirements: R1, R2` field or a `Tandem-Requirements:` trailer.
 * Plain character classes for llama.cpp's grammar compiler (see task-id.ts).
 */
export const REQUIREMENT_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** A usable requirement id: the pattern, and not `none`, which TODO.md reserves for an empty list. */
export function isRequirementId(id: string): boolean {
  return REQUIREMENT_ID_PATTERN.test(id) && id.toLowerCase() !== 'none';
}
