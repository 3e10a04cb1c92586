import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { filterOverrides, safeGitEnv, TEXT_MERGE_DRIVER } from '../../git/safe-env.js';
import { git } from '../../git/run-git.js';
import { pickTaskCommit } from '../../git/integrate-commit.js';
import { readObject } from '../../git/object-reader.js';
import { diffSince, snapshotWorktree, commitTask } from '../../git/index.js';
import { makeRepo } from './helpers.js';

/** A marker path outside the repository; a planted command creates it if it ever runs. */
function markerDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'tandem-markers-'));
}

const saved = { ...process.env };
afterEach(() => {
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

describe('safeGitEnv', () => {
  it('drops GIT_* variables that redirect git or inject config, keeps identity and config-file choice', () => {
    Object.assign(process.env, {
      GIT_DIR: '/elsewhere/.git',
      GIT_WORK_TREE: '/elsewhere',
      GIT_CONFIG_PARAMETERS: "'core.fsmonitor'='touch /tmp/pwned'",
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'core.fsmonitor',
      GIT_CONFIG_VALUE_0: 'touch /tmp/pwned',
      GIT_EXTERNAL_DIFF: 'touch /tmp/pwned',
      GIT_ASKPASS: '/tmp/askpass',
      GIT_SSH_COMMAND: 'touch /tmp/pwned',
      GIT_EXEC_PATH: '/tmp/evil-exec',
      GIT_AUTHOR_NAME: 'Ada',
    });
    const env = safeGitEnv();
    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_CONFIG_PARAMETERS', 'GIT_EXTERNAL_DIFF', 'GIT_ASKPASS', 'GIT_SSH_COMMAND', 'GIT_EXEC_PATH']) {
      expect(env[name], name).toBeUndefined();
    }
    expect(env.GIT_AUTHOR_NAME).toBe('Ada');
    expect(env.GIT_CONFIG_GLOBAL).toBe(process.env.GIT_CONFIG_GLOBAL);
    const keys = Array.from({ length: Number(env.GIT_CONFIG_COUNT) }, (_, i) => `${env[`GIT_CONFIG_KEY_${i}`]}=${env[`GIT_CONFIG_VALUE_${i}`]}`);
    expect(keys).toContain('core.fsmonitor=false');
    expect(keys).toContain('core.hooksPath=/dev/null');
    expect(keys).not.toContain('core.fsmonitor=touch /tmp/pwned');
  });

  it('blanks every filter driver the config names, even one whose name holds "=" and "."', () => {
    const list = 'core.bare\nfalse\0filter.a=b.c.clean\ntouch x\0filter.lfs.required\ntrue\0diff.t.textconv\ncat\0';
    expect(filterOverrides(list)).toEqual([
      ['filter.a=b.c.clean', ''], ['filter.a=b.c.smudge', ''], ['filter.a=b.c.process', ''], ['filter.a=b.c.required', 'false'],
      ['filter.lfs.clean', ''], ['filter.lfs.smudge', ''], ['filter.lfs.process', ''], ['filter.lfs.required', 'false'],
    ]);
  });

  it("makes every merge driver the config names git's own text merge", () => {
    const list = 'merge.conflictstyle\ndiff3\0merge.evil.driver\ntouch x %A\0merge.n.name\nno driver\0mergetool.m.cmd\nx\0';
    expect(filterOverrides(list)).toEqual([['merge.evil.driver', TEXT_MERGE_DRIVER], ['merge.n.driver', TEXT_MERGE_DRIVER]]);
  });
});

/** A directory for markers, and `plant(name)`: a script that leaves `<name>.ran` there when it runs. */
function plantedPrograms(): { plant: (name: string, tail?: string) => string; ran: () => string[] } {
  const dir = markerDir();
  return {
    plant: (name, tail = 'cat') => {
      const script = path.join(dir, `${name}.sh`);
      writeFileSync(script, `#!/bin/sh\ntouch '${path.join(dir, name)}.ran'\n${tail}\n`);
      chmodSync(script, 0o755);
      return script;
    },
    ran: () => readdirSync(dir).filter((name) => name.endsWith('.ran')).sort(),
  };
}

describe('git as Tandem runs it', () => {
  it("runs none of the programs a repository's own config names: fsmonitor, hooks, filters, diff drivers", async () => {
    const repo = makeRepo();
    const markers = markerDir();
    const plant = (name: string) => {
      const script = path.join(markers, `${name}.sh`);
      writeFileSync(script, `#!/bin/sh\ntouch '${path.join(markers, name)}.ran'\ncat\n`);
      chmodSync(script, 0o755);
      return script;
    };
    repo.git('config', 'core.fsmonitor', plant('fsmonitor'));
    repo.git('config', 'filter.a=b.clean', plant('clean'));
    repo.git('config', 'filter.a=b.smudge', plant('smudge'));
    repo.git('config', 'filter.a=b.required', 'true');
    repo.git('config', 'filter.proc.process', plant('process'));
    repo.git('config', 'diff.t.textconv', plant('textconv'));
    repo.git('config', 'diff.t.command', plant('diffcmd'));
    repo.git('config', 'diff.external', plant('external'));
    repo.git('config', 'commit.gpgSign', 'true');
    repo.git('config', 'gpg.program', plant('gpg'));
    const hooks = path.join(markers, 'hooks');
    repo.git('config', 'core.hooksPath', hooks);
    for (const hook of ['pre-commit', 'commit-msg', 'post-commit', 'reference-transaction', 'post-index-change']) {
      const target = path.join(hooks, hook);
      mkdirSync(hooks, { recursive: true });
      writeFileSync(target, `#!/bin/sh\ntouch '${path.join(markers, hook)}.ran'\n`);
      chmodSync(target, 0o755);
    }
    repo.write('.gitattributes', '*.a filter=a=b\n*.p filter=proc\n*.t diff=t\n');
    repo.write('x.a', 'one\n');
    repo.write('x.p', 'one\n');
    repo.write('x.t', 'one\n');
    const base = repo.git('rev-parse', 'HEAD');

    await snapshotWorktree({ repo: repo.dir, ref: 'refs/tandem/test/snap' });
    const diff = await diffSince({ repo: repo.dir, baseSha: base, maxBytes: 100_000 });
    expect(diff.files.map((f) => f.path)).toContain('x.t');
    await git(repo.dir, ['status', '--porcelain']);
    const commit = await commitTask({ repo: repo.dir, baseSha: base, taskId: 'T1', title: 't', runId: 'r', implementedBy: 'm', reviewedBy: [] });
    expect(repo.git('show', `${commit.sha}:x.a`)).toBe('one');

    const ran = () => readdirSync(markers).filter((name) => name.endsWith('.ran')).sort();
    expect(ran()).toEqual([]);

    // The control: the same repository with plain git does run what was planted.
    repo.write('y.a', 'two\n');
    repo.git('add', 'y.a');
    repo.git('-c', 'commit.gpgSign=false', 'commit', '-q', '-m', 'control');
    expect(ran()).toEqual(expect.arrayContaining(['clean.ran', 'fsmonitor.ran', 'pre-commit.ran', 'reference-transaction.ran']));
  });
});

describe('programs a repository config names for merges and fetches', () => {
  it("a lane's cherry-pick merges with git's text merge, never the repository's merge driver", async () => {
    const planted = plantedPrograms();
    const repo = makeRepo();
    const base = repo.commit('plan', 'TODO.md', '- [ ] T1: a\n- [ ] T2: b\n\nnotes\n');
    repo.git('config', 'merge.default', 'evil');
    repo.git('config', 'merge.evil.driver', `${planted.plant('default-driver')} %O %A %B`);
    repo.git('config', 'merge.attr.driver', `${planted.plant('attribute-driver')} %O %A %B`);
    repo.write('.gitattributes', 'notes.txt merge=attr\n');
    repo.write('notes.txt', 'one\ntwo\nthree\nfour\nfive\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'attributes');
    const taskBase = repo.git('rev-parse', 'HEAD');
    // T2's commit, made from the same base as T1's, is picked on top of T1: both change TODO.md and notes.txt.
    repo.git('switch', '-q', '-c', 't2');
    repo.write('TODO.md', '- [ ] T1: a\n- [x] T2: b\n\nnotes\n');
    repo.write('notes.txt', 'one\ntwo\nthree\nfour\nFIVE\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'T2');
    const t2 = repo.git('rev-parse', 'HEAD');
    repo.git('switch', '-q', 'main');
    repo.write('TODO.md', '- [x] T1: a\n- [ ] T2: b\n\nnotes\n');
    repo.write('notes.txt', 'ONE\ntwo\nthree\nfour\nfive\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'T1');
    const head = repo.git('rev-parse', 'HEAD');
    void base;

    const result = await pickTaskCommit({ repo: repo.dir, head, taskSha: t2, taskBase, planRelPath: 'TODO.md', markPlan: async () => repo.write('TODO.md', '- [x] T1: a\n- [x] T2: b\n\nnotes\n') });

    expect(planted.ran()).toEqual([]);
    expect(result.status).toBe('picked');
    // git's text merge took both sides' lines.
    expect(repo.read('notes.txt')).toBe('ONE\ntwo\nthree\nfour\nFIVE\n');
    // The control: plain git runs the planted drivers.
    repo.git('reset', '-q', '--hard', head);
    gitRaw(repo.dir, ['cherry-pick', '--no-commit', t2]);
    expect(planted.ran()).toEqual(['attribute-driver.ran', 'default-driver.ran']);
  });

  it("a read of a missing object in a partial clone runs none of the repository's transports", async () => {
    const planted = plantedPrograms();
    const repo = makeRepo();
    repo.git('config', 'core.repositoryFormatVersion', '1');
    repo.git('config', 'extensions.partialClone', 'origin');
    repo.git('config', 'remote.origin.url', 'ssh://example.invalid/repo.git');
    repo.git('config', 'remote.origin.promisor', 'true');
    repo.git('config', 'protocol.ssh.allow', 'always');
    repo.git('config', 'core.sshCommand', planted.plant('ssh', 'exit 1'));
    const missing = '1234567890123456789012345678901234567890';

    expect(await readObject(repo.dir, missing)).toEqual({ missing: true });
    await git(repo.dir, ['cat-file', '-t', missing], { okExitCodes: [128] });

    expect(planted.ran()).toEqual([]);
    // The control: plain git tries the lazy fetch, through the planted ssh.
    gitRaw(repo.dir, ['cat-file', '-t', missing]);
    expect(planted.ran()).toEqual(['ssh.ran']);
  });
});

/** Plain git with the repository's config in force; failures are expected and ignored. */
function gitRaw(cwd: string, args: string[]): void {
  spawnSync('git', args, { cwd, stdio: 'ignore', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
}
