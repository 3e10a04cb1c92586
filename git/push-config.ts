/**
 * The configuration a push runs with. A push is the one git command Tandem
 * runs that talks to the network with the user's credentials, so it needs
 * more than safe-env.ts (which turns credential helpers and every network
 * protocol off) and must still not let the repository's own config, which an
 * agent may have written, run a program or pick the credentials:
 *
 * - Credential helpers come from the user's own (global and system) config
 *   only: `credential.helper` is reset, then each of the user's helpers,
 *   URL-scoped ones included, is given again on the command line, the last
 *   layer. A helper in .git/config is never run; `gh auth git-credential`,
 *   the keychain or a store helper set up with `git config --global` works.
 * - The ssh program: GIT_SSH_COMMAND from the environment, else the user's
 *   `core.sshCommand`, else plain `ssh`; never the repository's.
 * - Protocols: https, http, ssh and local paths; `ext::` and the rest stay off.
 * - Hooks stay off (core.hooksPath=/dev/null): a pre-push hook is not run.
 * - The repository's config is refused outright when it names a remote
 *   helper (`remote.*.vcs`), a receive-pack program, a proxy or turns TLS
 *   verification off: none can be neutralised by a later setting.
 */
import { TandemError } from '../errors/tandem-error.js';
import { git } from './run-git.js';

export interface PushConfig {
  config: Array<readonly [string, string]>;
  env: Record<string, string>;
}

interface ConfigEntry {
  scope: string;
  key: string;
  value: string;
}

const PUSH_PROTOCOLS = ['https', 'http', 'ssh', 'file'];

/** Keys in the repository's own config that a push must not run with; see the file comment. */
const REFUSED_REPO_KEYS: Array<{ pattern: RegExp; why: string; refuse?: (value: string) => boolean }> = [
  { pattern: /^remote\..+\.vcs$/, why: 'names a remote helper program' },
  { pattern: /^remote\..+\.receivepack$/, why: 'names the receive-pack program' },
  { pattern: /^(remote\..+|http(\..+)?)\.proxy$/, why: 'routes the push through a proxy' },
  { pattern: /^http(\..+)?\.sslverify$/, why: 'turns TLS verification off', refuse: (value) => /^(false|no|off|0)$/i.test(value.trim()) },
];

export async function pushConfig(repo: string, parentEnv: NodeJS.ProcessEnv = process.env): Promise<PushConfig> {
  const entries = parseScopedList((await git(repo, ['config', '--list', '-z', '--show-scope', '--includes'])).stdout);
  refuseUnsafeRepoConfig(entries);
  const user = entries.filter((entry) => entry.scope === 'global' || entry.scope === 'system');
  const helpers = user.filter((entry) => /^credential\.(.+\.)?helper$/.test(entry.key));
  const config: Array<readonly [string, string]> = [
    ...PUSH_PROTOCOLS.map((protocol) => [`protocol.${protocol}.allow`, 'always'] as const),
    ['credential.helper', ''],
    ...helpers.map((entry) => [entry.key, entry.value] as const),
  ];
  const env: Record<string, string> = {};
  const sshCommand = parentEnv.GIT_SSH_COMMAND;
  if (sshCommand) {
    // The environment variable beats any config, the repository's included.
    env.GIT_SSH_COMMAND = sshCommand;
  } else {
    const userSsh = user.filter((entry) => entry.key === 'core.sshcommand').at(-1)?.value;
    const program = parentEnv.GIT_SSH;
    config.push(['core.sshCommand', userSsh ?? (program ? shellQuote(program) : 'ssh')]);
  }
  return { config, env };
}

/** `git config --list -z --show-scope`: records `scope\0key\nvalue\0` (a key set without a value has no newline). */
export function parseScopedList(text: string): ConfigEntry[] {
  const fields = text.split('\0');
  const entries: ConfigEntry[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const record = fields[i + 1]!;
    const newline = record.indexOf('\n');
    entries.push({ scope: fields[i]!, key: newline < 0 ? record : record.slice(0, newline), value: newline < 0 ? '' : record.slice(newline + 1) });
  }
  return entries;
}

function refuseUnsafeRepoConfig(entries: ConfigEntry[]): void {
  for (const entry of entries.filter((e) => e.scope === 'local' || e.scope === 'worktree')) {
    const rule = REFUSED_REPO_KEYS.find((r) => r.pattern.test(entry.key) && (r.refuse?.(entry.value) ?? true));
    if (!rule) continue;
    throw new TandemError(`Tandem will not push with this repository's config: \`${entry.key}\` in .git/config ${rule.why}.`, {
      code: 'PR_REPO_CONFIG_UNSAFE',
      hint: `If you set it yourself, move it to your global config (\`git config --global\`) or remove it (\`git config --unset ${entry.key}\`); or push yourself with \`git push\` and run \`tandem pr\` again.`,
      context: { key: entry.key },
    });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
