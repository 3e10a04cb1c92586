// `tandem run`'s preflight refuses a checkout the sandbox cannot confine before anything starts,
// when the run's commands would run there: sandboxed, and in the checkout (--in-checkout).
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preflight, type PreflightInput } from '../../git/index.js';
import { makeRepo, type TestRepo } from './helpers.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

function planIn(repo: TestRepo, extra: Partial<PreflightInput> = {}): PreflightInput {
  repo.write('TODO.md', '# Plan\n- [ ] T1: do it\n');
  return { repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo', sandboxed: true, ...extra };
}

describe('preflight of a sandboxed run in the checkout', () => {
  it('refuses a checkout that is HOME (a dotfiles repository), with the code, the reason and the fix', async () => {
    const repo = makeRepo();
    vi.stubEnv('HOME', repo.dir);
    const error = await preflight(planIn(repo)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'SANDBOX_WORKSPACE_UNSAFE', exitCode: 2 });
    expect((error as Error).message).toContain('it is your home directory');
    expect((error as { hint: string }).hint).toContain('directory of its own');
  });

  it('refuses a checkout holding TANDEM_HOME', async () => {
    const repo = makeRepo();
    vi.stubEnv('TANDEM_HOME', path.join(repo.dir, '.tandem-state'));
    await expect(preflight(planIn(repo))).rejects.toMatchObject({ code: 'SANDBOX_WORKSPACE_UNSAFE' });
  });

  it('lets it go in worktrees of its own, or unsandboxed (the user chose that)', async () => {
    const repo = makeRepo();
    vi.stubEnv('HOME', repo.dir);
    await expect(preflight(planIn(repo, { inWorktrees: true }))).resolves.toMatchObject({ planRelPath: 'TODO.md' });
    await expect(preflight(planIn(repo, { sandboxed: false }))).resolves.toMatchObject({ planRelPath: 'TODO.md' });
  });
});
