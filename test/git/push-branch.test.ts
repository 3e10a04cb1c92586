/**
 * Pushing a run branch to a real bare remote: a second push of the same
 * commit changes nothing, the repository's own pre-push hook never runs, and
 * a remote branch someone else moved is an error, never overwritten.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { pushBranch } from '../../git/push-branch.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';

let repo: TestRepo;
let bare: string;
let marker: string;

beforeEach(async () => {
  repo = await createRepo({ 'README.md': '# x\n' });
  const scratch = await mkdtemp(join(tmpdir(), 'tandem-push-'));
  bare = join(scratch, 'remote.git');
  marker = join(scratch, 'hook-ran');
  await execa('git', ['init', '-q', '--bare', bare]);
  await writeFile(join(repo.root, '.git', 'hooks', 'pre-push'), `#!/bin/sh\ntouch '${marker}'\n`);
  await chmod(join(repo.root, '.git', 'hooks', 'pre-push'), 0o755);
});

const remoteSha = async () => (await execa('git', ['ls-remote', bare, 'refs/heads/work'])).stdout.split('\t')[0] ?? '';

describe('pushBranch', () => {
  it('pushes the commit once; a second push of it changes nothing; the repository hook does not run', async () => {
    const sha = await repo.git('rev-parse', 'HEAD');
    const input = { repo: repo.root, remoteName: 'origin', remoteUrl: bare, branch: 'work', sha };
    expect(await pushBranch(input)).toEqual({ updated: true });
    expect(await remoteSha()).toBe(sha);
    expect(await pushBranch(input)).toEqual({ updated: false });
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses to overwrite a remote branch that someone else moved (exit 3), and leaves it as it was', async () => {
    const base = await repo.git('rev-parse', 'HEAD');
    await pushBranch({ repo: repo.root, remoteName: 'origin', remoteUrl: bare, branch: 'work', sha: base });
    // Someone else pushes to the branch.
    const other = await createRepo({ 'OTHER.md': 'theirs\n' }, { name: 'other' });
    await other.git('push', '-q', '--force', bare, 'HEAD:refs/heads/work');
    const theirs = await remoteSha();
    await repo.write('MINE.md', 'mine\n');
    await repo.commitAll('mine');
    const mine = await repo.git('rev-parse', 'HEAD');
    await expect(pushBranch({ repo: repo.root, remoteName: 'origin', remoteUrl: bare, branch: 'work', sha: mine })).rejects.toMatchObject({
      code: 'PR_PUSH_REJECTED',
      exitCode: 3,
      message: expect.stringMatching(/Someone else pushed to work/),
    });
    expect(await remoteSha()).toBe(theirs);
  });

  it('a push git cannot make is PR_PUSH_FAILED (exit 3), without the credentials in the URL', async () => {
    const sha = await repo.git('rev-parse', 'HEAD');
    const error = await pushBranch({ repo: repo.root, remoteName: 'origin', remoteUrl: 'http://bob:s3cret-token@127.0.0.1:9/acme/greek.git', branch: 'work', sha }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PR_PUSH_FAILED', exitCode: 3, retryable: true });
    expect((error as Error).message).toContain('http://127.0.0.1:9/acme/greek.git');
    expect((error as Error).message).not.toContain('s3cret-token');
  });
});
