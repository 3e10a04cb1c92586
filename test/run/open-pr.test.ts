/**
 * `tandem run --pr`: when the last task is committed, the run's own activity
 * pushes the branch to the remote and opens the pull request on (a fake of)
 * GitHub, and the final summary names it. The remote is set up like
 * test/cli/pr.test.ts: github.com/acme/greek, pushed to a bare repository.
 */
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from '../fakes/github-server.js';
import { runCli, type CliResult } from '../support/cli.js';
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
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /repos/acme/greek', 'GET /repos/acme/greek/pulls', 'POST /repos/acme/greek/pulls']);
    expect(github.requests[2]!.body).toMatchObject({ title: 'Tandem: Greek letters', head: BRANCH, base: 'main' });
    expect(String(github.requests[2]!.body!.body)).toContain('| T1 | Write alpha | committed |');
    // The run journals where converge ended before it opens the pull request: the skip's reason is in the description.
    expect(String(github.requests[2]!.body!.body)).toMatch(/\*\*Converge:\*\* skipped — the plan names no design document .*; no converge review ran\n/);
    expect(github.unexpected).toEqual([]);
  });
});

describe('tandem run --pr without a token', () => {
  let fakes: Fakes;
  let result: CliResult;
  let bare: string;

  beforeAll(async () => {
    const repo = await greekRepo({ plan: greekPlanBefore('T2') });
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
    fakes = await startFakes(implementerScript(() => [{ path: 'a.txt', content: 'alpha\n' }]), reviewerScript());
    result = await runCli(['run', 'TODO.md', '--pr', '--task-queue', uniqueTaskQueue('run-pr')], {
      cwd: repo.root,
      env: { ...fakes.env, GITHUB_API_URL: 'http://127.0.0.1:9', GITHUB_TOKEN: undefined, GH_TOKEN: undefined, GIT_CONFIG_GLOBAL: globalConfig, PATH: `${bin}:${process.env.PATH}` },
      timeoutMs: 120_000,
    });
  }, 150_000);

  afterAll(async () => {
    await fakes?.close();
  });

  it('still completes: the missing token is a note with the way on, and nothing was pushed', async () => {
    expect(result.exitCode, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Run completed: 1 committed/);
    expect(result.stdout).toMatch(/note: pull request not opened: No GitHub token .*GITHUB_TOKEN.*`tandem pr` tries again/);
    expect((await execa('git', ['ls-remote', bare])).stdout).toBe('');
  });
});
