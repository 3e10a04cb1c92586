/**
 * A deliberately simple heuristic for "these details describe several
 * features". A false positive costs a planner round and annoys the reviewer of
 * the plan; a false negative is caught later by plan review. So it only flags
 * blatant bundles.
 *
 * The details are cut into clauses at list items (`- `, `* `, `1. `), at `;`
 * and at "and also" / "also,". A clause counts as a feature when it starts
 * with an imperative feature verb (add, implement, create, support, …), is
 * not about tests or documentation (those belong with the feature they test)
 * and is not a lead-in ending with ":".
 * Three or more feature clauses flag the task.
 */

export const FEATURE_CLAUSE_LIMIT = 3;

const FEATURE_VERBS = new Set([
  'add',
  'build',
  'create',
  'implement',
  'introduce',
  'support',
  'migrate',
  'rewrite',
  'replace',
  'integrate',
  'expose',
  'design',
  'refactor',
]);

const SUPPORTING_WORK = /\b(tests?|testing|specs?|docs?|documentation|readme|changelog|comments?|types?)\b/i;

/** Clauses in `details` that each read like a separate feature, in order. */
export function featureClauses(details: string): string[] {
  return splitClauses(details).filter(isFeatureClause);
}

/** True when `details` looks like several features bundled into one task. */
export function describesSeveralFeatures(details: string): boolean {
  return featureClauses(details).length >= FEATURE_CLAUSE_LIMIT;
}

function splitClauses(details: string): string[] {
  return details
    .split(/\r?\n(?=[ \t]*(?:[-*+]|\d+[.)])[ \t]+)|;|\band also\b|(?:^|[.,]\s*)also,/i)
    .map((clause) => clause.replace(/^[\s]*(?:[-*+]|\d+[.)])[ \t]+/, '').trim())
    .filter((clause) => clause.length > 0);
}

function isFeatureClause(clause: string): boolean {
  // "Build the account area:" introduces the list that follows; it is not a feature of its own.
  if (clause.endsWith(':')) return false;
  const firstWord = /^[A-Za-z]+/.exec(clause)?.[0]?.toLowerCase();
  if (firstWord === undefined || !FEATURE_VERBS.has(firstWord)) return false;
  return !SUPPORTING_WORK.test(clause);
}
