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
