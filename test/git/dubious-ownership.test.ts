import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { preflight } from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo } from './helpers.js';

const isRoot = process.getuid?.() === 0;

describe('a repository owned by another user', () => {
  it.skipIf(!isRoot)('is named as dubious ownership, with the safe.directory fix as the hint', async () => {
    const repo = makeRepo();
    repo.commit('plan', 'TODO.md', '- [ ] T1: x\n');
    execFileSync('chown', ['-R', '12345', repo.dir]);
    const error = await preflight({ repo: repo.dir, planPath: 'TODO.md', planSlug: 'todo' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('GIT_DUBIOUS_OWNERSHIP');
    expect((error as TandemError).message).toContain('dubious ownership');
    expect((error as TandemError).hint).toContain(`git config --global --add safe.directory ${repo.dir}`);
  });
});
