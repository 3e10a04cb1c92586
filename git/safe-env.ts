/**
 * The configuration every git process Tandem starts runs with, so that nothing
 * in a workspace (its .gitattributes, a nested repository, a config file an
 * agent wrote) and nothing in the repository's own config can make Tandem's
 * git run a program on the host.
 *
 * Mechanism: git reads `GIT_CONFIG_COUNT` / `GIT_CONFIG_KEY_n` / `GIT_CONFIG_VALUE_n`
 * as command-line configuration, the last and strongest layer (above the
 * system, global and repository files). Keys and values travel separately, so
 * a driver name containing `=` or `.` cannot break the override the way a
 * `-c key=value` argument would. Child git processes inherit these variables.
 *
 * Attribute drivers: a `.gitattributes` only names a driver; the command comes
 * from `filter.<name>.clean|smudge|process` or `merge.<name>.driver` in config.
 * Repository attributes always win over a global attributes file (and git 2.39
 * has no `--attr-source`), so instead of fighting the attributes we blank every
 * filter driver the effective config defines, and make every merge driver git's
 * own text merge, read with `git config --list` before
 * each command that reads worktree content or writes the index (the listing is
 * reused while no config file changed: config-cache.ts). Diff drivers
 * (`diff.<name>.textconv|command`) cannot be blanked (an empty command is run
 * as ""), so every diff Tandem makes passes `--no-ext-diff --no-textconv`
 * (git/diff-since.ts), and no other Tandem command prints a patch.
 */
import { listConfig, type ConfigLister } from './config-cache.js';
import { collect } from './spawn-relay.js';

/** Overrides for the keys whose values git runs as programs, or that make it enter other repositories. */
export const SAFE_CONFIG: ReadonlyArray<readonly [key: string, value: string]> = [
  ['core.fsmonitor', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.askPass', ''],
  ['credential.helper', ''],
  // Per protocol too: a repository's `protocol.ssh.allow=always` beats the default above, and a
  // partial clone fetches a missing object on any read (running the repository's core.sshCommand).
  // A push or fetch allows its own protocols again (push-config.ts).
  ['protocol.allow', 'never'],
  ...['file', 'ext', 'ssh', 'git', 'http', 'https'].map((protocol) => [`protocol.${protocol}.allow`, 'never'] as const),
  // A merge (a lane's cherry-pick) of a path without a merge attribute uses git's own text merge.
  ['merge.default', 'text'],
  ['submodule.recurse', 'false'],
  ['diff.ignoreSubmodules', 'all'],
  ['diff.submodule', 'short'],
  ['status.submoduleSummary', 'false'],
  ['commit.gpgSign', 'false'],
  ['tag.gpgSign', 'false'],
  ['log.showSignature', 'false'],
  // Never take a bare git directory found by walking up (one an agent planted) for the repository.
  ['safe.bareRepository', 'explicit'],
  ['core.quotepath', 'off'],
];

/**
 * Kept from the parent environment: the user's identity for Tandem's commits
 * (see identity.ts), and the choice of the user's global and system config
 * files. Those files stay in force (identity, excludes, line endings,
 * safe.directory, which git reads only from there); every key in them that
 * could run a program is overridden like the repository's own.
 */
const KEPT_GIT_VARS = new Set([
  'GIT_CONFIG_GLOBAL',
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_AUTHOR_DATE',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
  'GIT_COMMITTER_DATE',
]);

/**
 * Subcommands that neither read worktree content nor write the index. Any
 * command that writes the index can run the clean filter: git re-reads a
 * "racily clean" entry (changed within the index's own timestamp) through it
 * (write-tree did, in a test). Anything not listed (add, status, diff,
 * commit, write-tree, read-tree, reset, ...) first has its filter drivers
 * enumerated and blanked: unknown means unsafe.
 */
const NO_CONTENT_CONVERSION = new Set([
  'rev-parse', 'show', 'log', 'for-each-ref', 'update-ref', 'commit-tree', 'config',
  'check-ignore', 'check-ref-format', 'merge-base', 'ls-tree', 'var', 'symbolic-ref', 'rev-list', 'version',
]);

/**
 * The parent environment without any GIT_* variable (GIT_DIR, GIT_CONFIG_PARAMETERS,
 * GIT_EXTERNAL_DIFF, GIT_SSH_COMMAND, GIT_EXEC_PATH, ...) except the identity ones,
 * plus Tandem's fixed settings and `config` as command-line configuration.
 */
export function safeGitEnv(config: ReadonlyArray<readonly [string, string]> = SAFE_CONFIG): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GIT_') || KEPT_GIT_VARS.has(name)) env[name] = value;
  }
  // Never block a worker on a credential or editor prompt.
  env.GIT_TERMINAL_PROMPT = '0';
  env.GIT_EDITOR = 'true';
  // Paths we pass are file names, never globs: `a[1].ts` must mean that file.
  env.GIT_LITERAL_PATHSPECS = '1';
  // Read-only commands such as `status` must not take the index lock.
  env.GIT_OPTIONAL_LOCKS = '0';
  // A partial clone never fetches a missing object behind a read (git 2.44+; the protocols are off anyway).
  env.GIT_NO_LAZY_FETCH = '1';
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  return env;
}

