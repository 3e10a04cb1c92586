/**
 * `tandem run --pr`: when the last task is committed, the run's own activity
 * pushes the branch to the remote and opens the pull request on (a fake of)
 * GitHub, and the final summary names it; what it will need (a remote, a
 * token that may push) is checked before the run starts. The remote is set up
 * like test/cli/pr.test.ts: github.com/acme/greek, pushed to a bare repository.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { runCli, type CliResult } from '../support/cli.js';
import type { TestRepo } from '../support/git-repo.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekPlanBefore, greekRepo, startFakes, type Fakes } from './fixtures.js';

const BRANCH = 'tandem/greek-letters';

describe('tandem run --pr', () => {
  let fakes: Fakes;
  let github: FakeGitHub;
  let result: CliResult;
  let bare: string;
  let localHead: string;

  beforeAll(async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2') });
    const scratch = await mkdtemp(join(tmpdir(), 'tandem-run-pr-'));
    bare = join(scratch, 'greek.git');
    await execa('git', ['init', '-q', '--bare', bare]);
    const globalConfig = join(scratch, 'gitconfig');
    await writeFile(globalConfig, `[url "${bare}"]\n\tinsteadOf = https://github.com/acme/greek.git\n`);
    await repo.git('remote', 'add', 'origin', 'https://github.com/acme/greek.git');
    github = await startFakeGitHub({ repos: { 'acme/greek': { defaultBranch: 'main' } }, tokens: ['env-token'] });
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    result = await runCli(['run', 'TODO.md', '--pr', '--task-queue', uniqueTaskQueue('run-pr')], {
      cwd: repo.root,
      env: { ...fakes.env, GITHUB_API_URL: github.url, GITHUB_TOKEN: 'env-token', GH_TOKEN: undefined, GIT_CONFIG_GLOBAL: globalConfig },
      timeoutMs: 120_000,
    });
    localHead = await repo.git('rev-parse', BRANCH);
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
    await github?.close();
  });

  it('completes, pushes the branch and opens the pull request, and says where', async () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Run completed: 1 committed/);
    expect(result.stdout).toContain('note: pull request #1 opened: https://github.com/acme/greek/pull/1');
    const remote = (await execa('git', ['ls-remote', bare, `refs/heads/${BRANCH}`])).stdout.split('\t')[0];
    expect(remote).toBe(localHead);
    // The repository is read twice: when the run starts (is there a token that may push?), and when the pull request is opened.
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek', 'GET /repos/acme/greek', 'GET /repos/acme/greek/pulls', 'POST /repos/acme/greek/pulls']);
    expect(github.requests[3]!.body).toMatchObject({ title: 'Tandem: Greek letters', head: BRANCH, base: 'main' });
    expect(String(github.requests[3]!.body!.body)).toContain('| T1 | Write alpha | committed |');
    // The run journals where converge ended before it opens the pull request: the skip's reason is in the description.
    expect(String(github.requests[3]!.body!.body)).toMatch(/\*\*Converge:\*\* skipped — the plan names no design document .*; no converge review ran\n/);
    expect(github.unexpected).toEqual([]);
  });
});

describe('tandem run --pr checks the pull request it will open before it starts', () => {
  let fakes: Fakes;
  let github: FakeGitHub;
  let repo: TestRepo;
  let bare: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    repo = await greekRepo({ plan: greekPlanBefore('T2') });
    const scratch = await mkdtemp(join(tmpdir(), 'tandem-run-pr-'));
    bare = join(scratch, 'greek.git');
    await execa('git', ['init', '-q', '--bare', bare]);
    const globalConfig = join(scratch, 'gitconfig');
    await writeFile(globalConfig, `[url "${bare}"]\n\tinsteadOf = https://github.com/acme/greek.git\n`);
    await repo.git('remote', 'add', 'origin', 'https://github.com/acme/greek.git');
    // A `gh` that is not logged in, ahead of any real one on PATH.
    const bin = join(scratch, 'bin');
    await mkdir(bin);
    await writeFile(join(bin, 'gh'), '#!/bin/sh\necho "not logged in" >&2\nexit 1\n');
    await chmod(join(bin, 'gh'), 0o755);
    github = await startFakeGitHub({ repos: { 'acme/greek': { defaultBranch: 'main' } }, tokens: [], readOnlyTokens: ['read-only-token'] });
    // Nothing may reach the model fakes: expectNothingStarted checks that they saw no request.
    fakes = await startFakes(implementerScript(() => []), reviewerScript());
    env = { ...fakes.env, GITHUB_API_URL: github.url, GITHUB_TOKEN: undefined, GH_TOKEN: undefined, GIT_CONFIG_GLOBAL: globalConfig, PATH: `${bin}:${process.env.PATH}` };
  });

  afterAll(async () => {
    await fakes?.close();
    await github?.close();
  });

  const run = (args: string[], extraEnv: Record<string, string | undefined> = {}) =>
    runCli(['run', 'TODO.md', '--pr', ...args, '--task-queue', uniqueTaskQueue('run-pr-check')], { cwd: repo.root, env: { ...env, ...extraEnv }, timeoutMs: 60_000 });

  /** Nothing started: no model call, no run branch, nothing on the remote. */
  async function expectNothingStarted(): Promise<void> {
    expect(fakes.implementer.requests).toEqual([]);
    expect(await repo.git('branch', '--list', BRANCH)).toBe('');
    expect((await execa('git', ['ls-remote', bare])).stdout).toBe('');
  }

  it('without a token: exit 3 before any workflow starts, with the way on', async () => {
    const result = await run([]);
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stderr).toContain('error [FORGE_TOKEN_MISSING]: No GitHub token to open a pull request on github.com/acme/greek. The run was not started: --pr needs this at its end.');
    expect(result.stderr).toMatch(/hint: Set GITHUB_TOKEN .*gh auth login.* Or run without --pr and open the pull request later with `tandem pr`\./);
    expect(github.requests).toEqual([]);
    await expectNothingStarted();
  });

  it('with a token that may read but not push: exit 3, after one look at the repository', async () => {
    const result = await run([], { GITHUB_TOKEN: 'read-only-token' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(3);
    expect(result.stderr).toContain('error [FORGE_PUSH_DENIED]');
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek']);
    await expectNothingStarted();
  });

  it('with a remote that does not exist: exit 2, naming --pr-remote', async () => {
    github.requests.length = 0;
    const result = await run(['--pr-remote', 'upstream'], { GITHUB_TOKEN: 'read-only-token' });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('error [PR_REMOTE_MISSING]: The repository has no remote named upstream');
    expect(result.stderr).toContain('or name another with --pr-remote.');
    expect(github.requests).toEqual([]);
    await expectNothingStarted();
  });
});
