/**
 * A repository's remotes as the user configured them: the URL is read raw
 * from the config (`remote.<name>.pushurl`, else `.url`), before any
 * `url.<base>.insteadOf` rewrite, so it names the repository the user meant
 * (github.com/owner/name) even when git pushes through a rewritten address.
 */
import { git } from './run-git.js';

async function configValue(repo: string, key: string): Promise<string | undefined> {
  const { stdout, exitCode } = await git(repo, ['config', '--get', key], { okExitCodes: [1] });
  const value = stdout.trim();
  return exitCode === 0 && value ? value : undefined;
}

/** The URL a push to `remote` goes to, or undefined when no such remote is configured. */
export async function remotePushUrl(repo: string, remote: string): Promise<string | undefined> {
  return (await configValue(repo, `remote.${remote}.pushurl`)) ?? (await configValue(repo, `remote.${remote}.url`));
}

/** The remote the branch tracks (`branch.<name>.remote`), if it tracks one. */
export async function upstreamRemote(repo: string, branch: string): Promise<string | undefined> {
  const remote = await configValue(repo, `branch.${branch}.remote`);
  // `.` means "this repository": not somewhere a pull request can be opened.
  return remote && remote !== '.' ? remote : undefined;
}

/** A URL (or text holding URLs) as Tandem may print it: `https://user:token@host` loses its credentials. */
export function withoutCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1');
}
