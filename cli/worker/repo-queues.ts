/**
 * The task queues of a repository's open runs, found through visibility (the
 * TandemRepo search attribute), for `tandem worker --repo`. Only per-run
 * queues are served: a run on a queue the user chose to share is served by a
 * worker started for that queue, which is named instead.
 */
import type { Client } from '@temporalio/client';
import { RUN_ATTRIBUTE_KEYS } from '../../contracts/search-attributes.js';
import { listQuery } from '../list/run-list.js';

export interface RepoQueues {
  /** Per-run queues (`tandem/run/…`) of the repository's open runs. */
  own: string[];
  /** Open runs of the repository on a shared queue, by workflow id. */
  shared: Array<{ workflowId: string; taskQueue: string }>;
}

export async function openRunQueues(client: Client, repo: string): Promise<RepoQueues> {
  const own = new Set<string>();
  const shared: RepoQueues['shared'] = [];
  const query = `${listQuery({ repo })} AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) {
    if (execution.typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.repo) !== repo) continue;
    if (execution.taskQueue.startsWith('tandem/run/')) own.add(execution.taskQueue);
    else shared.push({ workflowId: execution.workflowId, taskQueue: execution.taskQueue });
  }
  return { own: [...own].sort(), shared };
}

/** The same for `tandem worker --repo <URL>`: the open runs whose branch travels through that remote (TandemRemote, normalized). */
export async function openRemoteRunQueues(client: Client, remote: string): Promise<RepoQueues> {
  const own = new Set<string>();
  const shared: RepoQueues['shared'] = [];
  const query = `WorkflowType = 'runWorkflow' AND ${RUN_ATTRIBUTE_KEYS.remote.name} = '${remote.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}' AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) {
    if (execution.typedSearchAttributes.get(RUN_ATTRIBUTE_KEYS.remote) !== remote) continue;
    if (execution.taskQueue.startsWith('tandem/run/')) own.add(execution.taskQueue);
    else shared.push({ workflowId: execution.workflowId, taskQueue: execution.taskQueue });
  }
  return { own: [...own].sort(), shared };
}
