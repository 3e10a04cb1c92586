import { describe, expect, it } from 'vitest';
import { foldAgentWork, gitMarks } from '../../git/fold-agent-work.js';
import { makeRepo } from './helpers.js';

describe('folding what an agent did to git back into plain changes', () => {
  it('its commits become changes on the run branch, its branch switch is undone, its stash rejected', async () => {
    const repo = makeRepo();
    repo.git('checkout', '-q', '-b', 'tandem/run');
    const marks = await gitMarks(repo.dir);
    repo.commit('agent one', 'a.txt', 'a\n');
    repo.git('checkout', '-q', '-b', 'agent-branch');
    repo.commit('agent two', 'b.txt', 'b\n');
    repo.write('c.txt', 'stashed\n');
    repo.git('stash', 'push', '-q', '-u');

    const notes = await foldAgentWork({ repo: repo.dir, branch: 'tandem/run', marks });

    expect(repo.git('symbolic-ref', 'HEAD')).toBe('refs/heads/tandem/run');
    expect(repo.git('rev-parse', 'HEAD')).toBe(marks.head);
    expect(repo.git('status', '--porcelain')).toBe('?? a.txt\n?? b.txt');
    expect(repo.git('stash', 'list')).toBe('');
    expect(notes.join('\n')).toMatch(/left branch agent-branch; back on tandem\/run/);
    expect(notes.join('\n')).toMatch(/folded 1 commit\(s\)/);
    expect(notes.join('\n')).toMatch(/rejected a stash/);
  });

  it('an agent that left git alone leaves nothing to note', async () => {
    const repo = makeRepo();
    const marks = await gitMarks(repo.dir);
    repo.write('a.txt', 'a\n');
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD');
    expect(await foldAgentWork({ repo: repo.dir, branch, marks })).toEqual([]);
    expect(repo.git('status', '--porcelain')).toBe('?? a.txt');
  });
});
