/**
 * Which workspaces the sandbox can confine. The workspace is bound writable over
 * the sandbox's fresh HOME, so a workspace that is HOME or above it would hand a
 * command the user's keys (~/.ssh), shell startup files and Tandem's journals; one
 * that holds $TANDEM_HOME, or lies inside it other than as a run's worktree, every
 * run's journal and the dev server's database. Those are refused. A workspace
 * that merely holds some of HOME's credential files (a repository of ~/.config)
 * gets them hidden.
 */
import { realpathSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { TandemError } from '../errors/tandem-error.js';
import { tandemHome } from '../temporal/state-dir.js';
import { contains } from './sandbox-mounts.js';

// Where a home keeps credentials and history, relative to it: hidden when they fall inside a workspace.
const HOME_CREDENTIALS = [
  '.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store', '.terraform.d',
  '.config/gcloud', '.config/gh', '.config/hub', '.config/op', '.config/rclone', '.config/git/credentials',
  '.local/share/keyrings', '.cargo/credentials', '.cargo/credentials.toml', '.m2/settings.xml', '.gradle/gradle.properties',
  '.netrc', '.git-credentials', '.npmrc', '.yarnrc.yml', '.pypirc', '.pgpass', '.my.cnf', '.s3cfg', '.boto', '.vault-token',
  '.bash_history', '.zsh_history', '.python_history', '.node_repl_history', '.psql_history', '.mysql_history',
];

// A run's worktrees, relative to TANDEM_HOME (cli/workspace.ts, contracts/workspace.ts): the only workspaces inside it.
const RUN_WORKTREE_PATH = /^workspaces\/[^/]+\/(run|tasks\/[^/]+)(\/|$)/;

const HINT =
  'Keep the repository in a directory of its own: not your home directory or one above it, and not one holding $TANDEM_HOME ' +
  '(a dotfiles repository can live in ~/dotfiles and be linked from there; TANDEM_HOME can point elsewhere). ' +
  'A run without --in-checkout works in a worktree of Tandem\'s own, which the sandbox can confine.';

/** Why the sandbox cannot confine `workspace`, as the error to throw or show; undefined when it can. */
export function workspaceRefusal(workspace: string, env: NodeJS.ProcessEnv = process.env): TandemError | undefined {
  const real = realPath(workspace);
  const refuse = (why: string, exposed: string) =>
    new TandemError(`Refusing to run sandboxed commands in ${real}: ${why}. The sandbox binds the workspace writable, so a command there would reach ${exposed}.`, {
      code: 'SANDBOX_WORKSPACE_UNSAFE',
      hint: HINT,
      context: { workspace: real },
    });
  const home = homesOf(env).find((dir) => contains(real, dir));
  if (home !== undefined) {
    const why = home === real ? 'it is your home directory' : `it holds your home directory ${home}`;
    return refuse(why, "your keys (~/.ssh), your shell's startup files and Tandem's journals");
  }
  const stateExposed = "every run's journal and the dev server's database";
  for (const state of tandemHomesOf(env)) {
    if (contains(real, state)) return refuse(`it holds Tandem's state directory ${state}`, stateExposed);
    if (contains(state, real) && !RUN_WORKTREE_PATH.test(path.relative(state, real))) {
      return refuse(`it is inside Tandem's state directory ${state} and is not one of a run's worktrees`, stateExposed);
    }
  }
  return undefined;
}

/** Throws TandemError SANDBOX_WORKSPACE_UNSAFE (exit 2) when the sandbox cannot confine `workspace`. */
export function assertSandboxableWorkspace(workspace: string, env: NodeJS.ProcessEnv = process.env): void {
  const refusal = workspaceRefusal(workspace, env);
  if (refusal) throw refusal;
}

/** bwrap arguments, to follow the workspace's bind, that hide HOME's credential files and directories inside it. */
export function hideHomeCredentials(workspace: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const real = realPath(workspace);
  const args: string[] = [];
  const hidden = new Set<string>();
  for (const home of homesOf(env)) {
    for (const name of HOME_CREDENTIALS) {
      const target = existingRealPath(path.join(home, name));
      if (target === undefined || target === real || !contains(real, target) || hidden.has(target)) continue;
      hidden.add(target);
      args.push(...(statSync(target).isDirectory() ? ['--tmpfs', target] : ['--ro-bind', '/dev/null', target]));
    }
  }
  return args;
}

/** The user's home as the command's environment, this process and the password database name it, real paths. */
function homesOf(env: NodeJS.ProcessEnv): string[] {
  const named = [env.HOME, process.env.HOME, passwdHome()].filter((dir): dir is string => dir !== undefined && path.isAbsolute(dir));
  return [...new Set(named.map(realPath))];
}

/** $TANDEM_HOME as the command's environment and this process see it (an agent's environment has none of its own). */
function tandemHomesOf(env: NodeJS.ProcessEnv): string[] {
  return [...new Set([tandemHome(env), tandemHome(process.env)].map(realPath))];
}

function passwdHome(): string | undefined {
  try {
    return userInfo().homedir;
  } catch {
    return undefined; // a uid without a passwd entry (some containers)
  }
}

function realPath(dir: string): string {
  return existingRealPath(dir) ?? path.resolve(dir);
}

function existingRealPath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}
