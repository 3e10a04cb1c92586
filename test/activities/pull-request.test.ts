/**
 * The `--pr` activity run twice, as Temporal does after a worker dies: once
 * the push is done (or even the pull request opened), the retry pushes
 * nothing new and updates the pull request instead of opening a second.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRunPullRequest } from '../../activities/pull-request.js';
import type { RunLocation } from '../../contracts/run.js';
import { pushBranch } from '../../git/push-branch.js';
import type { PullRequestBodySource } from '../../pr/body-source.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { createRepo } from '../support/git-repo.js';

const BRANCH = 'tandem/greek';
let github: FakeGitHub;
let location: RunLocation;
let bare: string;
const saved = { ...process.env };
const bodies: string[] = [];
const bodySource: PullRequestBodySource = async ({ planRelPath }) => {
  bodies.push(planRelPath);
  return { title: 'Tandem: Greek', body: `Body ${bodies.length}` };
};

beforeAll(async () => {
  const repo = await createRepo({ 'TODO.md': '# Plan: Greek\n' });
  await repo.git('checkout', '-q', '-b', BRANCH);
  await repo.write('a.txt', 'alpha\n');
  await repo.git('add', '-A');
  await repo.git('commit', '-q', '-m', 'T1: Write alpha\n\nTandem-Task: T1\nTandem-Run: run-greek');
  const scratch = await mkdtemp(join(tmpdir(), 'tandem-pr-activity-'));
  bare = join(scratch, 'greek.git');
  await execa('git', ['init', '-q', '--bare', bare]);
  await writeFile(join(scratch, 'gitconfig'), `[url "${bare}"]\n\tinsteadOf = https://github.com/acme/greek.git\n`);
  await repo.git('remote', 'add', 'origin', 'https://github.com/acme/greek.git');
  github = await startFakeGitHub({ repos: { 'acme/greek': { defaultBranch: 'main' } }, tokens: ['env-token'] });
  // The activity reads the worker's environment, as it would in `tandem run`.
  Object.assign(process.env, { GITHUB_TOKEN: 'env-token', GITHUB_API_URL: github.url, GIT_CONFIG_GLOBAL: join(scratch, 'gitconfig') });
  location = { repo: repo.root, planRelPath: 'TODO.md', branch: BRANCH, runId: 'run-greek', journalDir: join(scratch, 'journal'), startBranch: 'main' };
});

afterAll(async () => {
  for (const name of ['GITHUB_TOKEN', 'GITHUB_API_URL', 'GIT_CONFIG_GLOBAL']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await github?.close();
});

describe('openRunPullRequest, retried', () => {
  it('after a first try that pushed and died, opens one pull request; a second retry updates it', async () => {
    const sha = (await execa('git', ['rev-parse', BRANCH], { cwd: location.repo })).stdout;
    // The first try got as far as the push.
    await pushBranch({ repo: location.repo, remoteName: 'origin', remoteUrl: 'https://github.com/acme/greek.git', branch: BRANCH, sha });
    expect(await openRunPullRequest({ location }, bodySource)).toEqual({ action: 'opened', number: 1, url: 'https://github.com/acme/greek/pull/1' });
    // This try opened it, then its worker died before the run recorded the result.
    expect(await openRunPullRequest({ location }, bodySource)).toEqual({ action: 'updated', number: 1, url: 'https://github.com/acme/greek/pull/1' });
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: BRANCH, base: 'main', body: 'Body 2' });
    expect(github.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect((await execa('git', ['ls-remote', bare, `refs/heads/${BRANCH}`])).stdout.split('\t')[0]).toBe(sha);
  });

  it('a run started on a branch the remote lacks gets the default branch as base, and says so', async () => {
    const repo = location.repo;
    await execa('git', ['checkout', '-q', '-b', 'tandem/greek-2'], { cwd: repo });
    await writeFile(join(repo, 'b.txt'), 'beta\n');
    await execa('git', ['add', '-A'], { cwd: repo });
    await execa('git', ['commit', '-q', '-m', 'T2: Write beta\n\nTandem-Task: T2\nTandem-Run: run-greek-2'], { cwd: repo });
    const opened = await openRunPullRequest({ location: { ...location, branch: 'tandem/greek-2', runId: 'run-greek-2', startBranch: 'feature/local' } }, bodySource);
    expect(opened).toMatchObject({ action: 'opened', number: 2, baseNote: 'the run started on feature/local, which is not on origin: the base is main' });
    expect(github.pulls[1]).toMatchObject({ head: 'tandem/greek-2', base: 'main' });
  });

  it('a worker started without a description writer fails with a plain (retryable) error, not a user error', async () => {
    await expect(openRunPullRequest({ location })).rejects.toThrow(/without a pull request writer/);
  });
});
