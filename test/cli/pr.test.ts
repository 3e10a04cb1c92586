/**
 * `tandem pr` end to end: a real scripted run, then the real CLI pushes its
 * branch to a bare git remote and talks to a local fake of GitHub's REST API.
 * The remote's URL is https://github.com/acme/greek.git, as a user's would
 * be; a test-only global git config (`url.<bare path>.insteadOf`) sends git's
 * push to the bare repository, while Tandem reads the owner and name from
 * the URL the user configured.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from '../run/fixtures.js';
import { runCli } from '../support/cli.js';
import type { TestRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';

const BRANCH = 'tandem/greek-letters';

describe('tandem pr', () => {
  let fakes: Fakes;
  let github: FakeGitHub;
  let repo: TestRepo;
  let bare: string;
  let env: Record<string, string | undefined>;
  let ghDir: string;

  beforeAll(async () => {
    repo = await greekRepo({ plan: greekPlanBefore('T2') });
    fakes = await startFakes(
      implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]),
      reviewerScript(() => ({ verdict: 'approve', summary: 'Alpha is written.', comments: [{ severity: 'nit', file: 'a.txt', body: '@octocat might want a trailing-newline check' }] })),
    );
    const run = await runCli(['run', '--in-checkout', 'TODO.md', '--task-queue', uniqueTaskQueue('pr')], { cwd: repo.root, env: fakes.env, timeoutMs: 120_000 });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);

    const scratch = await mkdtemp(join(tmpdir(), 'tandem-pr-'));
    bare = join(scratch, 'greek.git');
    await execa('git', ['init', '-q', '--bare', bare]);
    const globalConfig = join(scratch, 'gitconfig');
    await writeFile(globalConfig, `[url "${bare}"]\n\tinsteadOf = https://github.com/acme/greek.git\n`);
    await repo.git('remote', 'add', 'origin', 'https://github.com/acme/greek.git');
    // A `gh` that is logged in as `gh-token`: the fallback when no token variable is set.
    ghDir = join(scratch, 'bin');
    await mkdir(ghDir);
    await writeFile(join(ghDir, 'gh'), '#!/bin/sh\n[ "$1 $2 $3 $4" = "auth token --hostname github.com" ] && [ -n "$FAKE_GH_TOKEN" ] && { echo "$FAKE_GH_TOKEN"; exit 0; }\necho "no oauth token found for github.com" >&2\nexit 1\n');
    await chmod(join(ghDir, 'gh'), 0o755);
    // The default branch is not the one the run started from (main): the base must come from the run.
    github = await startFakeGitHub({ repos: { 'acme/greek': { defaultBranch: 'trunk', branches: ['main'] } }, tokens: ['env-token', 'gh-token'], readOnlyTokens: ['read-only-token'] });
    env = { GITHUB_API_URL: github.url, GIT_CONFIG_GLOBAL: globalConfig, GITHUB_TOKEN: 'env-token', GH_TOKEN: undefined, PATH: `${ghDir}:${process.env.PATH}` };
  }, 180_000);

  afterAll(async () => {
    await fakes?.close();
    await github?.close();
  });

  const remoteBranch = async () => (await execa('git', ['ls-remote', bare, `refs/heads/${BRANCH}`])).stdout.split('\t')[0] ?? '';

  it('refuses a remote that does not exist with exit 2, before anything is sent', async () => {
    const result = await runCli(['pr', '--remote', 'upstream'], { cwd: repo.root, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('PR_REMOTE_MISSING');
    expect(result.stderr).toMatch(/no remote named upstream/);
    expect(github.requests).toEqual([]);
  });

  it('without a token exits 3 and pushes nothing', async () => {
    const result = await runCli(['pr'], { cwd: repo.root, env: { ...env, GITHUB_TOKEN: undefined } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stderr).toContain('FORGE_TOKEN_MISSING');
    expect(result.stderr).toMatch(/GITHUB_TOKEN.*gh auth login/s);
    expect(await remoteBranch()).toBe('');
    expect(github.requests).toEqual([]);
  });

  it('with a token that cannot see the repository exits 3 and pushes nothing', async () => {
    const result = await runCli(['pr'], { cwd: repo.root, env: { ...env, GITHUB_TOKEN: 'revoked-token' } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stderr).toContain('FORGE_AUTH_FAILED');
    expect(result.stderr).not.toContain('revoked-token');
    expect(await remoteBranch()).toBe('');
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek']);
  });

  it('with a token that may read but not push exits 3 before the push: no branch left without its pull request', async () => {
    github.requests.length = 0;
    const result = await runCli(['pr'], { cwd: repo.root, env: { ...env, GITHUB_TOKEN: 'read-only-token' } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stderr).toContain('error [FORGE_PUSH_DENIED]: The token from GITHUB_TOKEN can read acme/greek but not write to it');
    expect(result.stderr).toMatch(/hint: .*"Contents: write" and "Pull requests: write".*Nothing was pushed\./);
    expect(await remoteBranch()).toBe('');
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek']);
  });

  it('refuses a --base the remote does not have with exit 2, before the push', async () => {
    github.requests.length = 0;
    const result = await runCli(['pr', '--base', 'release/9'], { cwd: repo.root, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('PR_BASE_MISSING');
    expect(await remoteBranch()).toBe('');
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek', 'GET /repos/acme/greek/branches/release%2F9']);
  });

  it('pushes the run branch, then opens the pull request with the report', async () => {
    github.requests.length = 0;
    const result = await runCli(['pr'], { cwd: repo.root, env });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const local = await repo.git('rev-parse', BRANCH);
    expect(await remoteBranch()).toBe(local);
    expect(result.stdout).toContain(`Pushed ${BRANCH} (${local.slice(0, 10)}) to origin.`);
    expect(result.stdout).toContain(`Opened pull request #1 (${BRANCH} → main):\n  https://github.com/acme/greek/pull/1`);

    // The base is main, where the run started, not the default branch trunk: it is checked first.
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek', 'GET /repos/acme/greek/branches/main', 'GET /repos/acme/greek/pulls', 'POST /repos/acme/greek/pulls']);
    expect(github.requests[2]!.query).toMatchObject({ head: `acme:${BRANCH}`, state: 'open' });
    expect(github.requests.every((r) => r.authorization === 'token env-token')).toBe(true);
    const created = github.requests[3]!.body!;
    expect(created).toMatchObject({ title: 'Tandem: Greek letters', head: BRANCH, base: 'main' });
    const body = String(created.body);
    expect(body).toMatch(/^Tandem ran the plan `TODO\.md` on `tandem\/greek-letters`: 1 committed, 0 failed, 0 skipped, 0 not run\./);
    expect(body).toContain('## Summary');
    expect(body).toContain('| **Implementer** | openai:gpt-5-mini |');
    expect(body).toMatch(new RegExp(`\\| T1 \\| Write alpha \\| committed \\| 1 \\| .* \\| ${local.slice(0, 10)} \\|`));
    expect(body).toContain('## Traceability');
    expect(body).toContain('## Reviews');
    expect(body).toContain('- ✓ anthropic:claude-haiku-4-5: **approve**: Alpha is written.');
    // A reviewer's @mention must not notify anyone on GitHub.
    expect(body).toContain('  - [nit] a.txt: @\u200boctocat might want a trailing-newline check');
    expect(body).not.toContain('Journal');
    expect(github.unexpected).toEqual([]);
  });

  it('a second call pushes the new commits and updates the open pull request instead of opening another', async () => {
    await repo.git('checkout', '-q', BRANCH);
    await repo.write('NOTES.md', 'reviewed by hand\n');
    await repo.commitAll('A note added by hand');
    github.requests.length = 0;
    // No token variable this time: the token `gh` is logged in with.
    const result = await runCli(['pr'], { cwd: repo.root, env: { ...env, GITHUB_TOKEN: undefined, FAKE_GH_TOKEN: 'gh-token' } });
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    const local = await repo.git('rev-parse', BRANCH);
    expect(await remoteBranch()).toBe(local);
    expect(result.stdout).toContain('Updated pull request #1');

    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek', 'GET /repos/acme/greek/branches/main', 'GET /repos/acme/greek/pulls', 'PATCH /repos/acme/greek/pulls/1']);
    expect(github.requests.every((r) => r.authorization === 'token gh-token')).toBe(true);
    expect(github.requests[3]!.body).toMatchObject({ title: 'Tandem: Greek letters' });
    expect(String(github.requests[3]!.body!.body)).toContain('## Reviews');
    expect(github.pulls).toHaveLength(1);
    expect(github.unexpected).toEqual([]);
  });
});
