import { existsSync } from 'node:fs';
import { TandemError } from '../errors/tandem-error.js';
import { collect } from './spawn-relay.js';

export interface GitOptions {
  /** Extra environment for this call only (e.g. GIT_INDEX_FILE, a fallback identity). */
  env?: Record<string, string>;
  /** Written to git's stdin (commit messages). */
  input?: string;
  /** Exit codes that are answers rather than failures, e.g. 1 for `diff --quiet`. */
  okExitCodes?: number[];
}

export interface GitResult {
  stdout: string;
  exitCode: number;
}

/**
 * A git command failed in a way we did not expect. Deliberately a plain Error
 * (not a TandemError): most such failures are transient (an `index.lock` held
 * by another process, a full disk) and the activity layer should retry them.
 */
export class GitCommandError extends Error {
  readonly args: readonly string[];
  readonly exitCode: number | undefined;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | undefined, stderr: string, cause?: unknown) {
    const detail = stderr.trim().split('\n').slice(-3).join(' | ') || 'no output';
    super(`Command failed with exit code ${exitCode ?? 'unknown'}: git ${args.join(' ')}: ${detail}`, { cause });
    this.name = 'GitCommandError';
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/*
 * Variables that would silently point our commands at another repository or
 * index (e.g. when the worker is started from inside a git hook).
 */
const INHERITED_GIT_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_PREFIX', 'GIT_COMMON_DIR'];

function gitEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_GIT_VARS) delete env[name];
  return {
    ...env,
    // Never block a worker on a credential or editor prompt.
    GIT_TERMINAL_PROMPT: '0',
    GIT_EDITOR: 'true',
    // Paths we pass are file names, never globs: `a[1].ts` must mean that file.
    GIT_LITERAL_PATHSPECS: '1',
    // Read-only commands such as `status` must not take the index lock.
    GIT_OPTIONAL_LOCKS: '0',
    ...extra,
  };
}

/** Runs `git <args>` in `repo` and returns stdout (untrimmed). Throws GitCommandError on failure. */
export async function git(repo: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  // Not execa: a task runs about twenty git commands, and its per-call machinery cost about a millisecond each.
  const result = await collect('git', ['-c', 'core.quotepath=off', ...args], {
    cwd: repo,
    env: gitEnv(options.env),
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  if (result.spawnError) {
    // Node reports a missing cwd as ENOENT too, so only blame git when the directory exists.
    if (result.spawnError.code === 'ENOENT' && existsSync(repo)) {
      throw new TandemError('git is not installed or not on PATH.', {
        code: 'GIT_NOT_FOUND',
        hint: 'Install git (2.39 or newer) and make sure `git --version` works.',
        exitCode: 3,
        cause: result.spawnError,
      });
    }
    throw new GitCommandError(args, undefined, result.stderr || result.spawnError.message, result.spawnError);
  }
  const exitCode = result.exitCode ?? -1;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitCommandError(args, result.exitCode ?? undefined, result.stderr || (result.signal ? `killed by ${result.signal}` : ''));
  }
  return { stdout: result.stdout, exitCode };
}

/** Runs git and returns stdout without the trailing newline. */
export async function gitLine(repo: string, args: readonly string[], options: GitOptions = {}): Promise<string> {
  const { stdout } = await git(repo, args, options);
  return stdout.replace(/\n$/, '');
}

/** True when git exits 0, false when it exits 1; other failures throw. */
export async function gitTest(repo: string, args: readonly string[], options: GitOptions = {}): Promise<boolean> {
  const { exitCode } = await git(repo, args, { ...options, okExitCodes: [1, ...(options.okExitCodes ?? [])] });
  return exitCode === 0;
}
