import { GitCommandError } from './run-git.js';
import { effectiveConfig } from './safe-env.js';

/** Used only when the user has no git identity, and only for Tandem's own commits. */
export const FALLBACK_IDENTITY = { name: 'Tandem', email: 'tandem@localhost' } as const;

/** user.name and user.email from the config listing the filter overrides use too (no process of its own while it is cached). */
async function configuredIdentity(repo: string): Promise<{ name: string; email: string }> {
  const listed = await effectiveConfig(repo);
  if ('spawnFailed' in listed) return { name: '', email: '' };
  if ('error' in listed) throw new GitCommandError(['config', '--list', '-z'], listed.exitCode ?? undefined, listed.error);
  const values = new Map<string, string>();
  for (const record of listed.list.split('\0')) {
    const [key = '', ...value] = record.split('\n');
    const match = /^user\.(name|email)$/i.exec(key);
    // The last one wins, as for `git config --get` (e.g. a repo value over the global one).
    if (match) values.set(match[1]!.toLowerCase(), value.join('\n').trim());
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
