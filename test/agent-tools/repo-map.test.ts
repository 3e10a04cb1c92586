import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRepoMap, repoMap } from '../../prompts/repo-map.js';
import { makeRepo } from '../git/helpers.js';

describe('the repo map in the implementer prompt', () => {
  it('lists tracked and untracked files, names as written, without ignored ones', async () => {
    const repo = makeRepo();
    repo.write('.gitignore', 'build/\n');
    repo.write('src/café.ts', 'export {};\n');
    repo.write('build/out.js', '');
    expect(await repoMap(repo.dir)).toBe(['- .gitignore', '- README.md', '- src/café.ts'].join('\n'));
  });

  it('is empty outside a repository, rather than failing the step', async () => {
    expect(await repoMap(mkdtempSync(join(tmpdir(), 'tandem-not-a-repo-')))).toBe('');
  });
});

describe('the repo map of a first attempt, read from HEAD', () => {
  it.each(['sha1', 'sha256'])('lists what ls-files lists in a clean %s worktree, down every level', async (format) => {
    const repo = makeRepo({ empty: true });
    if (format === 'sha256') {
      // Rebuilt as a sha256 repository: the tree entries' hashes are 32 bytes there.
      rmSync(join(repo.dir, '.git'), { recursive: true });
      repo.git('init', '-q', '--object-format=sha256', '-b', 'main');
      repo.git('config', 'user.name', 'Ada User');
      repo.git('config', 'user.email', 'ada@example.com');
    }
    for (let index = 0; index < 30; index++) repo.write(`src/part-${index % 3}/deep/file-${index}.ts`, `${index}\n`);
    repo.write('src/café.ts', 'export {};\n');
    repo.write('README.md', '# x\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'files');
    const listed = repo.git('-c', 'core.quotepath=off', 'ls-files').split('\n').sort();
    expect(listed).toHaveLength(32);
    // Read from HEAD's tree, not the worktree: a file written since does not show.
    repo.write('scratch.txt', 'not committed\n');
    const focus = ['src/café.ts', 'src/part-1/deep/file-4.ts'];
    expect(await repoMap(repo.dir, { atHead: true, focus })).toBe(renderRepoMap(listed, { focus }));
    expect(await repoMap(repo.dir, { atHead: true, maxLines: 100 })).toBe(listed.map((file) => `- ${file}`).join('\n'));
  });

  it('falls back to listing the worktree when there is no HEAD yet', async () => {
    const repo = makeRepo({ empty: true });
    repo.write('a.txt', 'a\n');
    expect(await repoMap(repo.dir, { atHead: true })).toBe('- a.txt');
  });
});
