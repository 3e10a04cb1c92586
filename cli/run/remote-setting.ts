/**
 * `--remote <name>` over tandem.yaml's `run.remote`: the git remote a run's
 * branch travels through, so `tandem worker --repo <URL>` on other machines
 * can serve it (docs/many-machines.md). Only with worktrees: a run in the
 * user's checkout works where no other machine can reach.
 */
import { isAbsolute, resolve } from 'node:path';
import type { RunRemote } from '../../contracts/run.js';
import { isRemoteUrl, remoteUrlWithoutUserinfo } from '../../contracts/remote-url.js';
import { TandemError } from '../../errors/tandem-error.js';
import { git } from '../../git/run-git.js';
import { publishRunStart, type PublishRunStartInput } from '../../git/publish-run-start.js';

export interface RemoteFlags {
  /** `--remote <name>`, as typed. */
  remote?: string;
}

/** The remote's name, or undefined; a usage error (exit 2) without lanes, so the CLI calls it before any server starts. */
export function remoteName(file: { remote?: string }, flags: RemoteFlags, parallel: number | undefined): string | undefined {
  const name = flags.remote ?? file.remote;
  if (name === undefined) return undefined;
  if (parallel === undefined) {
    throw new TandemError(`--remote ${name} (run.remote) needs worktrees: a run in your checkout (--in-checkout, run.workspace: checkout) cannot be reached by workers on other machines.`, {
      code: 'USAGE',
      hint: `Let the run work in worktrees (drop --in-checkout; e.g. \`tandem run --parallel 4 --remote ${name}\`), or leave --remote out.`,
    });
  }
  return name;
}

/** The remote as the run records it: its name and URL (`git remote get-url`), without credentials; a usage error when there is no such remote. */
export async function resolveRunRemote(repo: string, name: string): Promise<RunRemote> {
  const read = await git(repo, ['remote', 'get-url', name], { okExitCodes: [2, 128] });
  const url = read.stdout.trim();
  if (read.exitCode !== 0 || url === '') {
    const listed = (await git(repo, ['remote'])).stdout.split('\n').filter(Boolean);
    throw new TandemError(`--remote ${name}: this repository has no remote named "${name}".`, {
      code: 'GIT_REMOTE_MISSING',
      hint: listed.length > 0
        ? `Its remotes: ${listed.join(', ')}. Name one of them, or add it with \`git remote add ${name} <URL>\`.`
        : `Add one with \`git remote add ${name} <URL>\` (a bare repository or a GitHub repository every machine can reach).`,
      exitCode: 2,
      context: { remote: name },
    });
  }
  // A relative path is relative to the repository here; other machines need it whole.
  const whole = isRemoteUrl(url) || isAbsolute(url) ? url : resolve(repo, url);
  return { name, url: remoteUrlWithoutUserinfo(whole) };
}

/** `--remote`/`run.remote`, checked and resolved; undefined when the run has none. */
export async function runRemote(repo: string, file: { remote?: string }, flags: RemoteFlags, parallel: number | undefined): Promise<RunRemote | undefined> {
  const name = remoteName(file, flags, parallel);
  return name === undefined ? undefined : resolveRunRemote(repo, name);
}

/**
 * A new `--remote` run's starting commit and plan go to the remote first, since
 * workers elsewhere start from there; then says which command serves it from any machine.
 */
export async function startOnRemote(input: PublishRunStartInput): Promise<void> {
  const { existing } = await publishRunStart(input);
  process.stderr.write(
    `tandem: the run branch ${input.branch} travels through ${input.remote.name} (${input.remote.url})${existing ? ', where it exists already: the run goes on from it' : ''}.\n` +
      `  serve it from any machine: tandem worker --repo ${input.remote.url}\n`,
  );
}
