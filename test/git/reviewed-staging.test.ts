import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitTask, diffSince, type CommitTaskInput } from '../../git/index.js';
import { enableSpawnRelay, onRelayedSpawn } from '../../git/spawn-relay.js';
import { gitIn, makeRepo, type TestRepo } from './helpers.js';

/** The git subcommands a call started (through the spawn helper, as in a worker). */
const started: string[] = [];
let unsubscribe: () => void = () => {};
beforeAll(() => {
  enableSpawnRelay();
  unsubscribe = onRelayedSpawn((span) => started.push(span.args.find((arg, index) => !arg.startsWith('-') && span.args[index - 1] !== '-c') ?? ''));
});
afterAll(() => unsubscribe());

/** Without `config`: the config listing is reused only once the config files are a tick old (config-cache.ts), which a fresh test repository may not be. */
async function gitProcessesOf(call: () => Promise<unknown>): Promise<string[]> {
  started.length = 0;
  await call();
  return started.filter((subcommand) => subcommand !== 'config');
}

/** A repository with a tracked plan, a task's work in it, and the review's staging kept. */
async function reviewed(setup: (repo: TestRepo) => void = () => {}): Promise<{ repo: TestRepo; base: string; staging: string; input: CommitTaskInput }> {
  const repo = makeRepo();
  const base = repo.commit('plan', 'TODO.md', '- [ ] T1: note\n');
  repo.write('src/note.ts', 'export const note = 1;\n');
  repo.write('README.md', '# test, edited\n');
  setup(repo);
  const staging = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-staging-')), 'reviewed-staging');
  await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000, keepStagingIn: staging });
  const input: CommitTaskInput = {
    repo: repo.dir,
    baseSha: base,
    taskId: 'T1',
    title: 'note',
    runId: 'run-1',
    implementedBy: 'm',
    reviewedBy: ['r'],
    beforeCommit: async () => repo.write('TODO.md', '- [x] T1: note\n'),
    reviewed: { stagingDir: staging, restage: ['TODO.md'] },
  };
  return { repo, base, staging, input };
}

const hasPython = spawnSync('python3', ['--version']).status === 0;