/**
 * Git's own three-way text merge as a merge driver: what a path gets with no driver, for a
 * path whose attributes name one the config defines. An empty driver cannot stand in: git
 * runs it, and the merge fails instead of merging. `%A` is overwritten with the result and
 * the exit code is the number of conflicts, which is what git expects of a driver.
 */
export const TEXT_MERGE_DRIVER = 'git merge-file --quiet --marker-size=%L %A %O %B';

/**
 * Overrides that take the programs out of every attribute driver the config defines:
 * each filter (`filter.<name>.clean|smudge|process`) becomes a no-op, and each merge driver
 * (`merge.<name>.driver`; `merge.<name>.recursive` can only name one of these or a built-in)
 * git's text merge.
 */
export function filterOverrides(configList: string): Array<readonly [string, string]> {
  const filters = new Set<string>();
  const mergeDrivers = new Set<string>();
  // `git config --list -z`: records "key\nvalue\0"; keys never contain a newline.
  for (const record of configList.split('\0')) {
    const key = record.split('\n', 1)[0] ?? '';
    const filter = /^filter\.(.+)\.[^.]+$/s.exec(key);
    if (filter) filters.add(filter[1]!);
    const merge = /^merge\.(.+)\.[^.]+$/s.exec(key);
    if (merge) mergeDrivers.add(merge[1]!);
  }
  return [
    ...[...filters].flatMap((name) => [
      [`filter.${name}.clean`, ''],
      [`filter.${name}.smudge`, ''],
      [`filter.${name}.process`, ''],
      // A required driver that does nothing would fail the command instead.
      [`filter.${name}.required`, 'false'],
    ] as const),
    ...[...mergeDrivers].map((name) => [`merge.${name}.driver`, TEXT_MERGE_DRIVER] as const),
  ];
}

/** True when `git <args>` may pass worktree content through attribute filters. */
export function mayRunFilters(args: readonly string[]): boolean {
  return !NO_CONTENT_CONVERSION.has(args[0] ?? '');
}

/**
 * The environment for `git <args>` in `cwd`: safeGitEnv, plus blanked filter
 * drivers when the command may convert content, then `extra` (the caller's
 * own overrides, which come last and so win; see git/push-config.ts). Returns the failure of the
 * enumeration instead when the config cannot be read (the command would fail too).
 */
export async function gitEnvFor(
  cwd: string,
  args: readonly string[],
  extra: ReadonlyArray<readonly [string, string]> = [],
): Promise<{ env: NodeJS.ProcessEnv } | { error: string; exitCode: number | null }> {
  if (!mayRunFilters(args)) return { env: safeGitEnv([...SAFE_CONFIG, ...extra]) };
  const listed = await effectiveConfig(cwd);
  // A missing cwd or git binary: let the real command report it the usual way.
  if ('spawnFailed' in listed) return { env: safeGitEnv([...SAFE_CONFIG, ...extra]) };
  if ('error' in listed) return listed;
  return { env: safeGitEnv([...SAFE_CONFIG, ...filterOverrides(listed.list), ...extra]) };
}

/**
 * `git config --list -z` in `cwd` as Tandem's git sees it (safeGitEnv), reused
 * while its files are unchanged (config-cache.ts says when that is safe).
 */
export function effectiveConfig(cwd: string): ReturnType<ConfigLister> {
  return listConfig(cwd, async (dir) => {
    const listed = await collect('git', ['config', '--list', '-z'], { cwd: dir, env: safeGitEnv() });
    if (listed.spawnError) return { spawnFailed: true };
    if (listed.exitCode !== 0) return { error: listed.stderr, exitCode: listed.exitCode };
    return { list: listed.stdout };
  });
}
