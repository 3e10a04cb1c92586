/** The one note a run with lanes prints when the checkout has uncommitted changes: which commit the run starts from. */
import { describe, expect, it } from 'vitest';
import { dirtyTreeNote } from '../../../cli/run/dirty-tree-note.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const RUN_SHA = 'fedcba9876543210fedcba9876543210fedcba98';
const base = { headSha: SHA, currentBranch: 'main', runBranch: 'tandem/todo' };

describe('dirtyTreeNote', () => {
  it('says nothing for a clean tree (the plan file alone does not count)', () => {
    expect(dirtyTreeNote({ ...base, uncommittedPaths: [] })).toBeUndefined();
  });

  it('names the commit and branch a new run starts from, and that the changes are left out', () => {
    expect(dirtyTreeNote({ ...base, uncommittedPaths: ['src/a.ts', 'notes.txt'] })).toBe(
      'tandem: the run starts from commit 01234567 of main; uncommitted changes (other than the plan file) are not part of it (2 paths, e.g. src/a.ts).\n',
    );
  });

  it('names the run branch when it exists: a resumed run goes on from there', () => {
    expect(dirtyTreeNote({ ...base, runBranchSha: RUN_SHA, uncommittedPaths: ['x.txt'] })).toBe(
      'tandem: the run goes on from commit fedcba98 of tandem/todo; uncommitted changes (other than the plan file) are not part of it (1 path, e.g. x.txt).\n',
    );
  });
});
