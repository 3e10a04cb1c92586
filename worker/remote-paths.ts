/**
 * `tandem worker --repo <URL>`: a run started on another machine names that
 * machine's paths (its checkout, its journal, its workspaces). Before each
 * activity they become this machine's: the checkout is this worker's clone,
 * the journal and the workspaces keep their layout under this machine's
 * TANDEM_HOME. A path already under this machine's workspaces (a task
 * worktree this worker made) stays as it is.
 */
import { basename, join } from 'node:path';
import type { ActivityInboundCallsInterceptor, ActivityInterceptors } from '@temporalio/worker';
import type { RunLocation } from '../contracts/run.js';

export interface MachinePaths {
  /** This worker's clone of the run's remote. */
  clone: string;
  /** This machine's TANDEM_HOME. */
  home: string;
}

/** The location as this machine sees it; a run without a remote is not this worker's to map. */
export function localLocation<L extends Partial<RunLocation>>(location: L, paths: MachinePaths): L {
  if (!location.remote) return location;
  const mapped: L = { ...location };
  const theirRoot = location.workspaceRoot?.replace(/\/+$/, '');
  const ourRoot = theirRoot === undefined ? undefined : join(paths.home, 'workspaces', basename(theirRoot));
  if (ourRoot !== undefined) mapped.workspaceRoot = ourRoot;
  if (location.journalDir) mapped.journalDir = join(paths.home, 'journal', ...location.journalDir.split('/').filter(Boolean).slice(-2));
  if (location.repo) mapped.repo = localRepo(location.repo, theirRoot, ourRoot, paths.clone);
  return mapped;
}

/**
 * A run's or task's worktree, on whichever machine it was made (the starting one, this one,
 * or another worker's), is found by its layout `…/workspaces/<run>/…` and placed under this
 * machine's; a worktree another worker made is then missing here, and the workspace guard
 * says so. Anything else is the starting machine's checkout: the clone.
 */
function localRepo(repo: string, theirRoot: string | undefined, ourRoot: string | undefined, clone: string): string {
  if (theirRoot === undefined || ourRoot === undefined) return clone;
  const marker = `/workspaces/${basename(theirRoot)}`;
  const at = repo.endsWith(marker) ? repo.length - marker.length : repo.lastIndexOf(`${marker}/`);
  return at < 0 ? clone : ourRoot + repo.slice(at + marker.length);
}

/** Maps the location in an activity's input (its first argument's `location`); runs before the remote sync and the workspace guard. */
export function remotePathInterceptors(paths: MachinePaths): () => ActivityInterceptors {
  const interceptor: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      const [first, ...rest] = input.args as [{ location?: Partial<RunLocation> } | undefined, ...unknown[]];
      if (!first?.location?.remote) return next(input);
      return next({ ...input, args: [{ ...first, location: localLocation(first.location, paths) }, ...rest] });
    },
  };
  return () => ({ inbound: interceptor });
}
