/** A run started on another machine, seen from this one: its paths become this machine's. */
import { describe, expect, it } from 'vitest';
import { localLocation } from '../../worker/remote-paths.js';
import type { RunLocation } from '../../contracts/run.js';

const theirs: RunLocation = {
  repo: '/home/ann/src/app',
  planRelPath: 'TODO.md',
  branch: 'tandem/x',
  runId: 'tandem/run/x',
  journalDir: '/home/ann/.tandem/journal/tandem-run-x/2026-11-30T10-00-00-000Z-abc123',
  workspaceRoot: '/home/ann/.tandem/workspaces/tandem-run-x',
  remote: { name: 'origin', url: 'git@github.com:ann/app.git' },
};
const paths = { clone: '/home/bob/.tandem/clones/app-0123456789', home: '/home/bob/.tandem' };

describe('localLocation', () => {
  it("maps the starting machine's checkout to the clone, and the journal and workspaces under this machine's TANDEM_HOME", () => {
    expect(localLocation(theirs, paths)).toEqual({
      ...theirs,
      repo: paths.clone,
      journalDir: '/home/bob/.tandem/journal/tandem-run-x/2026-11-30T10-00-00-000Z-abc123',
      workspaceRoot: '/home/bob/.tandem/workspaces/tandem-run-x',
    });
  });
  it("maps the run's worktree, and leaves a task worktree this machine made as it is", () => {
    expect(localLocation({ ...theirs, repo: '/home/ann/.tandem/workspaces/tandem-run-x/run' }, paths).repo).toBe('/home/bob/.tandem/workspaces/tandem-run-x/run');
    const ours = '/home/bob/.tandem/workspaces/tandem-run-x/tasks/T3';
    expect(localLocation({ ...theirs, repo: ours }, paths).repo).toBe(ours);
  });
  it("places a worktree another worker made under this machine's workspaces (missing here: the guard says so), never in the clone", () => {
    expect(localLocation({ ...theirs, repo: '/srv/carol/tandem/workspaces/tandem-run-x/tasks/T4' }, paths).repo).toBe('/home/bob/.tandem/workspaces/tandem-run-x/tasks/T4');
  });
  it('leaves a run without a remote alone', () => {
    const { remote: _, ...local } = theirs;
    expect(localLocation(local, paths)).toEqual(local);
  });
});
