/**
 * What a run shows in Temporal's visibility (the Web UI's list, `tandem list`):
 * its search attribute values, derived from the run's status by pure functions
 * so the workflow, the CLI's start and the tests agree on them. Names and types
 * come from the one list in temporal/search-attributes.ts.
 */
import { defineSearchAttributeKey, type SearchAttributePair, type SearchAttributeUpdatePair } from '@temporalio/common';
import { RUN_SEARCH_ATTRIBUTES, type TandemSearchAttributeName } from '../temporal/search-attributes.js';
import { normalizeRemoteUrl } from './remote-url.js';
import { spendTokens, type RunLocation, type RunSettings, type RunStatus } from './run.js';

/**
 * `TandemState` values. A run whose tasks failed completes normally (its result
 * stays readable) and says `failed` here. `waiting:approval`: the run waits
 * for a person's `tandem approve` (`--approve`). `cancelling`: a cancel is
 * recorded and the running task still has to roll back, which takes a worker.
 */
export const RUN_VISIBLE_STATES = [
  'running',
  'paused:user',
  'paused:budget',
  'paused:git',
  'paused:provider',
  'paused:worker',
  'waiting:approval',
  'cancelling',
  'failed',
  'completed',
  'cancelled',
] as const;
export type RunVisibleState = (typeof RUN_VISIBLE_STATES)[number];

const SDK_TYPE = { Keyword: 'KEYWORD', Int: 'INT', Double: 'DOUBLE', KeywordList: 'KEYWORD_LIST' } as const;
type SdkTypeOf<N extends TandemSearchAttributeName> = (typeof SDK_TYPE)[(typeof RUN_SEARCH_ATTRIBUTES)[N]];

function key<N extends TandemSearchAttributeName>(name: N): { name: string; type: SdkTypeOf<N> } {
  return defineSearchAttributeKey(name, SDK_TYPE[RUN_SEARCH_ATTRIBUTES[name]] as SdkTypeOf<N>);
}

export const RUN_ATTRIBUTE_KEYS = {
  repo: key('TandemRepo'),
  plan: key('TandemPlan'),
  branch: key('TandemBranch'),
  state: key('TandemState'),
  currentTask: key('TandemCurrentTask'),
  done: key('TandemTasksDone'),
  failed: key('TandemTasksFailed'),
  total: key('TandemTasksTotal'),
  costUsd: key('TandemCostUsd'),
  tokens: key('TandemTokens'),
  implementer: key('TandemImplementer'),
  reviewers: key('TandemReviewers'),
  remote: key('TandemRemote'),
};

/** One run's search attribute values. */
export interface RunAttributes {
  repo: string;
  plan: string;
  /** Absent when payloads are encrypted: the branch is named after the plan's title, and attributes are plaintext. */
  branch?: string;
  state: RunVisibleState;
  /** The task running now; absent between tasks and at the end. */
  currentTask?: string;
  /** Committed tasks. */
  done: number;
  /** Failed tasks, and tasks blocked behind one. */
  failed: number;
  total: number;
  /** Spend of the finished tasks (a running task's spend joins when it ends). */
  costUsd: number;
  tokens: number;
  implementer: string;
  reviewers: string[];
  /** `--remote` runs: the normalized URL their branch travels through. Set at start only (startAttributes). */
  remote?: string;
}

/** The list column for a status: a pause says its kind, `preparing` counts as running. */
export function visibleState(status: Pick<RunStatus, 'state' | 'pauseKind' | 'cancelRequested' | 'approval'>): RunVisibleState {
  const open = !['completed', 'failed', 'cancelled'].includes(status.state);
  if (status.cancelRequested && open) return 'cancelling';
  if (status.approval && open) return 'waiting:approval';
  switch (status.state) {
    case 'paused':
      return `paused:${status.pauseKind ?? 'user'}`;
    case 'completed':
    case 'failed':
    case 'cancelled':
      return status.state;
    default:
      return 'running';
  }
}

/** What a run may show beyond its status. */
export interface RunAttributeOptions {
  /** Search attributes are never encrypted: with TANDEM_ENCRYPTION_KEY set, the branch (named after the plan's title) stays out. */
  showBranch: boolean;
}

export function runAttributes(
  location: RunLocation,
  settings: Pick<RunSettings, 'implementer' | 'reviewers'>,
  status: RunStatus,
  options: RunAttributeOptions,
): RunAttributes {
  const count = (...states: string[]) => status.tasks.filter((task) => states.includes(task.state)).length;
  return {
    repo: location.repo,
    plan: location.planRelPath,
    ...(options.showBranch ? { branch: location.branch } : {}),
    state: visibleState(status),
    ...(status.currentTaskId && !['completed', 'failed', 'cancelled'].includes(status.state) ? { currentTask: status.currentTaskId } : {}),
    done: count('committed'),
    failed: count('failed', 'blocked'),
    total: status.tasks.length,
    costUsd: status.spend.costUsd,
    tokens: spendTokens(status.spend),
    implementer: settings.implementer.spec,
    reviewers: settings.reviewers.map((reviewer) => reviewer.spec),
    ...(location.remote ? { remote: normalizeRemoteUrl(location.remote.url) } : {}),
  };
}

/**
 * The pairs to upsert: every value, and `null` to clear the current task when none runs.
 * TandemRemote is not among them: it never changes, so the start sets it, and the
 * workflow's upserts stay what runs in flight (and clusters without it) expect.
 */
export function attributeUpdates(values: RunAttributes): SearchAttributeUpdatePair[] {
  const K = RUN_ATTRIBUTE_KEYS;
  return [
    { key: K.repo, value: values.repo },
    { key: K.plan, value: values.plan },
    { key: K.branch, value: values.branch ?? null },
    { key: K.state, value: values.state },
    { key: K.currentTask, value: values.currentTask ?? null },
    { key: K.done, value: values.done },
    { key: K.failed, value: values.failed },
    { key: K.total, value: values.total },
    { key: K.costUsd, value: values.costUsd },
    { key: K.tokens, value: values.tokens },
    { key: K.implementer, value: values.implementer },
    { key: K.reviewers, value: values.reviewers },
  ];
}

/** The pairs a new run starts with (a start takes no `null`). */
export function startAttributes(values: RunAttributes): SearchAttributePair[] {
  const pairs = attributeUpdates(values).filter((pair): pair is SearchAttributePair => pair.value !== null);
  return values.remote === undefined ? pairs : [...pairs, { key: RUN_ATTRIBUTE_KEYS.remote, value: values.remote }];
}
