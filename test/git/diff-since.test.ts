import { describe, expect, it } from 'vitest';
import { diffSince } from '../../git/index.js';
import { describeChangedFiles } from '../../git/diff-since.js';
import { truncateUtf8 } from '../../git/truncate.js';
import { makeRepo } from './helpers.js';

describe('diffSince', () => {
  it('includes untracked new files, skips ignored ones, and leaves the index alone', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    repo.write('README.md', '# test\nmore\n');
    repo.write('src/new file ✓.ts', 'export const a = 1;\nexport const b = 2;\n');
    repo.write('node_modules/dep/index.js', 'ignored\n');
    repo.write('staged.txt', 'staged\n');
    repo.git('add', 'staged.txt');
    const indexBefore = repo.git('ls-files', '--stage');

    const result = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(result.truncated).toBe(false);
    expect(result.files).toEqual([
      { path: 'README.md', status: 'modified', additions: 1, deletions: 0, binary: false },
      { path: 'src/new file ✓.ts', status: 'added', additions: 2, deletions: 0, binary: false },
      { path: 'staged.txt', status: 'added', additions: 1, deletions: 0, binary: false },
    ]);
    expect(result.diff).toContain('+export const b = 2;');
    expect(result.diff).toContain('src/new file ✓.ts');
    expect(result.diff).not.toContain('node_modules');
    expect(describeChangedFiles(result.files)).toBe(
      ['- README.md (modified, +1 −0)', '- src/new file ✓.ts (added, +2 −0)', '- staged.txt (added, +1 −0)'].join('\n'),
    );
    expect(repo.git('ls-files', '--stage')).toBe(indexBefore);
    expect(repo.git('status', '--porcelain')).toBe(' M README.md\nA  staged.txt\n?? src/');
  });

  it('reports deletions and binary files', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    repo.git('rm', '-q', 'README.md');
    repo.write('logo.bin', '\u0000\u0001\u0002binary');
    const result = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 10_000 });
    expect(result.files).toEqual([
      { path: 'README.md', status: 'deleted', additions: 0, deletions: 1, binary: false },
      { path: 'logo.bin', status: 'added', additions: 0, deletions: 0, binary: true },
    ]);
    expect(describeChangedFiles(result.files)).toBe('- README.md (deleted, +0 −1)\n- logo.bin (added, binary)');
  });

  it('truncates a long diff to maxBytes with a marker, keeping the full file list', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    for (let i = 0; i < 20; i++) repo.write(`f${i}.txt`, `${'line é\n'.repeat(50)}`);
    const result = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 2000 });
    expect(result.truncated).toBe(true);
    expect(Buffer.byteLength(result.diff)).toBeLessThanOrEqual(2000);
    expect(result.diff).toMatch(/\n\[diff truncated by Tandem: \d+ of \d+ bytes shown; 20 files changed, see the list of changed files\]\n$/);
    expect(result.diff).not.toContain('\uFFFD');
    expect(result.files).toHaveLength(20);
  });

  it('gives the same patch as plain git diff, even for names with a tab or a quote', async () => {
    const repo = makeRepo();
    const base = repo.git('rev-parse', 'HEAD');
    repo.write('a\tb "c".txt', 'one\n');
    repo.write('README.md', '# changed\n');
    const result = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(result.files.map((file) => file.path)).toEqual(['README.md', 'a\tb "c".txt']);
    repo.git('add', '-A');
    expect(result.diff).toBe(`${repo.git('-c', 'core.quotepath=off', 'diff', '--no-color', '--no-renames', '--cached', base)}\n`);
  });

  it('returns an empty diff when nothing changed', async () => {
    const repo = makeRepo();
    const result = await diffSince({ repo: repo.dir, baseSha: 'HEAD', maxBytes: 100 });
    expect(result).toEqual({ diff: '', truncated: false, files: [] });
  });
});

describe('truncateUtf8', () => {
  const marker = () => '[cut]';
  it('never splits a character and respects the budget', () => {
    const text = 'ééééé'; // 10 bytes, no newline
    const { text: cut, truncated } = truncateUtf8({ text, maxBytes: 8, marker });
    expect(truncated).toBe(true);
    expect(cut).toBe('é[cut]');
  });

  it('prefers to cut at the end of a line', () => {
    const { text } = truncateUtf8({ text: 'aaaa\nbbbb\ncccc\n', maxBytes: 13, marker });
    expect(text).toBe('aaaa\n[cut]');
  });

  it('returns the marker alone when the budget is tiny', () => {
    expect(truncateUtf8({ text: 'abcdef', maxBytes: 2, marker }).text).toBe('[cut]');
  });
});
