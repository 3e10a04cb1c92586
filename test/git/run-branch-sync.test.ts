/**
 * Keeping a machine's run branch in step with the remote: the pure decision
 * for each way two heads can relate, then each decision carried out on real
 * repositories (a bare remote, and a clone standing in for another machine).
 * Nothing is ever forced: a remote someone pushed to keeps their commit.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeEach, describe, expect, it } from 'vitest';
import { applySyncDecision, readSyncDecision, syncDecision } from '../../git/run-branch-sync.js';
import { remoteBranchProblem } from '../../git/remote-branch-check.js';
import { createRepo, type TestRepo } from '../support/git-repo.js';

describe('syncDecision', () => {
  const L = 'a'.repeat(40);
  const R = 'b'.repeat(40);
  it('does nothing when the heads agree, or neither exists', () => {
    expect(syncDecision({ local: L, remote: L, localInRemote: false, remoteInLocal: false })).toEqual({ action: 'none' });
    expect(syncDecision({ local: null, remote: null, localInRemote: false, remoteInLocal: false })).toEqual({ action: 'none' });
  });
  it('makes the branch from the remote on a machine that has none', () => {
    expect(syncDecision({ local: null, remote: R, localInRemote: false, remoteInLocal: false })).toEqual({ action: 'create', sha: R });
  });
  it('fast-forwards a branch that is behind', () => {
    expect(syncDecision({ local: L, remote: R, localInRemote: true, remoteInLocal: false })).toEqual({ action: 'fast-forward', from: L, to: R });
  });
  it('pushes a branch that is ahead (a crash between a commit and its push), or that the remote lacks', () => {
    expect(syncDecision({ local: L, remote: R, localInRemote: false, remoteInLocal: true })).toEqual({ action: 'push', sha: L });
    expect(syncDecision({ local: L, remote: null, localInRemote: false, remoteInLocal: false })).toEqual({ action: 'push', sha: L });
  });
  it('reports diverged heads and leaves both alone', () => {
    expect(syncDecision({ local: L, remote: R, localInRemote: false, remoteInLocal: false })).toEqual({ action: 'diverged', local: L, remote: R });
  });
});

describe('the run branch against a real remote', () => {
  const branch = 'tandem/x';
  let a: TestRepo;
  let bare: string;
  let b: string;
  const target = () => ({ repo: b, url: bare, branch, planRelPath: 'TODO.md' });
  const bareHead = async () => (await execa('git', ['--git-dir', bare, 'rev-parse', `refs/heads/${branch}`])).stdout;
  const gitB = async (...args: string[]) => (await execa('git', ['-C', b, ...args])).stdout;
  /** A commit on top of `parent` made in `repo` (no checkout involved), its sha. */
  const commitOn = async (repo: string, parent: string, message: string) =>
    (await execa('git', ['-C', repo, '-c', 'user.name=T', '-c', 'user.email=t@x', 'commit-tree', `${parent}^{tree}`, '-p', parent, '-m', message])).stdout;

  beforeEach(async () => {
    a = await createRepo({ 'README.md': '# x\n', 'TODO.md': '# Plan\n' });
    bare = join(await mkdtemp(join(tmpdir(), 'tandem-sync-')), 'remote.git');
    await execa('git', ['init', '-q', '--bare', bare]);
    await a.git('push', '-q', bare, `main:refs/heads/${branch}`);
    b = join(await mkdtemp(join(tmpdir(), 'tandem-sync-b-')), 'clone');
    await execa('git', ['clone', '-q', '--no-checkout', bare, b]);
    await gitB('branch', '-D', branch).catch(() => undefined);
  });

  it('creates the branch on a machine without it, with the plan recorded as its owner', async () => {
    const decision = await readSyncDecision(target());
    expect(decision).toEqual({ action: 'create', sha: await bareHead() });
    await applySyncDecision(target(), decision);
    expect(await gitB('rev-parse', branch)).toBe(await bareHead());
    expect(await gitB('config', `branch.${branch}.tandemPlan`)).toBe('TODO.md');
  });

  it('fetches and fast-forwards when another machine pushed, and pushes when this one is ahead', async () => {
    await applySyncDecision(target(), await readSyncDecision(target()));
    // Another machine integrates a task and pushes it.
    const theirs = await commitOn(a.root, await bareHead(), 'T1');
    await a.git('push', '-q', bare, `${theirs}:refs/heads/${branch}`);
    const behind = await readSyncDecision(target());
    expect(behind).toMatchObject({ action: 'fast-forward', to: theirs });
    await applySyncDecision(target(), behind);
    expect(await gitB('rev-parse', branch)).toBe(theirs);
    // This machine commits, and crashes before its push: the next sync pushes first.
    const ours = await commitOn(b, theirs, 'T2');
    await gitB('update-ref', `refs/heads/${branch}`, ours);
    const ahead = await readSyncDecision(target());
    expect(ahead).toEqual({ action: 'push', sha: ours });
    expect(await applySyncDecision(target(), ahead)).toEqual({ status: 'pushed' });
    expect(await bareHead()).toBe(ours);
  });

  it('leaves diverged heads alone, never forces a push, and the branch check says why', async () => {
    await applySyncDecision(target(), await readSyncDecision(target()));
    const base = await bareHead();
    const someone = await commitOn(a.root, base, 'Someone else was here');
    await a.git('push', '-q', bare, `${someone}:refs/heads/${branch}`);
    const ours = await commitOn(b, base, 'T2');
    await gitB('update-ref', `refs/heads/${branch}`, ours);

    const decision = await readSyncDecision(target());
    expect(decision).toEqual({ action: 'diverged', local: ours, remote: someone });
    await applySyncDecision(target(), decision);
    // A push of ours now (what a sync after the activity would try) is refused by the remote, and said so.
    expect(await applySyncDecision(target(), { action: 'push', sha: ours })).toMatchObject({ status: 'rejected' });
    expect(await bareHead()).toBe(someone);
    expect(await gitB('rev-parse', branch)).toBe(ours);

    const problem = await remoteBranchProblem({ repo: b, branch, planRelPath: 'TODO.md', runId: 'r', journalDir: '/nowhere', remote: { name: 'origin', url: bare } });
    expect(problem).toContain(`The remote's run branch ${branch} moved (someone pushed ${someone.slice(0, 10)} to origin)`);
    expect(problem).toContain('Tandem never force-pushes');
    expect(problem).toContain(`put origin/${branch} back to ${base.slice(0, 10)}`);
  });

  it('has nothing to say about a run without a remote, and runs no git for it', async () => {
    expect(await remoteBranchProblem({ repo: '/does/not/exist', branch, planRelPath: 'TODO.md', runId: 'r', journalDir: '/nowhere' })).toBeUndefined();
  });
});
