import { existsSync } from 'node:fs';
import { TandemError } from '../errors/tandem-error.js';
import { gitEnvFor } from './safe-env.js';
import { collect, type CollectedProcess } from './spawn-relay.js';
import { lockFromError, removeStaleLock } from './stale-lock.js';

export interface GitOptions {
  /** Extra environment for this call only (e.g. GIT_INDEX_FILE, a fallback identity). */
  env?: Record<string, string>;
  /** Written to git's stdin (commit messages). */
  input?: string;
  /** Exit codes that are answers rather than failures, e.g. 1 for `diff --quiet`. */
  okExitCodes?: number[];
  /** Command-line configuration after Tandem's safe settings, so it wins over them (a push's protocols and credential helpers). */
  config?: ReadonlyArray<readonly [key: string, value: string]>;
}

export interface GitResult {
  stdout: string;
  /** What git said on stderr; for an accepted non-zero exit, its reason. */
  stderr: string;
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

/** Git refuses a repository owned by another user until it is listed in `safe.directory`. */
export function dubiousOwnershipError(repo: string, stderr: string): TandemError {
  const dir = /git config --global --add safe\.directory (.+)/.exec(stderr)?.[1]?.trim() ?? repo;
  return new TandemError(`Git refuses to work in ${dir}: the repository is owned by another user ("dubious ownership").`, {
    code: 'GIT_DUBIOUS_OWNERSHIP',
    hint: `If you trust it, run \`git config --global --add safe.directory ${dir}\`, or run Tandem as the repository's owner.`,
    exitCode: 2,
    context: { repo: dir },
  });
}

async function runOnce(repo: string, args: readonly string[], options: GitOptions): Promise<CollectedProcess> {
  // Every process gets the hardened configuration of safe-env.ts; see there for why each part.
  const prepared = await gitEnvFor(repo, args, options.config);
  if ('error' in prepared) return { stdout: '', stderr: prepared.error, exitCode: prepared.exitCode, signal: null };
  return collect('git', args, {
    cwd: repo,
    env: { ...prepared.env, ...options.env },
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
}

/** Runs `git <args>` in `repo` and returns stdout (untrimmed). Throws GitCommandError on failure. */
export async function git(repo: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  // Not execa: a task runs about twenty git commands, and its per-call machinery cost about a millisecond each.
  let result = await runOnce(repo, args, options);
  const lock = result.exitCode !== 0 ? lockFromError(result.stderr) : undefined;
  // Git fails before changing anything when it cannot take a lock, so one more run is safe.
  if (lock !== undefined && removeStaleLock(repo, lock)) result = await runOnce(repo, args, options);
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
  if (exitCode !== 0 && result.stderr.includes('detected dubious ownership')) throw dubiousOwnershipError(repo, result.stderr);
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new GitCommandError(args, result.exitCode ?? undefined, result.stderr || (result.signal ? `killed by ${result.signal}` : ''));
  }
  return { stdout: result.stdout, stderr: result.stderr, exitCode };
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
