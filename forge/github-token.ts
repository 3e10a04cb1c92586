/**
 * The GitHub token `tandem pr` uses: GITHUB_TOKEN, else GH_TOKEN, else what
 * the GitHub CLI is logged in with (`gh auth token --hostname <host>`), so a
 * developer who uses `gh` needs nothing more. `gh` is run without a shell.
 */
import { execa } from 'execa';

export interface FoundToken {
  token: string;
  /** Where it came from, for messages; never the token itself. */
  source: string;
}

export async function findGitHubToken(host: string, env: NodeJS.ProcessEnv = process.env): Promise<FoundToken | undefined> {
  for (const name of ['GITHUB_TOKEN', 'GH_TOKEN'] as const) {
    const value = env[name]?.trim();
    if (value) return { token: value, source: name };
  }
  const gh = await execa('gh', ['auth', 'token', '--hostname', host], { reject: false, timeout: 15_000, env, extendEnv: false, stdin: 'ignore' }).catch(() => undefined);
  const token = gh && gh.exitCode === 0 ? String(gh.stdout).trim() : '';
  return token ? { token, source: '`gh auth token`' } : undefined;
}
