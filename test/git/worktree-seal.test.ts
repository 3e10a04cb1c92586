import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sealHolds, sealWorktree } from '../../git/worktree-seal.js';
import { gitIn, makeRepo, type TestRepo } from './helpers.js';

const FILES = ['README.md', 'src/a.ts', 'src/deep/b.ts'];

/** A worktree whose files and directories last changed more than a timestamp tick (50 ms) ago: nothing racy. */
async function settled(): Promise<TestRepo> {
  const repo = makeRepo({ empty: true });
  for (const file of FILES) repo.write(file, `${file}\n`);
  const newest = Math.max(...[...FILES, 'src/deep', 'src', '.'].map((rel) => lstatSync(path.join(repo.dir, rel)).ctimeMs));
  while (Date.now() - newest <= 60) await new Promise((resolve) => setTimeout(resolve, 10));
  return repo;
}

describe('worktree seal', () => {
  it('holds while nothing changed, and keeps no content for entries changed long ago', async () => {
    const repo = await settled();
    const seal = sealWorktree(repo.dir, FILES);
    expect(seal.dirs).toEqual(['', 'src', 'src/deep']);
    expect(seal.racy).toEqual({});
    expect(sealHolds(repo.dir, seal)).toBe(true);
  });

  it.each([
    ['a file rewritten', (dir: string) => writeFileSync(path.join(dir, 'src/a.ts'), 'changed content\n')],
    ['a file deleted', (dir: string) => rmSync(path.join(dir, 'src/deep/b.ts'))],
    ['a mode changed', (dir: string) => chmodSync(path.join(dir, 'README.md'), 0o755)],
    ['a file added beside listed ones', (dir: string) => writeFileSync(path.join(dir, 'src/deep/new.ts'), '')],
    ['a git directory started in a listed directory', (dir: string) => mkdirSync(path.join(dir, 'src/.git'))],
  ])('breaks on %s', async (_name, change) => {
    const repo = await settled();
    const seal = sealWorktree(repo.dir, FILES);
    change(repo.dir);
    expect(sealHolds(repo.dir, seal)).toBe(false);
  });

  it('keeps the content of what changed within a timestamp tick (a same-size rewrite in that tick leaves stat as it was), and holds while it stays', async () => {
    const repo = await settled();
    repo.write('src/a.ts', 'first\n');
    const seal = sealWorktree(repo.dir, FILES);
    expect(Object.keys(seal.racy)).toEqual(['src/a.ts']);
    expect(sealHolds(repo.dir, seal)).toBe(true);
  });

  it('checks each file the review saw change against the blob it staged, so a write that leaves stat as it was (a shared memory map) breaks it', async () => {
    const repo = await settled();
    symlinkSync('README.md', path.join(repo.dir, 'src/link'));
    const files = [...FILES, 'src/link'];
    const staged = { 'src/a.ts': repo.git('hash-object', 'src/a.ts'), 'src/link': gitIn(repo.dir, ['hash-object', '--stdin'], 'README.md') };
    const seal = { ...sealWorktree(repo.dir, files), blobs: staged };
    expect(sealHolds(repo.dir, seal)).toBe(true);

    writeFileSync(path.join(repo.dir, 'src/a.ts'), 'SRC/a.ts\n');
    // As a mapped write leaves it: every stat field as the review saw it.
    const statUnmoved = { ...sealWorktree(repo.dir, files), racy: {} };
    expect(sealHolds(repo.dir, { ...statUnmoved, blobs: staged })).toBe(false);
    expect(sealHolds(repo.dir, statUnmoved)).toBe(true);
    expect(sealHolds(repo.dir, { ...statUnmoved, blobs: { 'src/link': staged['src/link'] } })).toBe(true);
  });
});

