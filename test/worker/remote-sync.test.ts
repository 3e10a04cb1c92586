/** Which activities keep the run branch in step with the remote: only a `--remote` run's, and only those on the run branch. */
import { describe, expect, it } from 'vitest';
import { syncTarget } from '../../worker/remote-sync.js';
import type { RunLocation } from '../../contracts/run.js';

const root = '/home/bob/.tandem/workspaces/tandem-run-x';
const location: RunLocation = {
  repo: '/home/bob/.tandem/clones/app-0123456789',
  planRelPath: 'TODO.md',
  branch: 'tandem/x',
  runId: 'tandem/run/x',
  journalDir: '/home/bob/.tandem/journal/x/1',
  workspaceRoot: root,
  remote: { name: 'origin', url: 'git@github.com:ann/app.git' },
};

describe('syncTarget', () => {
  it('leaves a run without a remote alone: no fetch, no push, no git at all', () => {
    const { remote: _, ...local } = location;
    for (const type of ['openRunWorkspace', 'integrateTask', 'checkBranch']) expect(syncTarget({ ...local, repo: `${root}/run` }, type, {})).toBeUndefined();
    expect(syncTarget(local, 'integrateTask', {})).toBeUndefined();
  });

  it("syncs the activities that work in the run's worktree, and those that move the run branch (or end the run) from the repository", () => {
    expect(syncTarget({ ...location, repo: `${root}/run` }, 'checkBranch', { clone: location.repo })).toMatchObject({ repo: location.repo, url: location.remote!.url, branch: 'tandem/x', runDir: `${root}/run`, makeRunDir: true });
    for (const type of ['openRunWorkspace', 'closeRunWorkspace']) expect(syncTarget(location, type, {})).toMatchObject({ repo: location.repo, makeRunDir: false });
    // These work in the run's worktree: a machine that holds a task but not the run's worktree makes it from its clone.
    for (const type of ['integrateTask', 'closeTaskWorkspace']) expect(syncTarget(location, type, {})).toMatchObject({ repo: location.repo, makeRunDir: true });
  });

  it("leaves a task's activities and the rest of the run's bookkeeping alone", () => {
    expect(syncTarget({ ...location, repo: `${root}/tasks/T1` }, 'toolStep', {})).toBeUndefined();
    expect(syncTarget(location, 'openTaskWorkspace', {})).toBeUndefined();
  });

  it("leaves a missing run worktree to the workspace guard when this worker has no clone to make it from", () => {
    expect(syncTarget({ ...location, repo: `${root}/run` }, 'checkBranch', {})).toBeUndefined();
  });
});
