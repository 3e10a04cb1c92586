import { describe, expect, it } from 'vitest';
import {
  commitTask,
  ensureRunBranch,
  findTaskCommit,
  taskCommitMessage,
  taskCommitsOnBranch,
  type CommitTaskInput,
} from '../../git/index.js';
import { TandemError } from '../../errors/tandem-error.js';
import { makeRepo, type TestRepo } from './helpers.js';

async function onRunBranch(repo: TestRepo): Promise<string> {
  const base = repo.git('rev-parse', 'HEAD');
  await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });
  return base;
}

function taskInput(repo: TestRepo, baseSha: string, overrides: Partial<CommitTaskInput> = {}): CommitTaskInput {
  return {
    repo: repo.dir,
    baseSha,
    taskId: 'T3',
    title: 'Add slug helper',
    runId: 'run-abc',
    implementedBy: 'openai:gpt-5',
    reviewedBy: ['anthropic:claude-sonnet-5-5', 'openai:o3'],
    ...overrides,
  };
}

describe('commitTask', () => {
  it('writes the subject, body and trailers exactly', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.write('src/slug.ts', 'export const slug = 1;\n');
    const result = await commitTask(taskInput(repo, base, { body: 'Adds slug().\n\n# Notes\nKeeps "#" lines.' }));
    expect(result.alreadyCommitted).toBe(false);
    expect(result.sha).toBe(repo.git('rev-parse', 'HEAD'));
    expect(repo.git('log', '-1', '--format=%B')).toBe(
      [
        'T3: Add slug helper',
        '',
        'Adds slug().',
        '',
        '# Notes',
        'Keeps "#" lines.',
        '',
        'Tandem-Task: T3',
        'Tandem-Run: run-abc',
        'Implemented-by: openai:gpt-5',
        'Reviewed-by: anthropic:claude-sonnet-5-5',
        'Reviewed-by: openai:o3',
        '',
      ].join('\n'),
    );
    expect(repo.git('log', '-1', '--format=%(trailers)')).toBe(
      'Tandem-Task: T3\nTandem-Run: run-abc\nImplemented-by: openai:gpt-5\nReviewed-by: anthropic:claude-sonnet-5-5\nReviewed-by: openai:o3\n',
    );
    expect(repo.git('log', '-1', '--format=%(trailers:key=Reviewed-by,valueonly,separator=%x2C)')).toBe(
      'anthropic:claude-sonnet-5-5,openai:o3',
    );
    expect(repo.git('show', '--name-only', '--format=', 'HEAD')).toBe('src/slug.ts');
  });

  it('names the acceptance criteria and requirements in trailers git reads back, one line each and clipped', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const long = `returns ${'x'.repeat(400)}`;
    const input = taskInput(repo, base, {
      acceptance: ['`slug("A b")` returns `a-b`', 'handles\nNote: not a trailer', long],
      requirements: ['R1', 'REQ-3'],
    });
    const first = await commitTask(input);
    const trailer = (key: string) => repo.git('log', '-1', `--format=%(trailers:key=${key},valueonly,separator=%x1e)`).split('\x1e');
    expect(trailer('Tandem-Requirements')).toEqual(['R1, REQ-3']);
    const acceptance = trailer('Tandem-Acceptance');
    expect(acceptance.slice(0, 2)).toEqual(['T3/1 `slug("A b")` returns `a-b`', 'T3/2 handles Note: not a trailer']);
    expect(acceptance[2]).toMatch(/^T3\/3 returns x+…$/);
    expect(Array.from(acceptance[2]!)).toHaveLength(200);
    // No criterion's text became a trailer of its own.
    expect(trailer('Note')).toEqual(['']);
    // Same input, same bytes: a retried activity finds its commit instead of making a second one.
    expect(taskCommitMessage(input)).toBe(taskCommitMessage({ ...input, acceptance: [...input.acceptance!] }));
    expect(await commitTask(input)).toEqual({ sha: first.sha, alreadyCommitted: true });
  });

  it('writes no trace trailers for a task without criteria or requirements', () => {
    const message = taskCommitMessage({ taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [], acceptance: [], requirements: [] });
    expect(message).not.toMatch(/Tandem-(Acceptance|Requirements)/);
  });

  it('keeps a title with newlines on one subject line', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    await commitTask(taskInput(repo, base, { title: 'Multi\nline\ttitle ', reviewedBy: [] }));
    expect(repo.git('log', '-1', '--format=%s')).toBe('T3: Multi line title');
    expect(repo.git('log', '-1', '--format=%(trailers:key=Reviewed-by)')).toBe('');
  });

  it('called twice (a retried activity) makes exactly one commit', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.write('a.txt', 'a\n');
    const first = await commitTask(taskInput(repo, base));
    repo.write('stray.txt', 'written after the commit\n');
    const second = await commitTask(taskInput(repo, base));
    expect(second).toEqual({ sha: first.sha, alreadyCommitted: true });
    expect(repo.git('rev-list', '--count', `${base}..HEAD`)).toBe('1');
  });

  it('commits a task without changes, so a resume still finds it', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const result = await commitTask(taskInput(repo, base));
    expect(result.sha).not.toBe(base);
  });

  it("keeps the user's identity, or uses Tandem <tandem@localhost> for that commit only", async () => {
    const withUser = makeRepo();
    const base = await onRunBranch(withUser);
    await commitTask(taskInput(withUser, base));
    expect(withUser.git('log', '-1', '--format=%an <%ae> / %cn <%ce>')).toBe('Ada User <ada@example.com> / Ada User <ada@example.com>');

    const anonymous = makeRepo({ noIdentity: true });
    const anonBase = await onRunBranch(anonymous);
    await commitTask(taskInput(anonymous, anonBase));
    expect(anonymous.git('log', '-1', '--format=%an <%ae> / %cn <%ce>')).toBe('Tandem <tandem@localhost> / Tandem <tandem@localhost>');
    expect(() => anonymous.git('config', '--get', 'user.name')).toThrow();

    const nameOnly = makeRepo({ noIdentity: true });
    nameOnly.git('config', 'user.name', 'Grace Hopper');
    const nameOnlyBase = await onRunBranch(nameOnly);
    await commitTask(taskInput(nameOnly, nameOnlyBase));
    expect(nameOnly.git('log', '-1', '--format=%an <%ae>')).toBe('Grace Hopper <tandem@localhost>');
  });

  it('refuses to commit on top of a commit the user made mid-run', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.commit('my own fix');
    repo.write('task.txt', 'x\n');
    const error = await commitTask(taskInput(repo, base)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TandemError);
    expect((error as TandemError).code).toBe('GIT_BRANCH_MOVED');
    expect((error as TandemError).message).toContain('my own fix');
    expect(repo.git('log', '-1', '--format=%s')).toBe('my own fix');
  });

  it('finds its commit on the run branch even if the user switched away before the retry', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const first = await commitTask(taskInput(repo, base, { branch: 'tandem/todo' }));
    repo.git('switch', '-q', 'main');
    expect(await commitTask(taskInput(repo, base, { branch: 'tandem/todo' }))).toEqual({ sha: first.sha, alreadyCommitted: true });
    const error = await commitTask(taskInput(repo, base, { branch: 'tandem/todo', taskId: 'T4' })).catch((caught: unknown) => caught);
    expect((error as TandemError).code).toBe('GIT_BRANCH_SWITCHED');
  });

  it('GIT_BRANCH_DELETED and GIT_BAD_BASE instead of committing somewhere unexpected', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    repo.git('switch', '-q', 'main');
    repo.git('branch', '-D', 'tandem/todo');
    const deleted = await commitTask(taskInput(repo, base, { branch: 'tandem/todo' })).catch((caught: unknown) => caught);
    expect((deleted as TandemError).code).toBe('GIT_BRANCH_DELETED');
    const badBase = await commitTask(taskInput(repo, 'f'.repeat(40))).catch((caught: unknown) => caught);
    expect((badBase as TandemError).code).toBe('GIT_BAD_BASE');
    expect(repo.git('rev-parse', 'HEAD')).toBe(base);
  });
});

