import { chmodSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deleteSnapshots, restoreSnapshot, snapshotWorktree } from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo } from './helpers.js';

const REF = 'refs/tandem/run-1/T3/attempt-1/step-4';

describe('snapshotWorktree / restoreSnapshot', () => {
  it('round-trips the worktree exactly, untracked files and modes included, without touching the index', async () => {
    const repo = makeRepo({ name: 'my répo ✓' });
    const head = repo.git('rev-parse', 'HEAD');
    repo.write('README.md', '# step 4\n');
    repo.write('src/new ✓.ts', 'export const x = 4;\n');
    repo.write('bin/run.sh', '#!/bin/sh\necho hi\n');
    chmodSync(path.join(repo.dir, 'bin/run.sh'), 0o755);
    repo.write('staged.txt', 'staged\n');
    repo.git('add', 'staged.txt');
    const indexBefore = repo.git('ls-files', '--stage');

    const snap = await snapshotWorktree({ repo: repo.dir, ref: REF });
    expect(snap).toMatchObject({ ref: REF, parentSha: head });
    expect(repo.git('rev-parse', REF)).toBe(snap.commitSha);
    expect(repo.git('ls-files', '--stage')).toBe(indexBefore);
    expect(repo.git('log', '-1', '--format=%an', REF)).toBe('Ada User');

    // A crashed step 5 leaves a mess behind.
    repo.write('README.md', '# step 5, half done\n');
    repo.write('src/new ✓.ts', 'garbage');
    repo.write('src/step5.ts', 'half\n');
    repo.git('rm', '-q', '--cached', 'staged.txt');
    repo.write('node_modules/cache.js', 'ignored, survives\n');
    chmodSync(path.join(repo.dir, 'bin/run.sh'), 0o644);

    const restored = await restoreSnapshot({ repo: repo.dir, ref: REF });
    expect(restored).toEqual(snap);
    expect(repo.read('README.md')).toBe('# step 4\n');
    expect(repo.read('src/new ✓.ts')).toBe('export const x = 4;\n');
    expect(repo.exists('src/step5.ts')).toBe(false);
    expect(repo.read('staged.txt')).toBe('staged\n');
    expect(repo.read('node_modules/cache.js')).toBe('ignored, survives\n');
    expect(statSync(path.join(repo.dir, 'bin/run.sh')).mode & 0o111).not.toBe(0);
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);

    const again = await snapshotWorktree({ repo: repo.dir, ref: REF });
    expect(again.treeSha).toBe(snap.treeSha);
    expect(await restoreSnapshot({ repo: repo.dir, ref: REF })).toEqual(snap);
  });

  it('is idempotent: the same worktree keeps the same snapshot commit', async () => {
    const repo = makeRepo();
    repo.write('a.txt', 'a\n');
    const first = await snapshotWorktree({ repo: repo.dir, ref: REF });
    const second = await snapshotWorktree({ repo: repo.dir, ref: REF });
    expect(second).toEqual(first);
    repo.write('a.txt', 'b\n');
    const third = await snapshotWorktree({ repo: repo.dir, ref: REF });
    expect(third.commitSha).not.toBe(first.commitSha);
  });

  it('rejects refs outside refs/tandem/ and reports a missing snapshot', async () => {
    const repo = makeRepo();
    for (const ref of ['refs/heads/main', 'refs/tandem/bad..ref', 'tandem/x']) {
      const error = await snapshotWorktree({ repo: repo.dir, ref }).catch((caught: unknown) => caught);
      expect((error as TandemError).code).toBe('GIT_BAD_SNAPSHOT_REF');
    }
    const missing = await restoreSnapshot({ repo: repo.dir, ref: 'refs/tandem/none' }).catch((caught: unknown) => caught);
    expect((missing as TandemError).code).toBe('GIT_SNAPSHOT_MISSING');
  });

  it('deletes snapshots by prefix', async () => {
    const repo = makeRepo();
    await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/run-1/T3/a' });
    await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/run-1/T3/b' });
    await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/run-1/T4/a' });
    expect(await deleteSnapshots({ repo: repo.dir, prefix: 'refs/tandem/run-1/T3/' })).toBe(2);
    expect(await deleteSnapshots({ repo: repo.dir, prefix: 'refs/tandem/run-1/T3/' })).toBe(0);
    expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/tandem/')).toBe('refs/tandem/run-1/T4/a');
    await expect(deleteSnapshots({ repo: repo.dir, prefix: 'refs/heads/' })).rejects.toBeInstanceOf(TandemError);
  });
});
