import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoMap } from '../../prompts/repo-map.js';
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
