import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blameLines } from '../../git/blame.js';
import { traceCommits } from '../../git/trace-trailers.js';
import { gitIn, makeRepo } from './helpers.js';

describe('blameLines', () => {
  it('names the commit that last changed each line of the committed file', async () => {
    const repo = makeRepo();
    const first = repo.commit('one', 'f.txt', 'a\nb\n');
    const second = repo.commit('two', 'f.txt', 'a\nB\nc\n');
    repo.write('f.txt', 'worktree edits are not blamed\n');
    const whole = await blameLines({ repo: repo.dir, rev: 'main', path: 'f.txt' });
    expect(whole).toEqual({
      ok: true,
      lines: [
        { line: 1, sha: first, text: 'a' },
        { line: 2, sha: second, text: 'B' },
        { line: 3, sha: second, text: 'c' },
      ],
    });
    expect(await blameLines({ repo: repo.dir, rev: 'main', path: 'f.txt', line: 2 })).toEqual({ ok: true, lines: [{ line: 2, sha: second, text: 'B' }] });
    expect(await blameLines({ repo: repo.dir, rev: 'main', path: 'f.txt', line: 9 })).toEqual({ ok: false, problem: 'line-out-of-range', lineCount: 3 });
    // Lines git would refuse with a message of its own (`-L invalid line number: 0`), out of range like one past the end.
    for (const line of [0, -1, Number.NaN, 1e20]) expect(await blameLines({ repo: repo.dir, rev: 'main', path: 'f.txt', line })).toEqual({ ok: false, problem: 'line-out-of-range', lineCount: 3 });
    repo.commit('no final newline', 'g.txt', 'a\nb');
    expect(await blameLines({ repo: repo.dir, rev: 'main', path: 'g.txt', line: 0 })).toEqual({ ok: false, problem: 'line-out-of-range', lineCount: 2 });
    expect(await blameLines({ repo: repo.dir, rev: 'main', path: 'nope.txt' })).toEqual({ ok: false, problem: 'no-such-path' });
    expect(await blameLines({ repo: repo.dir, rev: 'main', path: '.' })).toEqual({ ok: false, problem: 'no-such-path' });
  });

  it("runs no program the repository names and lets its config hide no commit", async () => {
    const repo = makeRepo();
    const markers = mkdtempSync(path.join(os.tmpdir(), 'tandem-blame-'));
    const script = path.join(markers, 'textconv');
    writeFileSync(script, `#!/bin/sh\ntouch '${path.join(markers, 'textconv.ran')}'\ncat "$1"\n`);
    chmodSync(script, 0o755);
    repo.write('.gitattributes', '* diff=evil\n');
    repo.commit('the line', 'f.txt', 'hello\n');
    const sha = repo.commit('the line changed', 'f.txt', 'hello world\n');
    // With this file in force, git would credit the line to the first commit.
    repo.write('.ignore-revs', `${sha}\n`);
    repo.git('config', 'diff.evil.textconv', script);
    repo.git('config', 'blame.ignoreRevsFile', '.ignore-revs');
    const blamed = await blameLines({ repo: repo.dir, rev: 'HEAD', path: 'f.txt', line: 1 });
    expect(blamed).toEqual({ ok: true, lines: [{ line: 1, sha, text: 'hello world' }] });
    expect(existsSync(path.join(markers, 'textconv.ran'))).toBe(false);
  });
});

describe('traceCommits', () => {
  it('reads the task, run, requirement and acceptance trailers of given commits, in the order given', async () => {
    const repo = makeRepo();
    const plain = repo.commit('by hand', 'a.txt', 'a\n');
    repo.write('b.txt', 'b\n');
    repo.git('add', 'b.txt');
    gitIn(repo.dir, ['commit', '-q', '-F', '-'], 'T2: Write beta\n\nTandem-Task: T2\nTandem-Run: run-1\nTandem-Requirements: R1, REQ-2\nTandem-Acceptance: T2/1 b.txt says beta\nTandem-Acceptance: T2/2 a: still alpha\n');
    const task = repo.git('rev-parse', 'HEAD');
    const [first, second] = await traceCommits({ repo: repo.dir, from: { shas: [plain, task] } });
    expect(first).toMatchObject({ sha: plain, subject: 'by hand', taskIds: [], requirements: [], acceptance: [] });
    expect(second).toEqual({
      sha: task,
      subject: 'T2: Write beta',
      taskIds: ['T2'],
      runIds: ['run-1'],
      requirements: ['R1', 'REQ-2'],
      acceptance: ['T2/1 b.txt says beta', 'T2/2 a: still alpha'],
    });
    expect((await traceCommits({ repo: repo.dir, from: { range: 'main', max: 1 } })).map((c) => c.sha)).toEqual([task]);
  });
});
