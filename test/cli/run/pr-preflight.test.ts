/**
 * What `tandem run --pr` checks before it starts, in process against a real
 * git repository (test/run/open-pr.test.ts drives the real CLI): a forge
 * Tandem cannot open pull requests on is refused, a forge that does not
 * answer now is only a warning, and a run without --pr checks nothing.
 */
import { describe, expect, it } from 'vitest';
import { checkPullRequestTarget } from '../../../cli/run/pr-preflight.js';
import { closedPort } from '../../support/closed-port.js';
import { createRepo } from '../../support/git-repo.js';

describe('checkPullRequestTarget', () => {
  it('checks nothing for a run without --pr, even with no remote at all', async () => {
    const repo = await createRepo({ 'README.md': 'x\n' });
    expect(await checkPullRequestTarget({ settings: {}, repo: repo.root, branch: 'tandem/x', env: {} })).toBeUndefined();
  });

  it('refuses a GitLab remote with exit 2, saying the run was not started', async () => {
    const repo = await createRepo({ 'README.md': 'x\n' });
    await repo.git('remote', 'add', 'origin', 'https://gitlab.com/acme/greek.git');
    const error = await checkPullRequestTarget({ settings: { pr: {} }, repo: repo.root, branch: 'tandem/x', env: { GITHUB_TOKEN: 'secret-token' } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_UNSUPPORTED', exitCode: 2, message: expect.stringContaining('GitLab is not supported yet') });
    expect((error as Error).message).toContain('The run was not started: --pr needs this at its end.');
    expect((error as { hint: string }).hint).toContain('Or run without --pr and open the pull request later with `tandem pr`.');
  });

  it('a forge that does not answer is a warning, not a refusal, and never shows the token', async () => {
    const repo = await createRepo({ 'README.md': 'x\n' });
    await repo.git('remote', 'add', 'fork', 'git@github.com:acme/greek.git');
    const env = { GITHUB_TOKEN: 'secret-token', GITHUB_API_URL: `http://127.0.0.1:${await closedPort()}` };
    const warning = await checkPullRequestTarget({ settings: { pr: { remote: 'fork' } }, repo: repo.root, branch: 'tandem/x', env });
    expect(warning).toMatch(/^tandem: --pr: Could not reach GitHub at http:\/\/127\.0\.0\.1:\d+ to read the repository of acme\/greek: .* The run starts; it opens the pull request at its end if the forge answers then\.\n$/);
    expect(warning).not.toContain('secret-token');
  });
});
