/**
 * `tandem list` through Temporal's visibility API only: the query that finds
 * runs by their search attributes, and one plain row per run. Works the same
 * on the dev server and on a cluster, and needs no worker.
 */
import type { WorkflowExecutionInfo } from '@temporalio/client';
import { RUN_ATTRIBUTE_KEYS, RUN_VISIBLE_STATES, type RunVisibleState } from '../../contracts/search-attributes.js';

export interface RunListFilter {
  /** A TandemState value, or `paused` for any pause. */
  state?: string;
  /** Absolute repository root. */
  repo?: string;
}

export interface RunListRow {
  workflowId: string;
  repo?: string;
  plan?: string;
  branch?: string;
  /** TandemState, or the execution's own status when it ended some other way (terminated, timed out...). */
  state: string;
  currentTask?: string;
  tasks: { done?: number; failed?: number; total?: number };
  costUsd?: number;
  tokens?: number;
  implementer?: string;
  reviewers?: string[];
  startedAt: string;
  closedAt?: string;
}

/** The states `--state` accepts: each TandemState value, and `paused` for all pauses. */
export const STATE_FILTERS = [...RUN_VISIBLE_STATES, 'paused'] as const;

export function listQuery(filter: RunListFilter): string {
  const clauses = [`WorkflowType = 'runWorkflow'`];
  if (filter.state === 'paused') {
    const paused = RUN_VISIBLE_STATES.filter((state) => state.startsWith('paused:'));
    clauses.push(`${RUN_ATTRIBUTE_KEYS.state.name} IN (${paused.map(literal).join(', ')})`);
  } else if (filter.state) {
    clauses.push(`${RUN_ATTRIBUTE_KEYS.state.name} = ${literal(filter.state)}`);
  }
  if (filter.repo) clauses.push(`${RUN_ATTRIBUTE_KEYS.repo.name} = ${literal(filter.repo)}`);
  return clauses.join(' AND ');
}

export function toRow(execution: WorkflowExecutionInfo): RunListRow {
  const attributes = execution.typedSearchAttributes;
  const K = RUN_ATTRIBUTE_KEYS;
  const state = attributes.get(K.state) as RunVisibleState | undefined;
  return {
    workflowId: execution.workflowId,
    repo: attributes.get(K.repo),
    plan: attributes.get(K.plan),
    branch: attributes.get(K.branch),
    state: shownState(execution.status.name, state),
    currentTask: attributes.get(K.currentTask),
    tasks: { done: attributes.get(K.done), failed: attributes.get(K.failed), total: attributes.get(K.total) },
    costUsd: attributes.get(K.costUsd),
    tokens: attributes.get(K.tokens),
    implementer: attributes.get(K.implementer),
    reviewers: attributes.get(K.reviewers),
    startedAt: execution.startTime.toISOString(),
    ...(execution.closeTime ? { closedAt: execution.closeTime.toISOString() } : {}),
  };
}

/**
 * A run the workflow ended itself says how in TandemState; one that ended
 * otherwise (terminated, timed out, a workflow failure) shows that, since its
 * TandemState stopped where it was.
 */
function shownState(status: string, state: RunVisibleState | undefined): string {
  if (status === 'RUNNING') return state ?? 'running';
  if (status === 'COMPLETED') return state && !isOpenState(state) ? state : 'completed';
  if (status === 'CONTINUED_AS_NEW') return state ?? 'running';
  return status.toLowerCase();
}

function isOpenState(state: RunVisibleState): boolean {
  return state === 'running' || state.startsWith('paused:') || state === 'waiting:approval' || state === 'cancelling';
}

/** A visibility query string literal; double quotes when the value holds a single one. */
function literal(value: string): string {
  return value.includes("'") ? `"${value.replace(/"/g, '\\"')}"` : `'${value}'`;
}