/** A process that maps `file` shared and writes 8 bytes at its start through the mapping, one line at a time. */
function mappedWriter(file: string): { write: (bytes: string) => Promise<void>; stop: () => void } {
  const script = [
    'import mmap, sys',
    'f = open(sys.argv[1], "r+b")',
    'm = mmap.mmap(f.fileno(), 0)',
    'for line in sys.stdin:',
    '    m[0:8] = line.strip().encode()[:8]',
    '    print("wrote", flush=True)',
  ].join('\n');
  const child = spawn('python3', ['-c', script, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  return {
    write: (bytes) =>
      new Promise((resolve) => {
        child.stdout.once('data', () => resolve());
        child.stdin.write(`${bytes}\n`);
      }),
    stop: () => child.kill(),
  };
}

function treeOf(repo: TestRepo, sha: string): string[] {
  return repo.git('ls-tree', '-r', '--format=%(objectmode) %(path)', sha).split('\n');
}

describe('a task commit written from the review staging', () => {
  it('holds what the review saw plus the plan mark, leaves index and worktree clean, in one git process', async () => {
    const { repo, base, input } = await reviewed();
    const processes = await gitProcessesOf(() => commitTask(input));
    expect(processes).toEqual(['commit']);
    expect(repo.git('show', '--name-status', '--format=', 'HEAD').split('\n')).toEqual(['M\tREADME.md', 'M\tTODO.md', 'A\tsrc/note.ts']);
    expect(repo.git('show', 'HEAD:TODO.md')).toBe('- [x] T1: note');
    expect(repo.git('rev-parse', 'HEAD^')).toBe(base);
    expect(repo.git('log', '-1', '--format=%(trailers:key=Tandem-Task,valueonly)').trim()).toBe('T1');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    // The index is HEAD's, not merely a tree git happened to accept.
    expect(repo.git('diff', '--cached', '--name-only', 'HEAD')).toBe('');
  });

  it('is not made twice when the commit is retried after it landed', async () => {
    const { repo, input } = await reviewed();
    const first = await commitTask(input);
    const again = await commitTask(input);
    expect(again).toEqual({ sha: first.sha, alreadyCommitted: true });
    expect(repo.git('rev-list', '--count', 'HEAD')).toBe('3');
  });

  it('is not used once a file changed after the review, even in the same timestamp tick and size: the commit takes the worktree as it is', async () => {
    const { repo, input } = await reviewed();
    repo.write('src/note.ts', 'export const note = 2;\n');
    const processes = await gitProcessesOf(() => commitTask(input));
    expect(processes).toEqual(['ls-files', 'add', 'commit']);
    expect(repo.git('show', 'HEAD:src/note.ts')).toBe('export const note = 2;');
    expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('is not used once a file appeared after the review', async () => {
    const { repo, input } = await reviewed();
    repo.write('src/later.txt', 'written after the review\n');
    expect(await gitProcessesOf(() => commitTask(input))).toEqual(['ls-files', 'add', 'commit']);
    expect(repo.git('show', 'HEAD:src/later.txt')).toBe('written after the review');
  });

  it.skipIf(!hasPython)('is not used once a process the agent left running changed a file through a memory map, which leaves stat as it was', async () => {
    const repo = makeRepo();
    const base = repo.commit('plan', 'TODO.md', '- [ ] T1: note\n');
    repo.write('src/data.txt', 'xxxxxxxx\n');
    const writer = mappedWriter(path.join(repo.dir, 'src/data.txt'));
    try {
      await writer.write('AAAAAAAA');
      // Past the seal's timestamp tick, so no content digest of its own covers the file.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const staging = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-staging-')), 'reviewed-staging');
      const review = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000, keepStagingIn: staging });
      expect(review.diff).toContain('+AAAAAAAA');
      const before = lstatSync(path.join(repo.dir, 'src/data.txt'), { bigint: true });
      await writer.write('BBBBBBBB');
      const after = lstatSync(path.join(repo.dir, 'src/data.txt'), { bigint: true });
      expect([after.mtimeNs, after.ctimeNs, after.size]).toEqual([before.mtimeNs, before.ctimeNs, before.size]);

      const input: CommitTaskInput = {
        repo: repo.dir, baseSha: base, taskId: 'T1', title: 'note', runId: 'run-1', implementedBy: 'm', reviewedBy: ['r'],
        beforeCommit: async () => repo.write('TODO.md', '- [x] T1: note\n'),
        reviewed: { stagingDir: staging, restage: ['TODO.md'] },
      };
      expect(await gitProcessesOf(() => commitTask(input))).toEqual(['ls-files', 'add', 'commit']);
      // The commit and the index tell the truth about the worktree: nothing in it is hidden from the next task.
      expect(repo.git('show', 'HEAD:src/data.txt')).toBe('BBBBBBBB');
      expect(repo.git('status', '--porcelain', '--untracked-files=all')).toBe('');
    } finally {
      writer.stop();
    }
  });

  it('is not used after a crash between the plan mark and the commit, and the retry commits the same files', async () => {
    const { repo, input } = await reviewed();
    await input.beforeCommit!(); // the first try got this far
    const processes = await gitProcessesOf(() => commitTask(input));
    expect(processes).toEqual(['ls-files', 'add', 'commit']);
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').split('\n')).toEqual(['README.md', 'TODO.md', 'src/note.ts']);
  });

  it('never takes in a repository planted after the review', async () => {
    const { repo, input } = await reviewed();
    repo.write('src/inner/f.txt', 'in a repository\n');
    gitIn(path.join(repo.dir, 'src/inner'), ['init', '-q']);
    gitIn(path.join(repo.dir, 'src/inner'), ['add', 'f.txt']);
    gitIn(path.join(repo.dir, 'src/inner'), ['-c', 'user.name=a', '-c', 'user.email=a@b', 'commit', '-q', '-m', 'x']);
    const commit = await commitTask(input);
    expect(treeOf(repo, commit.sha).filter((entry) => entry.startsWith('160000'))).toEqual([]);
    expect(repo.exists('src/inner/.git')).toBe(false);
  });

  it('is not kept when the index holds a gitlink, so the base submodule entries are put back the usual way', async () => {
    const { repo, staging, input } = await reviewed((r) => {
      r.git('update-index', '--add', '--cacheinfo', `160000,${r.git('rev-parse', 'HEAD')},sneaky`);
    });
    expect(existsSync(staging)).toBe(false);
    const commit = await commitTask(input);
    expect(treeOf(repo, commit.sha).filter((entry) => entry.startsWith('160000'))).toEqual([]);
  });

  it('is not used when the plan file is not tracked at the base, so the plan is never dropped from the commit', async () => {
    const { repo, input } = await reviewed();
    const processes = await gitProcessesOf(() => commitTask({ ...input, reviewed: { ...input.reviewed!, restage: ['NOTES.md'] } }));
    expect(processes).toEqual(['ls-files', 'add', 'commit']);
    expect(repo.git('show', 'HEAD:TODO.md')).toBe('- [x] T1: note');
  });

  it('is not used on another base, or when a file changed mode only', async () => {
    const other = await reviewed();
    const moved = other.repo.commit('someone else');
    expect(await gitProcessesOf(() => commitTask({ ...other.input, baseSha: moved }))).toEqual(['ls-files', 'add', 'commit']);

    const { repo, input } = await reviewed();
    chmodSync(path.join(repo.dir, 'src/note.ts'), 0o755);
    utimesSync(path.join(repo.dir, 'src/note.ts'), new Date(0), new Date(0));
    expect(await gitProcessesOf(() => commitTask(input))).toEqual(['ls-files', 'add', 'commit']);
    expect(treeOf(repo, 'HEAD')).toContain('100755 src/note.ts');
  });

  it('works in a linked worktree (a lane), whose index lives under the main repository', async () => {
    const main = makeRepo();
    const base = main.commit('plan', 'TODO.md', '- [ ] T1: note\n');
    const lane = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-lane-')), 'lane');
    main.git('worktree', 'add', '-q', '-b', 'lane', lane, base);
    const write = (rel: string, text: string) => writeFileSync(path.join(lane, rel), text);
    write('note.txt', 'from the lane\n');
    const staging = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-staging-')), 'reviewed-staging');
    await diffSince({ repo: lane, baseSha: base, maxBytes: 100_000, keepStagingIn: staging });
    const input: CommitTaskInput = {
      repo: lane, baseSha: base, taskId: 'T1', title: 'note', runId: 'run-1', implementedBy: 'm', reviewedBy: ['r'],
      beforeCommit: async () => write('TODO.md', '- [x] T1: note\n'),
      reviewed: { stagingDir: staging, restage: ['TODO.md'] },
    };
    expect(await gitProcessesOf(() => commitTask(input))).toEqual(['commit']);
    expect(gitIn(lane, ['show', '--name-only', '--format=', 'HEAD']).split('\n')).toEqual(['TODO.md', 'note.txt']);
    expect(gitIn(lane, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
    expect(main.git('status', '--porcelain', '--untracked-files=all')).toBe('');
  });

  it('is not kept for a worktree of more than 1,000 files, whose seal would hold up the worker for longer than the processes it saves', async () => {
    const { staging } = await reviewed((r) => {
      for (let index = 0; index < 1_000; index++) r.write(`many/f-${index}.txt`, '');
    });
    expect(existsSync(staging)).toBe(false);
  });
});
