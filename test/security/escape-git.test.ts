/**
 * The measured escape (issue 12): a sandboxed command may write anything in the
 * workspace except the top .git. It built nested repositories whose config
 * named programs (fsmonitor, hooks, filter and diff drivers), and Tandem's own
 * unsandboxed git ran them on the host. Here the same repositories are planted
 * by hand, Tandem's git operations run over them, and no planted program may run.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitTask, diffSince, ensureRunBranch, resetToBase, snapshotWorktree } from '../../git/index.js';
import { isDirty } from '../../git/status.js';
import { gitIn, makeRepo, type TestRepo } from '../git/helpers.js';

const KINDS = ['fsmonitor', 'clean', 'smudge', 'process', 'textconv', 'diffcmd'] as const;
const HOOKS = ['pre-commit', 'post-commit', 'reference-transaction', 'post-index-change', 'post-checkout'];

/** Marker scripts outside the repository: each leaves `<kind>-<where>.ran` if it ever runs. */
function markerScripts(markers: string, where: string): Record<(typeof KINDS)[number], string> & { hooks: string } {
  const script = (name: string) => {
    const file = path.join(markers, 'bin', `${name}-${where}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `#!/bin/sh\ntouch '${path.join(markers, `${name}-${where}.ran`)}'\ncat\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const hooks = path.join(markers, `hooks-${where}`);
  mkdirSync(hooks, { recursive: true });
  for (const hook of HOOKS) {
    writeFileSync(path.join(hooks, hook), `#!/bin/sh\ntouch '${path.join(markers, `${hook}-${where}.ran`)}'\n`);
    chmodSync(path.join(hooks, hook), 0o755);
  }
  return { ...(Object.fromEntries(KINDS.map((kind) => [kind, script(kind)])) as Record<(typeof KINDS)[number], string>), hooks };
}

/** Config and attributes of a repository built to run code in whatever git touches it. */
function arm(gitDir: string, markers: string, where: string): void {
  const bin = markerScripts(markers, where);
  const set = (key: string, value: string) => gitIn(gitDir, ['config', '--file', path.join(gitDir, 'config'), key, value]);
  set('core.fsmonitor', bin.fsmonitor);
  set('core.hooksPath', bin.hooks);
  set('filter.evil.clean', bin.clean);
  set('filter.evil.smudge', bin.smudge);
  set('filter.evil.process', bin.process);
  set('filter.evil.required', 'true');
  set('diff.evil.textconv', bin.textconv);
  set('diff.evil.command', bin.diffcmd);
}

/** What the agent's `run_command` leaves: plain and gitfile nested repositories, a bare git dir, a gitlink candidate. */
function plantNested(repo: TestRepo, markers: string, prefix: string): void {
  const sub = path.join(repo.dir, `${prefix}sub`);
  repo.write(`${prefix}sub/code.txt`, 'plain nested repository\n');
  repo.write(`${prefix}sub/.gitattributes`, '* filter=evil diff=evil\n');
  gitIn(sub, ['init', '-q']);
  arm(path.join(sub, '.git'), markers, `${prefix}sub`);

  gitIn(repo.dir, ['init', '-q', '--bare', `${prefix}gd`]);
  arm(path.join(repo.dir, `${prefix}gd`), markers, `${prefix}gd`);
  repo.write(`${prefix}sub2/.git`, `gitdir: ../${prefix}gd\n`);
  repo.write(`${prefix}sub2/code.txt`, 'behind a gitfile\n');
  repo.write(`${prefix}sub2/.gitattributes`, '* filter=evil diff=evil\n');

  const sub3 = path.join(repo.dir, `${prefix}sub3`);
  repo.write(`${prefix}sub3/code.txt`, 'a repository with a commit, which `git add` makes a gitlink\n');
  gitIn(sub3, ['init', '-q']);
  gitIn(sub3, ['add', 'code.txt']);
  gitIn(sub3, ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '-m', 'x']);
  arm(path.join(sub3, '.git'), markers, `${prefix}sub3`);
}

const ran = (markers: string) => readdirSync(markers).filter((name) => name.endsWith('.ran')).sort();

describe('git escapes through nested repositories', () => {
  it('run nothing through snapshot, diff, commit and rollback, and leave the tree clean', async () => {
    const markers = mkdtempSync(path.join(os.tmpdir(), 'tandem-escape-'));
    const repo = makeRepo();
    // Left by the old bug: a nested repository already committed as a gitlink, armed, with changes inside.
    const linked = path.join(repo.dir, 'linked');
    repo.write('linked/code.txt', 'one\n');
    gitIn(linked, ['init', '-q']);
    gitIn(linked, ['add', 'code.txt']);
    gitIn(linked, ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '-m', 'x']);
    repo.git('add', 'linked');
    repo.git('commit', '-q', '-m', 'a gitlink from an earlier run');
    arm(path.join(linked, '.git'), markers, 'linked');
    repo.write('linked/code.txt', 'changed inside the gitlinked repository\n');
    const base = repo.git('rev-parse', 'HEAD');
    await ensureRunBranch({ repo: repo.dir, branch: 'tandem/todo', planRelPath: 'TODO.md', fromSha: base });

    // Task 1: the agent plants, Tandem snapshots, diffs for review and commits.
    plantNested(repo, markers, '');
    repo.write('.gitattributes', '* filter=evil diff=evil\n');
    repo.write('NOTES.md', 'notes\n');
    const snapshot = await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/escape/T1/step-1' });
    expect(repo.git('ls-tree', '-r', snapshot.commitSha)).not.toMatch(/^160000 .*\t(sub|sub2|sub3)$/m);
    const diff = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(diff.files.map((file) => file.path)).toEqual(expect.arrayContaining(['NOTES.md', 'sub/code.txt', 'sub2/code.txt', 'sub3/code.txt']));
    expect(await isDirty({ repo: repo.dir })).toBe(true);
    const commit = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [] });
    const gitlinks = repo.git('ls-tree', '-r', commit.sha).split('\n').filter((entry) => entry.startsWith('160000'));
    expect(gitlinks.map((entry) => entry.split('\t')[1])).toEqual(['linked']); // the base's, and only it
    expect(repo.git('ls-tree', '-r', '--name-only', commit.sha).split('\n')).not.toContain('gd/HEAD');
    expect(await isDirty({ repo: repo.dir })).toBe(false);

    // Task 2: the agent plants again, the task fails, Tandem rolls back.
    plantNested(repo, markers, 'again-');
    repo.write('more.txt', 'more\n');
    await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/escape/T2/step-1' });
    await resetToBase({ repo: repo.dir, sha: commit.sha });
    for (const gone of ['again-sub', 'again-sub2', 'again-sub3', 'again-gd', 'more.txt']) expect(repo.exists(gone), gone).toBe(false);
    expect(repo.git('status', '--porcelain', '--ignore-submodules=all', '-uall')).toBe('');

    expect(ran(markers)).toEqual([]);

    // The control: plain git entering the gitlinked repository runs what was planted there.
    repo.git('status', '--porcelain');
    expect(ran(markers)).toContain('fsmonitor-linked.ran');
  });
});
