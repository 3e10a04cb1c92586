/**
 * `tandem list --repo` that names no repository is an input error naming the flag,
 * not an empty list: "No runs match." with exit 0 hid a typo in the path.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../support/cli.js';

it('refuses a --repo that does not exist, is a file, or is not inside a git repository (exit 2)', async () => {
  const plain = mkdtempSync(join(tmpdir(), 'tandem-list-not-a-repo-'));
  const file = join(plain, 'notes.txt');
  writeFileSync(file, 'not a repository\n');
  const missing = join(plain, 'nonexistent');
  const results = await Promise.all([missing, file, plain].map((path) => runCli(['list', '--repo', path])));
  const reasons = ['does not exist', 'is not a directory', 'is not inside a git repository'];
  results.forEach((result, i) => {
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stdout).not.toContain('No runs');
    expect(result.stderr).toContain(`error [GIT_NOT_A_REPO]: --repo ${[missing, file, plain][i]} ${reasons[i]}.`);
    expect(result.stderr).toMatch(/\n {2}hint: .*leave out --repo/);
    expect(result.stderr).not.toMatch(/^\s+at \S/m);
  });
});
