/**
 * Bubblewrap sandbox for commands a model asks for and for test/verify commands.
 *
 * Inside, an allow-list (see sandbox-mounts.ts): the system directories, selected
 * /etc files and the toolchains PATH points into, read-only; the package caches
 * the user named, read-only; the workspace writable (read-only for a reviewer
 * agent), its `.git` read-only (so a command cannot plant a hook or a config
 * that Tandem's own git calls would run later); a fresh empty HOME, a private `/tmp` and an empty `/run` (no docker or
 * dbus sockets). Nothing else of the host exists: not $TANDEM_HOME (other runs'
 * journals), not the rest of HOME (keys, tokens, shell history), not other
 * repositories. A workspace that would bring those back (HOME itself, one holding
 * $TANDEM_HOME) is refused; HOME's credential files inside a workspace are hidden
 * (sandbox-workspace.ts). No network. Its own PID namespace and --die-with-parent: when
 * bwrap ends, every process inside ends with it, even ones that called setsid.
 *
 * Fails closed: with `bwrap` asked for and bubblewrap not working here, the
 * command is not run at all.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { sandboxPolicy, type SandboxSetting } from '../contracts/sandbox.js';
import { tandemHome } from '../temporal/state-dir.js';
import { credentialsInside, homeMounts, systemMounts } from './sandbox-mounts.js';
import { probeSandbox, SANDBOX_FIX } from './sandbox-probe.js';
import { assertSandboxableWorkspace, hideHomeCredentials, workspaceRefusal } from './sandbox-workspace.js';

export type SandboxMode = SandboxSetting;
export { assertSandboxAvailable, probeSandbox } from './sandbox-probe.js';

/** Whether bwrap works here (probed once per process by running it). */
export async function sandboxAvailable(): Promise<boolean> {
  return (await probeSandbox()).available;
}

export interface SandboxInput {
  /** Absolute real path of the directory the command may write. */
  workspace: string;
  /** Absolute path inside `workspace` where the command starts. */
  cwd: string;
  /** The command's environment (PATH, HOME, cache variables decide the mounts). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default: no caches. */
  sandbox?: SandboxSetting;
  /** More paths to mount read-only (an MCP server's own install); ones that do not exist are skipped. */
  readPaths?: readonly string[];
  /** The workspace read-only too, not only its .git (a reviewer agent): nothing inside can change the worktree. */
  readOnlyWorkspace?: boolean;
  /**
   * For an external agent (agents/claude-code.ts, agents/codex.ts): more bind mounts (its binary,
   * its own state directory, the socket of the gateway to its API). No network: the gateway is the
   * way out. `tmpDir`, when given, is its TMPDIR instead of the private /tmp: a scratch directory of
   * its own that outlives the sandbox (a resumed session finds it), which `mounts` binds writable.
   */
  agent?: { mounts: string[]; tmpDir?: string };
}

/**
 * The bwrap arguments that run a program under the rules in this file's header; append the program and its arguments.
 * Throws TandemError SANDBOX_WORKSPACE_UNSAFE for a workspace the sandbox cannot confine (see sandbox-workspace.ts).
 */
export function bwrapArgs(input: SandboxInput): string[] {
  const { workspace, cwd } = input;
  const env = input.env ?? process.env;
  assertSandboxableWorkspace(workspace, env);
  const home = env.HOME !== undefined && path.isAbsolute(env.HOME) && env.HOME !== '/' ? env.HOME : undefined;
  const ctx = { env, tandemHome: tandemHome(env), workspace, caches: sandboxPolicy(input.sandbox ?? 'bwrap').caches };
  const args = [...systemMounts(), '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/run', '--tmpfs', '/var/tmp'];
  if (home !== undefined) args.push('--tmpfs', home);
  const mounted = homeMounts(ctx);
  for (const dir of mounted) args.push('--ro-bind', dir, dir);
  for (const file of credentialsInside(mounted)) args.push('--ro-bind', '/dev/null', file);
  for (const extra of input.readPaths ?? []) args.push('--ro-bind-try', extra, extra);
  // Later mounts win: the workspace is bound over the fresh HOME and /tmp, then its .git made read-only again
  // and HOME's credentials inside it (a repository of ~/.config holds ~/.config/gh) hidden.
  args.push(input.readOnlyWorkspace ? '--ro-bind' : '--bind', workspace, workspace);
  if (existsSync(path.join(workspace, '.git'))) args.push('--ro-bind', path.join(workspace, '.git'), path.join(workspace, '.git'));
  args.push(...hideHomeCredentials(workspace, env));
  if (input.agent) args.push(...input.agent.mounts);
  // The root itself is bwrap's scratch tmpfs: read-only, so a stray write (to /etc, /opt) fails instead of vanishing.
  args.push('--remount-ro', '/');
  args.push('--unshare-all', '--die-with-parent', '--new-session', '--setenv', 'TMPDIR', input.agent?.tmpDir ?? '/tmp');
  if (home !== undefined) args.push('--setenv', 'HOME', home);
  args.push('--chdir', cwd, '--');
  return args;
}

export type WrappedCommand =
  | { file: string; args: string[]; sandboxed: boolean; refused?: undefined }
  /** bwrap was asked for and does not work here: the command must not run. */
  | { refused: string };

/**
 * How to start `bash -c command`: inside bwrap when the setting's kind is
 * 'bwrap', directly for 'none', and not at all when bwrap is asked for but does
 * not work here or cannot confine the workspace.
 */
export async function wrapShellCommand(input: SandboxInput & { command: string; sandbox: SandboxSetting }): Promise<WrappedCommand> {
  const shell = ['bash', '-c', input.command];
  if (sandboxPolicy(input.sandbox).kind === 'none') return { file: shell[0]!, args: shell.slice(1), sandboxed: false };
  const probe = await probeSandbox();
  if (!probe.available) return { refused: `Not run: the sandbox is unavailable (${probe.reason}). ${SANDBOX_FIX}` };
  const unsafe = workspaceRefusal(input.workspace, input.env);
  if (unsafe) return { refused: `Not run: [${unsafe.code}] ${unsafe.message} ${unsafe.hint ?? ''}`.trimEnd() };
  return { file: 'bwrap', args: [...bwrapArgs(input), ...shell], sandboxed: true };
}
