import { git } from './run-git.js';

/** Used only when the user has no git identity, and only for Tandem's own commits. */
export const FALLBACK_IDENTITY = { name: 'Tandem', email: 'tandem@localhost' } as const;

/** user.name and user.email in one git process (a commit is made per task; each process costs milliseconds). */
async function configuredIdentity(repo: string): Promise<{ name: string; email: string }> {
  const { stdout } = await git(repo, ['config', '--get-regexp', '^user\\.(name|email)$'], { okExitCodes: [1] });
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^user\.(name|email) (.*)$/i.exec(line);
    // The last one wins, as for `git config --get` (e.g. a repo value over the global one).
    if (match) values.set(match[1]!.toLowerCase(), match[2]!.trim());
  }
  return { name: values.get('name') ?? '', email: values.get('email') ?? '' };
}

/**
 * Environment for one commit: empty when the user's identity (config or
 * GIT_AUTHOR_* / GIT_COMMITTER_* variables) is complete, so their name stays
 * on the commits; otherwise `Tandem <tandem@localhost>` for whatever is missing.
 * Never writes config.
 */
export async function commitIdentityEnv(input: { repo: string }): Promise<Record<string, string>> {
  const { name, email } = await configuredIdentity(input.repo);
  const env: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER'] as const) {
    if (!(process.env[`GIT_${role}_NAME`] || name)) env[`GIT_${role}_NAME`] = FALLBACK_IDENTITY.name;
    // git also reads EMAIL when user.email is unset.
    if (!(process.env[`GIT_${role}_EMAIL`] || email || process.env.EMAIL)) env[`GIT_${role}_EMAIL`] = FALLBACK_IDENTITY.email;
  }
  return env;
}
