/**
 * Bubblewrap sandbox for commands a model asks for and for test/verify commands.
 *
 * Inside: the whole filesystem read-only, the workspace writable (its `.git`
 * read-only, so a command cannot plant a hook or a config that Tandem's own git
 * calls would run later), a private `/tmp`, an empty `/run` (no docker or dbus
 * sockets), no network, own PID namespace (killing bwrap kills everything inside,
 * even processes that called setsid), and well-known credential files in HOME
 * hidden. HOME stays readable but not writable, so `node`, `npm test`, `npx` with
 * cached packages, `python3` and `pytest` work; tools that insist on writing a cache
 * in HOME must be pointed at /tmp or the workspace. TMPDIR is set to the private /tmp.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

import type { SandboxMode } from '../contracts/choices.js';

export type { SandboxMode };

// Credential stores readable by anything that runs as the user. No network stops a
// command from sending them anywhere, but its output goes to a model.
const HIDDEN_IN_HOME = [
  '.ssh', '.aws', '.gnupg', '.docker', '.kube', '.azure', '.netrc', '.git-credentials',
  '.npmrc', '.pypirc', '.config/gh', '.config/gcloud', '.config/tandem',
];
const HIDDEN_SYSTEM = ['/etc/shadow', '/etc/gshadow'];

let availability: Promise<boolean> | undefined;
let warned = false;

/**
 * Whether bwrap is installed and can create its namespaces here. Probed once per
 * process; the first `false` prints one warning to stderr saying how to install it.
 */
export function sandboxAvailable(): Promise<boolean> {
  availability ??= probe();
  return availability;
}

async function probe(): Promise<boolean> {
  const result = await execa('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-all', 'true'], {
    reject: false,
    timeout: 10_000,
  });
  if (result.exitCode === 0) return true;
  const missing = result.code === 'ENOENT';
  warnOnce(
    missing
      ? 'tandem: bubblewrap (bwrap) is not installed, so commands run WITHOUT a sandbox (network and files outside the workspace are reachable). ' +
          'Install it with `apt-get install bubblewrap` or `dnf install bubblewrap`, or set `sandbox: none` to silence this warning.'
      : `tandem: bubblewrap (bwrap) is installed but failed (${firstLine(result.stderr) || result.shortMessage}), so commands run WITHOUT a sandbox. ` +
          'Enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1) or set `sandbox: none`.',
  );
  return false;
}

function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`${message}\n`);
}

function firstLine(text: unknown): string {
  return typeof text === 'string' ? (text.split('\n')[0] ?? '').trim() : '';
}

export interface SandboxInput {
  /** Absolute real path of the directory the command may write. */
  workspace: string;
  /** Absolute path inside `workspace` where the command starts. */
  cwd: string;
}

/** The bwrap arguments that run a program under the rules in this file's header; append the program and its arguments. */
export function bwrapArgs({ workspace, cwd }: SandboxInput): string[] {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/run'];
  for (const hidden of hiddenPaths()) {
    args.push(...(statSync(hidden).isDirectory() ? ['--tmpfs', hidden] : ['--ro-bind', '/dev/null', hidden]));
  }
  // Later mounts win: the workspace is bound over the read-only root and /tmp, then its .git made read-only again.
  args.push('--bind', workspace, workspace, '--ro-bind-try', path.join(workspace, '.git'), path.join(workspace, '.git'));
  args.push('--unshare-all', '--die-with-parent', '--new-session', '--setenv', 'TMPDIR', '/tmp', '--chdir', cwd, '--');
  return args;
}

function hiddenPaths(): string[] {
  const home = homedir();
  return [...HIDDEN_IN_HOME.map((name) => path.join(home, name)), ...HIDDEN_SYSTEM].filter((p) => existsSync(p));
}

export interface WrappedCommand {
  file: string;
  args: string[];
  sandboxed: boolean;
}

/**
 * How to start `bash -c command`: inside bwrap when `sandbox` is 'bwrap' and bwrap
 * works here, otherwise directly (after the one-time warning).
 */
export async function wrapShellCommand(input: SandboxInput & { command: string; sandbox: SandboxMode }): Promise<WrappedCommand> {
  const shell = ['bash', '-c', input.command];
  if (input.sandbox === 'bwrap' && (await sandboxAvailable())) {
    return { file: 'bwrap', args: [...bwrapArgs(input), ...shell], sandboxed: true };
  }
  return { file: shell[0]!, args: shell.slice(1), sandboxed: false };
}
