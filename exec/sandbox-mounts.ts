/**
 * What a sandboxed command may see, as an allow-list of read-only mounts: the
 * system directories, selected files of /etc, the toolchains that PATH points
 * into (even under HOME, e.g. ~/.pyenv or ~/.nvm) and the package caches the
 * user named. Everything else, $HOME, $TANDEM_HOME, other repositories, is not
 * mounted at all, so it cannot be read, listed or written.
 */
import { existsSync, lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SandboxCache } from '../contracts/sandbox.js';

// The base system: programs, libraries, the dynamic loader. /bin and /lib are symlinks into /usr on merged-/usr systems.
const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

// What builds and tests read in /etc: users and groups, name resolution, the loader cache, TLS roots,
// time zone, alternatives symlinks, language runtimes' own settings. Not shadow, sudoers, ssh host keys, npmrc or pip.conf.
const ETC_NAMES = new Set([
  'passwd', 'group', 'hosts', 'hostname', 'host.conf', 'resolv.conf', 'nsswitch.conf', 'gai.conf',
  'ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'localtime', 'timezone', 'os-release', 'lsb-release', 'debian_version',
  'alternatives', 'ca-certificates', 'ca-certificates.conf', 'crypto-policies', 'mime.types',
  'protocols', 'services', 'gitconfig', 'bash.bashrc', 'profile', 'inputrc', 'locale.alias', 'locale.conf',
  'magic', 'magic.mime', 'terminfo', 'fonts', 'perl',
]);
const ETC_PATTERNS = [/^python3(\.\d+)?$/, /^java-\d+/, /^jvm$/];

// Of /etc/ssl and /etc/pki, only the CA roots and OpenSSL's settings that TLS clients read (Debian, Alpine, Arch,
// SUSE, Fedora/RHEL layouts): never the directories whole, which hold private keys (/etc/ssl/private, /etc/pki/tls/private).
const ETC_TLS_PATHS = [
  'ssl/certs', 'ssl/cert.pem', 'ssl/ca-bundle.pem', 'ssl/openssl.cnf',
  'pki/tls/certs', 'pki/tls/cert.pem', 'pki/tls/openssl.cnf', 'pki/ca-trust', 'pki/java',
];

// Version managers whose shims need their whole root (shims call the manager, which picks a version).
const MANAGER_ROOTS = new Set(['.pyenv', '.rbenv', '.goenv', '.nodenv', '.nvm', '.asdf', '.volta', '.bun', '.deno', '.sdkman', 'mise']);

// Inside a mounted toolchain tree, files that hold registry tokens (cargo's) are masked all the same.
const CREDENTIALS_IN_TOOLCHAINS = ['credentials', 'credentials.toml'];

export interface MountContext {
  /** The command's environment: PATH, HOME and cache locations come from it. */
  env: NodeJS.ProcessEnv;
  /** Never mounted, nor anything above or below it. */
  tandemHome: string;
  /** The writable workspace, mounted separately. */
  workspace: string;
  caches: readonly SandboxCache[];
}

/** `--ro-bind`/`--symlink` arguments for the system, /etc and the toolchains and caches, in mount order. */
export function systemMounts(): string[] {
  const args: string[] = [];
  for (const dir of SYSTEM_DIRS) args.push(...mirror(dir));
  for (const name of [...etcEntries(), ...ETC_TLS_PATHS]) args.push('--ro-bind-try', `/etc/${name}`, `/etc/${name}`);
  return args;
}

/** Directories under or beside HOME that the sandbox mounts read-only: toolchains first, then caches. */
export function homeMounts(ctx: MountContext): string[] {
  const dirs = [...toolchainDirs(ctx), ...cacheDirs(ctx)].filter((dir) => allowed(dir, ctx));
  return [...new Set(dirs)].sort();
}

