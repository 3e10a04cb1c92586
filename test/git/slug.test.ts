import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultRunBranch, planSlug } from '../../git/index.js';

function isValidBranch(name: string): boolean {
  try {
    execFileSync('git', ['check-ref-format', `refs/heads/${name}`]);
    return true;
  } catch {
    return false;
  }
}

describe('planSlug and defaultRunBranch', () => {
  it.each([
    ['TODO.md', undefined, 'todo'],
    ['docs/auth/TODO.md', undefined, 'docs-auth-todo'],
    ['plans/été 1/TODO ✓.md', undefined, 'plans-ete-1-todo'],
    ['TODO.md', 'Add OAuth login (v2)!', 'add-oauth-login-v2'],
    ['TODO.md', '   ', 'todo'],
    ['✓✓.md', undefined, 'plan'],
    ['.hidden.md', undefined, 'hidden'],
    ['x.lock', undefined, 'x'],
    ['a..b/c.md', undefined, 'a-b-c'],
  ])('planSlug(%j, %j) = %j', (planRelPath, title, expected) => {
    expect(planSlug(planRelPath, title)).toBe(expected);
  });

  it('caps the length without a trailing dash', () => {
    const slug = planSlug('x.md', `${'word '.repeat(30)}`);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('always yields a valid git branch name', () => {
    const inputs = ['TODO.md', '@{-1}.md', 'a b/c~d^e:f?g*h[i\\j.md', '..', '-', 'Ünïcödé ✓ plan.md', '/.lock'];
    for (const input of inputs) {
      const branch = defaultRunBranch(planSlug(input));
      expect(branch).toMatch(/^tandem\/[a-z0-9-]+$/);
      expect(isValidBranch(branch)).toBe(true);
    }
  });
});
