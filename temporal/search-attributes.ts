/**
 * The custom search attributes Tandem sets on every run, by name and Temporal
 * type: the one list the dev server's start flags, the check at `tandem run`,
 * the workflow's upserts and `tandem list` all read. Pure data with no imports,
 * so workflow code may reach it through contracts/.
 *
 * Types are chosen for SQL visibility (the dev server, and clusters on
 * PostgreSQL/MySQL/SQLite), which allows at most 3 Int, 3 Double, 10 Keyword and
 * 3 KeywordList custom attributes per namespace: the task counts take the 3 Ints,
 * so tokens are a Double (whole numbers, filterable all the same).
 */
export const RUN_SEARCH_ATTRIBUTES = {
  TandemRepo: 'Keyword',
  TandemPlan: 'Keyword',
  TandemBranch: 'Keyword',
  TandemState: 'Keyword',
  TandemCurrentTask: 'Keyword',
  TandemTasksDone: 'Int',
  TandemTasksFailed: 'Int',
  TandemTasksTotal: 'Int',
  TandemCostUsd: 'Double',
  TandemTokens: 'Double',
  TandemImplementer: 'Keyword',
  TandemReviewers: 'KeywordList',
  /** The normalized URL of the remote a `--remote` run's branch travels through (contracts/remote-url.ts). */
  TandemRemote: 'Keyword',
} as const;

export type TandemSearchAttributeName = keyof typeof RUN_SEARCH_ATTRIBUTES;
export type SearchAttributeTypeName = (typeof RUN_SEARCH_ATTRIBUTES)[TandemSearchAttributeName];

export const RUN_SEARCH_ATTRIBUTE_NAMES = Object.keys(RUN_SEARCH_ATTRIBUTES) as TandemSearchAttributeName[];

/** `--search-attribute Name=Type` pairs for `temporal server start-dev`. */
export function devServerSearchAttributeArgs(): string[] {
  return RUN_SEARCH_ATTRIBUTE_NAMES.flatMap((name) => ['--search-attribute', `${name}=${RUN_SEARCH_ATTRIBUTES[name]}`]);
}

/** The commands that register the attributes on a cluster, one line each. */
export function registerCommands(namespace: string): string[] {
  return RUN_SEARCH_ATTRIBUTE_NAMES.map(
    (name) => `temporal operator search-attribute create --namespace ${namespace} --name ${name} --type ${RUN_SEARCH_ATTRIBUTES[name]}`,
  );
}