describe('findTaskCommit and taskCommitsOnBranch', () => {
  it('find task commits by trailer, filtered by run and range', async () => {
    const repo = makeRepo();
    const base = await onRunBranch(repo);
    const t1 = await commitTask(taskInput(repo, base, { taskId: 'T1', title: 'one' }));
    const t2 = await commitTask(taskInput(repo, t1.sha, { taskId: 'T2', title: 'two' }));
    const t10 = await commitTask(taskInput(repo, t2.sha, { taskId: 'T10', title: 'ten', runId: 'run-other' }));

    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T1' })).toEqual({ sha: t1.sha, subject: 'T1: one' });
    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T1', runId: 'run-other' })).toBeNull();
    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T1', sinceSha: t1.sha })).toBeNull();
    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T' })).toBeNull();

    repo.git('switch', '-q', 'main');
    expect(await taskCommitsOnBranch({ repo: repo.dir, branch: 'tandem/todo', sinceSha: base })).toEqual({
      T1: t1.sha,
      T2: t2.sha,
      T10: t10.sha,
    });
    expect(await taskCommitsOnBranch({ repo: repo.dir, branch: 'tandem/todo', runId: 'run-abc' })).toEqual({
      T1: t1.sha,
      T2: t2.sha,
    });
    expect(await taskCommitsOnBranch({ repo: repo.dir, branch: 'tandem/never-created' })).toEqual({});
    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T2' })).toBeNull();
    expect(await findTaskCommit({ repo: repo.dir, taskId: 'T2', ref: 'tandem/todo' })).toEqual({ sha: t2.sha, subject: 'T2: two' });
  });
});
