/** `tandem worker` flags that cannot work are usage errors before anything connects. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

it('tandem worker refuses --repo with --task-queue, and a --repo that is not a git repository', async () => {
  const notRepo = mkdtempSync(join(tmpdir(), 'tandem-not-a-repo-'));
  const [both, outside] = await Promise.all([
    runCli(['worker', '--repo', '.', '--task-queue', 'tandem/run/0123456789ab']),
    runCli(['worker', '--repo', notRepo]),
  ]);
  expect(both.exitCode).toBe(2);
  expect(both.stderr).toContain('error [USAGE]: --repo and --task-queue cannot be combined.');
  expect(outside.exitCode).toBe(2);
  expect(outside.stderr).toContain(`error [GIT_NOT_A_REPO]: --repo ${notRepo} is not inside a git repository.`);
});

it('a --repo URL git cannot clone is an input error (exit 2) with git\'s reason and a hint for --repo', async () => {
  const [missing, malformed] = await Promise.all([
    runCli(['worker', '--repo', 'file:///nonexistent/x.git']),
    runCli(['worker', '--repo', 'ht!tp://bad url']),
  ]);
  // It was exit 3, "with the run's remote", and git's first line (what failed) was cut: `failed:  | Please make sure…`.
  expect([missing.exitCode, missing.stderr]).toEqual([2, expect.stringContaining("error [GIT_REMOTE_FAILED]: git clone with --repo file:///nonexistent/x.git failed: '/nonexistent/x.git' does not appear to be a git repository; Could not read from remote repository.\n  hint: Check the URL or path given to --repo: `git ls-remote file:///nonexistent/x.git` must work")]);
  expect([malformed.exitCode, malformed.stderr]).toEqual([2, expect.stringContaining("error [GIT_REMOTE_FAILED]: git clone with --repo ht!tp://bad url failed: protocol 'ht!tp' is not supported.")]);
  for (const result of [missing, malformed]) expect(result.stderr).not.toMatch(/run's remote|Please make sure|^\s+at \S/m);
});
