/** Where a run's branch began: before the run's first commit, whatever came before or quotes it. */
import { describe, expect, it } from 'vitest';
import { commitsSince, runBaseSha } from '../../git/run-base.js';
import { createRepo } from '../support/git-repo.js';

describe('runBaseSha', () => {
  it('is the parent of the oldest commit with the run trailer; a message that only quotes it does not count', async () => {
    const repo = await createRepo({ 'README.md': '# app\n' });
    await repo.write('notes.txt', 'x\n');
    await repo.git('add', 'notes.txt');
    await repo.git('commit', '-q', '-m', 'Explain the trailer', '-m', 'Tandem-Run: run-1\nis how Tandem marks its commits.', '-m', 'More text.');
    const base = await repo.git('rev-parse', 'HEAD');
    for (const word of ['alpha', 'beta']) {
      await repo.write(`${word}.txt`, `${word}\n`);
      await repo.git('add', `${word}.txt`);
      await repo.git('commit', '-q', '-m', `Write ${word}`, '-m', 'Tandem-Run: run-1');
    }
    expect(await runBaseSha({ repo: repo.root, runId: 'run-1' })).toBe(base);
    expect((await commitsSince({ repo: repo.root, baseSha: base })).replace(/[0-9a-f]{7,} /g, '')).toBe('Write alpha\nWrite beta');
  });

  it('is HEAD when the run made no commit', async () => {
    const repo = await createRepo({ 'README.md': '# app\n' });
    expect(await runBaseSha({ repo: repo.root, runId: 'run-2' })).toBe(await repo.git('rev-parse', 'HEAD'));
  });
});