/** Credential files directly inside mounted toolchain trees, to be masked. */
export function credentialsInside(dirs: readonly string[]): string[] {
  return dirs.flatMap((dir) => CREDENTIALS_IN_TOOLCHAINS.map((name) => path.join(dir, name))).filter(isFile);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function mirror(dir: string): string[] {
  try {
    const stat = lstatSync(dir);
    if (stat.isSymbolicLink()) return ['--symlink', readlinkSync(dir), dir];
    return stat.isDirectory() ? ['--ro-bind', dir, dir] : [];
  } catch {
    return [];
  }
}

function etcEntries(): string[] {
  try {
    return readdirSync('/etc').filter((name) => ETC_NAMES.has(name) || ETC_PATTERNS.some((pattern) => pattern.test(name)));
  } catch {
    return [];
  }
}

/** For each absolute PATH entry outside the system dirs: its toolchain, and the toolchains its symlinked programs live in. */
function toolchainDirs(ctx: MountContext): string[] {
  const dirs: string[] = [];
  for (const entry of (ctx.env.PATH ?? '').split(':')) {
    const real = realDir(entry);
    if (real === undefined || isSystem(real)) continue;
    dirs.push(...toolchainOf(real, ctx.env));
    for (const target of symlinkTargets(real)) if (!isSystem(target)) dirs.push(...toolchainOf(target, ctx.env));
  }
  return dirs;
}

/**
 * A version manager's root when `dir` is inside one; otherwise `dir` with its
 * `lib`/`libexec` siblings when it is a `bin` (a prefix such as ~/.local or an
 * nvm node keeps its modules there); otherwise `dir` alone. rustup's proxies in
 * ~/.cargo/bin need the toolchains in RUSTUP_HOME.
 */
function toolchainOf(dir: string, env: NodeJS.ProcessEnv): string[] {
  const parts = dir.split(path.sep);
  const manager = parts.findIndex((part) => MANAGER_ROOTS.has(part));
  if (manager > 0) return [parts.slice(0, manager + 1).join(path.sep)];
  const dirs = [dir];
  const home = env.HOME ?? '';
  const prefix = path.dirname(dir);
  if (['bin', 'sbin', 'shims'].includes(path.basename(dir)) && prefix !== home) {
    for (const sibling of ['lib', 'lib64', 'libexec']) {
      const candidate = path.join(prefix, sibling);
      if (existsSync(candidate)) dirs.push(candidate);
    }
  }
  if (dir === path.join(env.CARGO_HOME ?? path.join(home, '.cargo'), 'bin')) dirs.push(env.RUSTUP_HOME ?? path.join(home, '.rustup'));
  return dirs.map((d) => realDir(d)).filter((d): d is string => d !== undefined);
}

function cacheDirs(ctx: MountContext): string[] {
  const { env } = ctx;
  const home = env.HOME ?? '';
  const cargo = env.CARGO_HOME ?? path.join(home, '.cargo');
  const where: Record<SandboxCache, string[]> = {
    npm: [env.npm_config_cache ?? path.join(home, '.npm')],
    pip: [env.PIP_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(home, '.cache'), 'pip')],
    cargo: [path.join(cargo, 'registry'), path.join(cargo, 'git')],
    go: [env.GOMODCACHE ?? path.join(env.GOPATH?.split(':')[0] ?? path.join(home, 'go'), 'pkg', 'mod')],
    maven: [path.join(home, '.m2', 'repository')],
  };
  return ctx.caches.flatMap((cache) => where[cache]).map((dir) => realDir(dir)).filter((d): d is string => d !== undefined);
}

/** Never `/`, HOME itself or a parent of it, TANDEM_HOME or anything around it, or the workspace's surroundings. */
function allowed(dir: string, ctx: MountContext): boolean {
  const home = ctx.env.HOME === undefined ? undefined : realDir(ctx.env.HOME) ?? ctx.env.HOME;
  const tandemHome = realDir(ctx.tandemHome) ?? ctx.tandemHome;
  if (dir === '/' || (home !== undefined && contains(dir, home))) return false;
  if (contains(dir, tandemHome) || contains(tandemHome, dir)) return false;
  return !contains(dir, ctx.workspace) && !contains(ctx.workspace, dir);
}

/** True when `inner` is `outer` or below it. */
export function contains(outer: string, inner: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith(path.sep) ? outer : outer + path.sep);
}

function isSystem(dir: string): boolean {
  return SYSTEM_DIRS.some((system) => contains(system, dir));
}

function realDir(dir: string): string | undefined {
  if (!path.isAbsolute(dir)) return undefined;
  try {
    return realpathSync(dir);
  } catch {
    return undefined;
  }
}

/** Directories that symlinked programs in `dir` resolve into, other than `dir` itself. */
function symlinkTargets(dir: string): string[] {
  const targets = new Set<string>();
  let names: string[];
  try {
    names = readdirSync(dir).slice(0, 2000);
  } catch {
    return [];
  }
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (!lstatSync(file).isSymbolicLink()) continue;
      const target = path.dirname(realpathSync(file));
      if (target !== dir) targets.add(target);
    } catch {
      // a dangling link: nothing to mount
    }
  }
  return [...targets];
}
