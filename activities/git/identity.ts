import { git } from './run-git.js';

/** Used only when the user has no git identity, and only for Tandem's own commits. */
export const FALLBACK_IDENTITY = { name: 'Tandem', email: 'tandem@localhost' } as const;

async function configValue(repo: string, key: string): Promise<string> {
  const { stdout } = await git(repo, ['config', '--get', key], { okExitCodes: [1] });
  return stdout.trim();
}

/**
 * Environment for one commit: empty when the user's identity (config or
 * GIT_AUTHOR_* / GIT_COMMITTER_* variables) is complete, so their name stays
 * on the commits; otherwise `Tandem <tandem@localhost>` for whatever is missing.
 * Never writes config.
 */
export async function commitIdentityEnv(input: { repo: string }): Promise<Record<string, string>> {
  const name = await configValue(input.repo, 'user.name');
  const email = await configValue(input.repo, 'user.email');
  const env: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER'] as const) {
    if (!(process.env[`GIT_${role}_NAME`] || name)) env[`GIT_${role}_NAME`] = FALLBACK_IDENTITY.name;
    // git also reads EMAIL when user.email is unset.
    if (!(process.env[`GIT_${role}_EMAIL`] || email || process.env.EMAIL)) env[`GIT_${role}_EMAIL`] = FALLBACK_IDENTITY.email;
  }
  return env;
}
