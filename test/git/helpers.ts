import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

// Hermetic git: no user or system config (identity, hooks, defaultBranch) leaks into tests.
const emptyConfig = path.join(mkdtempSync(path.join(os.tmpdir(), 'tandem-gitcfg-')), 'gitconfig');
writeFileSync(emptyConfig, '');
process.env.GIT_CONFIG_GLOBAL = emptyConfig;
process.env.GIT_CONFIG_NOSYSTEM = '1';
for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) {
  delete process.env[name];
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

export interface TestRepo {
  dir: string;
  /** Runs git in the repo and returns trimmed stdout. */
  git: (...args: string[]) => string;
  write: (file: string, content: string) => void;
  read: (file: string) => string;
  exists: (file: string) => boolean;
  /** Writes a file and commits it with the given message, as the user would. */
  commit: (message: string, file?: string, content?: string) => string;
}

export interface MakeRepoOptions {
  /** Directory name of the repo inside a fresh temp dir, e.g. `my répo ✓`. */
  name?: string;
  /** Skip the initial commit. */
  empty?: boolean;
  /** Skip user.name / user.email. */
  noIdentity?: boolean;
}

export function gitIn(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'] }).replace(/\n$/, '');
}

/** A real repository in os.tmpdir() on branch main, with README.md and a .gitignore for node_modules/. */
export function makeRepo(options: MakeRepoOptions = {}): TestRepo {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'tandem-git-'));
  created.push(parent);
  const dir = path.join(parent, options.name ?? 'repo');
  mkdirSync(dir, { recursive: true });
  const git = (...args: string[]) => gitIn(dir, args);
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  const repo: TestRepo = {
    dir,
    git,
    write,
    read: (file) => readFileSync(path.join(dir, file), 'utf8'),
    exists: (file) => existsSync(path.join(dir, file)),
    commit: (message, file = 'user.txt', content = `${message}\n`) => {
      write(file, content);
      git('add', '--', file);
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD');
    },
  };
  git('init', '-q', '-b', 'main');
  if (!options.noIdentity) {
    git('config', 'user.name', 'Ada User');
    git('config', 'user.email', 'ada@example.com');
  }
  if (!options.empty) {
    write('README.md', '# test\n');
    write('.gitignore', 'node_modules/\n*.log\n');
    git('add', '.');
    gitIn(dir, ['-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', 'commit', '-q', '-m', 'init']);
  }
  return repo;
}
