/**
 * `tandem run --in-checkout` in a repository that is the user's home (a dotfiles
 * repository) stops before anything starts, with a clean error: the sandbox binds
 * the workspace writable, so commands would see ~/.ssh and Tandem's journals.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { implementerScript, reviewerScript } from '../support/scripted-agents.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { greekRepo, startFakes, type Fakes } from '../run/fixtures.js';

let fakes: Fakes;
beforeAll(async () => {
  fakes = await startFakes(implementerScript(() => []), reviewerScript());
});
afterAll(() => fakes?.close());

describe('a checkout the sandbox cannot confine', () => {
  it('is refused by tandem run with the code, the reason, the fix and exit 2, before any task', async () => {
    const repo = await greekRepo();
    const result = await runCli(['run', 'TODO.md', '--in-checkout', '--task-queue', uniqueTaskQueue('home-checkout')], {
      cwd: repo.root,
      env: { ...fakes.env, HOME: repo.root },
      timeoutMs: 60_000,
    });
    expect(result.exitCode, result.stdout + result.stderr).toBe(2);
    expect(result.stderr).toContain('[SANDBOX_WORKSPACE_UNSAFE]');
    expect(result.stderr).toContain(`Refusing to run sandboxed commands in ${repo.root}: it is your home directory`);
    expect(result.stderr).toMatch(/hint: .*directory of its own/);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(await repo.git('branch', '--list', 'tandem/*')).toBe('');
    expect(await readFile(join(repo.root, 'README.md'), 'utf8')).toBe('# Greek letters\n');
  }, 90_000);
});
