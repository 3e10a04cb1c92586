/**
 * Which forge a remote belongs to, from its URL alone: github.com, or a
 * GitHub Enterprise Server named by GITHUB_API_URL. Anything else is refused
 * with a clear error; GitLab is the next forge to come behind forge.ts.
 */
import { TandemError } from '../errors/tandem-error.js';
import type { Forge } from './forge.js';
import { findGitHubToken } from './github-token.js';
import { parseRemoteUrl, type HostedRemote } from './remote-url.js';

export const GITHUB_API_URL = 'https://api.github.com';

export interface ForgeTarget {
  kind: 'github';
  remote: HostedRemote;
  apiUrl: string;
}

/** Names the forge for a remote URL; throws FORGE_UNSUPPORTED (exit 2) for one Tandem cannot open pull requests on. */
export function forgeTarget(input: { remoteName: string; remoteUrl: string; env?: NodeJS.ProcessEnv }): ForgeTarget {
  const env = input.env ?? process.env;
  const remote = parseRemoteUrl(input.remoteUrl);
  // A URL may carry a token (https://user:token@host/…): never print it.
  const shown = `the remote ${input.remoteName} (${input.remoteUrl.replace(/(:\/\/)[^/\s@]+@/, '$1')})`;
  if (!remote) {
    throw new TandemError(`Cannot open a pull request for ${shown}: it is not the URL of a hosted repository (https://host/owner/name or git@host:owner/name).`, {
      code: 'FORGE_UNSUPPORTED',
      hint: 'Point the remote at the GitHub repository (`git remote set-url origin https://github.com/owner/name.git`), or choose another with --remote.',
      context: { remote: input.remoteName },
    });
  }
  const configured = env.GITHUB_API_URL?.trim();
  if (remote.host === 'github.com') return { kind: 'github', remote, apiUrl: configured || GITHUB_API_URL };
  if (configured && apiHostServes(configured, remote.host)) return { kind: 'github', remote, apiUrl: configured };
  const gitlab = remote.host.includes('gitlab');
  throw new TandemError(
    gitlab
      ? `Cannot open a pull request for ${shown}: GitLab is not supported yet; Tandem opens pull requests on GitHub only for now.`
      : `Cannot open a pull request for ${shown}: ${remote.host} is not github.com, and GITHUB_API_URL does not name it.`,
    {
      code: 'FORGE_UNSUPPORTED',
      hint: gitlab
        ? 'Push the branch yourself (`git push`) and open the merge request in GitLab; the report is in `tandem report`.'
        : `For GitHub Enterprise Server set GITHUB_API_URL=https://${remote.host}/api/v3. GitLab and other forges are not supported yet.`,
      context: { remote: input.remoteName, host: remote.host },
    },
  );
}

/** The forge client for a target, with the user's token; FORGE_TOKEN_MISSING (exit 3) when there is none. */
export async function openForge(target: ForgeTarget, options: { env?: NodeJS.ProcessEnv; userAgent: string }): Promise<Forge> {
  const found = await findGitHubToken(target.remote.host, options.env ?? process.env);
  if (!found) {
    throw new TandemError(`No GitHub token to open a pull request on ${target.remote.host}/${target.remote.owner}/${target.remote.name}.`, {
      code: 'FORGE_TOKEN_MISSING',
      hint: 'Set GITHUB_TOKEN (or GH_TOKEN) to a token that can write pull requests, or log in with `gh auth login`. Nothing was pushed.',
      exitCode: 3,
    });
  }
  // Loaded on use: every `tandem` command would pay for the API client otherwise.
  const { GitHubForge } = await import('./github.js');
  return new GitHubForge({ repo: target.remote, token: found.token, tokenSource: found.source, apiUrl: target.apiUrl, userAgent: options.userAgent });
}

/** GITHUB_API_URL serves a host when it is that host (`/api/v3`) or its `api.` subdomain. */
function apiHostServes(apiUrl: string, host: string): boolean {
  try {
    const api = new URL(apiUrl).hostname.toLowerCase();
    return api === host || api === `api.${host}`;
  } catch {
    return false;
  }
}
