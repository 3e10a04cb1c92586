/** Where a parallel run's worktrees go: Tandem's own folder, one per run, never the user's repository. */
import { describe, expect, it } from 'vitest';
import { journalRootFor, runWorkflowId, workspaceRootFor } from '../../cli/workspace.js';

describe('workspaceRootFor', () => {
  it('is <TANDEM_HOME>/workspaces/<the run id as one folder name>, next to the journal', () => {
    const env = { TANDEM_HOME: '/srv/tandem-home' };
    const runId = runWorkflowId('/home/ana/my app', 'plans/TODO.md');
    const root = workspaceRootFor(runId, env);
    expect(root.startsWith('/srv/tandem-home/workspaces/')).toBe(true);
    // One folder per run (no slashes from the id), named like the run's journal folder.
    expect(root.slice('/srv/tandem-home/workspaces/'.length)).not.toContain('/');
    expect(root.split('/').at(-1)).toBe(journalRootFor(runId, env).split('/').at(-1));
    expect(workspaceRootFor(runWorkflowId('/home/ana/other', 'plans/TODO.md'), env)).not.toBe(root);
  });
});
