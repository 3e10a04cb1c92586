import { describe, expect, it } from 'vitest';
import { diffSince } from '../../git/index.js';
import { makeRepo } from './helpers.js';

describe('what a reviewer is sent of a changed file', () => {
  it('is the hunk with a few lines of context, not the untouched rest of a large file', async () => {
    const repo = makeRepo();
    const lines = Array.from({ length: 400 }, (_, i) => `line ${i + 1}`);
    const base = repo.commit('a large file', 'src/large.ts', `${lines.join('\n')}\n`);
    lines[199] = 'line 200, changed';
    repo.write('src/large.ts', `${lines.join('\n')}\n`);

    const { diff } = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(diff).toContain('-line 200\n+line 200, changed');
    expect(diff).toContain(' line 197\n');
    expect(diff).toContain(' line 203\n');
    expect(diff).not.toContain('line 1\n');
    expect(diff).not.toContain('line 150\n');
    expect(diff).not.toContain('line 400\n');
    expect(diff.split('\n').length).toBeLessThan(20);
  });
});
