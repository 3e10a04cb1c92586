/** A bare repository as a checkout's `origin` (holding its main), standing in for GitHub in the many-machines tests. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { TestRepo } from './git-repo.js';

/** Makes `<tmp>/<name>.git`, adds it as the repo's `origin` and pushes main there; returns its path. */
export async function addBareOrigin(repo: TestRepo, name: string): Promise<string> {
  const bare = join(mkdtempSync(join(tmpdir(), 'tandem-bare-')), `${name}.git`);
  await execa('git', ['init', '-q', '--bare', bare]);
  await repo.git('remote', 'add', 'origin', bare);
  await repo.git('push', '-q', 'origin', 'main');
  return bare;
}

/** A git command in the bare repository, its output trimmed. */
export function bareGit(bare: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', bare, ...args], { encoding: 'utf8' }).trim();
}
