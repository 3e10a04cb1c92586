import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { TandemError } from '../../errors/tandem-error.js';

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
  const fullArgs = ['-c', 'core.quotepath=off', ...args];
  const result = await execa('git', fullArgs, {
    cwd: repo,
    env: gitEnv(options.env),
    extendEnv: false,
    input: options.input ?? '',
    reject: false,
    stripFinalNewline: false,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.failed && result.exitCode === undefined) {
    const code = (result.cause as NodeJS.ErrnoException | undefined)?.code;
    // Node reports a missing cwd as ENOENT too, so only blame git when the directory exists.
    if (code === 'ENOENT' && existsSync(repo)) {
      throw new TandemError('git is not installed or not on PATH.', {
        code: 'GIT_NOT_FOUND',
        hint: 'Install git (2.39 or newer) and make sure `git --version` works.',
        exitCode: 3,
        cause: result.cause,
      });
    }
    throw new GitCommandError(args, undefined, String(result.stderr || result.message), result.cause);
  }
  const exitCode = result.exitCode ?? 0;
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitCommandError(args, exitCode, String(result.stderr));
  }
  return { stdout: String(result.stdout), exitCode };
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
