/** GitHubForge against the local fake of GitHub's REST API: what it sends, and how each failure reads. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubForge } from '../../forge/github.js';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { closedPort } from '../support/closed-port.js';

let github: FakeGitHub;
const forge = (options: { name?: string; token?: string; apiUrl?: string } = {}) =>
  new GitHubForge({ repo: { owner: 'acme', name: options.name ?? 'greek' }, token: options.token ?? 't0ken-value', tokenSource: 'GITHUB_TOKEN', apiUrl: options.apiUrl ?? github.url, userAgent: 'tandem-test' });

beforeAll(async () => {
  github = await startFakeGitHub({ repos: { 'acme/greek': { defaultBranch: 'trunk', branches: ['release/1'] } }, tokens: ['t0ken-value'], readOnlyTokens: ['read-only'] });
});
afterAll(() => github?.close());

describe('GitHubForge', () => {
  it('reads the default branch, opens a pull request, finds it by head, updates it', async () => {
    expect(await forge().access()).toEqual({ defaultBranch: 'trunk', htmlUrl: 'https://github.com/acme/greek', canPush: true });
    expect(await forge().branchExists('release/1')).toBe(true);
    expect(await forge().branchExists('release/2')).toBe(false);
    expect(await forge().findOpenPullRequest('tandem/x')).toBeUndefined();
    const opened = await forge().create({ title: 'T', body: 'B', head: 'tandem/x', base: 'trunk' });
    expect(opened).toEqual({ number: 1, url: 'https://github.com/acme/greek/pull/1', title: 'T', head: 'tandem/x', base: 'trunk' });
    expect(await forge().findOpenPullRequest('tandem/x')).toMatchObject({ number: 1 });
    expect(await forge().findOpenPullRequest('tandem/other')).toBeUndefined();
    expect(await forge().update(1, { title: 'T2', body: 'B2' })).toMatchObject({ number: 1, title: 'T2' });
    expect(github.pulls[0]).toMatchObject({ title: 'T2', body: 'B2' });
    expect(github.requests.at(-1)).toMatchObject({ method: 'PATCH', path: '/repos/acme/greek/pulls/1', body: { title: 'T2', body: 'B2' }, authorization: 'token t0ken-value' });
  });

  it("a token that may only read says so in its access (GitHub's `permissions.push`)", async () => {
    expect(await forge({ token: 'read-only' }).access()).toMatchObject({ defaultBranch: 'trunk', canPush: false });
  });

  it('a repository the token cannot see is FORGE_ACCESS_DENIED (exit 3), naming where the token came from', async () => {
    await expect(forge({ name: 'secret' }).access()).rejects.toMatchObject({ code: 'FORGE_ACCESS_DENIED', exitCode: 3, message: expect.stringMatching(/The token from GITHUB_TOKEN cannot read the repository of acme\/secret \(404/) });
  });

  it("GitHub's validation message comes through (422)", async () => {
    await expect(forge().create({ title: 'T', body: 'B', head: 'tandem/x', base: 'trunk' })).rejects.toMatchObject({
      code: 'FORGE_REQUEST_FAILED',
      message: expect.stringContaining('A pull request already exists for acme:tandem/x'),
    });
  });

  it('an API that does not answer is FORGE_UNREACHABLE, worth another try, and never shows the token', async () => {
    const error = await forge({ apiUrl: `http://127.0.0.1:${await closedPort()}` }).access().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_UNREACHABLE', exitCode: 3, retryable: true });
    expect(JSON.stringify({ message: (error as Error).message, hint: (error as { hint?: string }).hint })).not.toContain('t0ken-value');
  });
});
