import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitReason, remoteBranchSha } from '../../git/remote-branch.js';
import { makeRepo } from './helpers.js';

describe('gitReason', () => {
  it("keeps git's first paragraph, where it says what failed, and drops the advice after it", () => {
    const stderr = "fatal: '/nonexistent/x.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights\nand the repository exists.\n";
    expect(gitReason(stderr)).toBe("'/nonexistent/x.git' does not appear to be a git repository; Could not read from remote repository.");
    expect(gitReason('ssh: Could not resolve hostname nohost.invalid: Name or service not known\nfatal: Could not read from remote repository.\n\nPlease make sure…')).toBe('ssh: Could not resolve hostname nohost.invalid: Name or service not known; Could not read from remote repository.');
    expect(gitReason('')).toBe('');
  });
});

describe('a run remote git cannot reach', () => {
  it("is GIT_REMOTE_FAILED naming the run's remote and git's reason, exit 3 and retryable (often the network)", async () => {
    const repo = makeRepo();
    const url = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-no-remote-')), 'gone.git');
    const error = await remoteBranchSha({ repo: repo.dir, url, branch: 'tandem/x' }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: 'GIT_REMOTE_FAILED', exitCode: 3, retryable: true, message: `git ls-remote with the run's remote ${url} failed: '${url}' does not appear to be a git repository; Could not read from remote repository.` });
  });
});
