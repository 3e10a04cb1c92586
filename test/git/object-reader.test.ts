import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readObject } from '../../git/object-reader.js';
import { branchSha, currentBranch, headSha, resolveCommit } from '../../git/refs.js';
import { makeRepo } from './helpers.js';

describe('object reader', () => {
  it('answers from one long-lived process and sees refs move at once', async () => {
    const repo = makeRepo();
    const first = repo.git('rev-parse', 'HEAD');
    expect(await headSha({ repo: repo.dir })).toBe(first);
    expect(await branchSha({ repo: repo.dir, branch: 'main' })).toBe(first);
    const second = repo.commit('second');
    expect(await headSha({ repo: repo.dir })).toBe(second);
    expect(await branchSha({ repo: repo.dir, branch: 'main' })).toBe(second);
    repo.git('pack-refs', '--all');
    repo.git('update-ref', 'refs/heads/main', first);
    expect(await branchSha({ repo: repo.dir, branch: 'main' })).toBe(first);
    expect(await branchSha({ repo: repo.dir, branch: 'nope' })).toBeNull();
    expect(await resolveCommit({ repo: repo.dir, rev: 'HEAD:README.md' })).toBeNull();
    const blob = await readObject(repo.dir, `${second}:user.txt`);
    expect(blob && 'content' in blob ? blob.content.toString('utf8') : blob).toBe('second\n');
  });

  it('reads the branch from HEAD, and a detached HEAD as null', async () => {
    const repo = makeRepo();
    expect(await currentBranch({ repo: repo.dir })).toBe('main');
    repo.git('switch', '-q', '-c', 'feature/x');
    expect(await currentBranch({ repo: repo.dir })).toBe('feature/x');
    repo.git('switch', '-q', '--detach');
    expect(await currentBranch({ repo: repo.dir })).toBeNull();
  });

  it('starts afresh for a repository recreated at the same path', async () => {
    const repo = makeRepo();
    expect(await headSha({ repo: repo.dir })).toBe(repo.git('rev-parse', 'HEAD'));
    rmSync(`${repo.dir}/.git`, { recursive: true, force: true });
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', 'Ada User');
    repo.git('config', 'user.email', 'ada@example.com');
    const again = repo.commit('again');
    expect(await headSha({ repo: repo.dir })).toBe(again);
  });
});
