/**
 * The path tricks of the escape suite, one row per attempt. The workspace `ws` holds
 * these symlinks (see escape.test.ts): passwd-link → /etc/passwd, outside-dir-link →
 * ../outside, outside-file-link → ../outside/secret.txt, var-dir-link → a /var/tmp
 * dir, chain1 → chain2 → chain3 → ../outside/secret.txt, dangling-out → a missing
 * file outside, dotdot-link → .., git-link → .git, hooks-link → .git/hooks,
 * src/up-link → ../.., loop1 ↔ loop2. A sub/.git/config is a nested repository's.
 */
import { homedir } from 'node:os';
import path from 'node:path';

export interface Places {
  ws: string;
  outside: string;
  varOutside: string;
  box: string;
}

export interface PathAttempt {
  tool: 'read_file' | 'write_file' | 'edit_file' | 'list_files' | 'search';
  label: string;
  args: (p: Places) => Record<string, unknown>;
  /** What the refusal must say; default: refused, missing, or outside. */
  expect?: RegExp;
}

const GIT = /is in \.git\./;

/** Paths a reader must not get through. */
const readPaths: Array<[string, (p: Places) => string]> = [
  ['absolute outside', () => '/etc/passwd'],
  ['absolute outside via the workspace and ..', (p) => `${p.ws}/../outside/secret.txt`],
  ['../ sibling', () => '../outside/secret.txt'],
  ['a/../../x', () => 'a/../../outside/secret.txt'],
  ['deep ../ to /', () => '../../../../../../../../etc/passwd'],
  ['/proc/self/root', () => '/proc/self/root/etc/passwd'],
  ['percent-encoded ..', () => '%2e%2e/%2e%2e/etc/passwd'],
  ['backslash ..', () => '..\\..\\etc\\passwd'],
  ['tilde home', () => '~/.bashrc'],
  ['NUL byte', () => 'src/a.ts\0/../../etc/passwd'],
  ['symlink file → /etc/passwd', () => 'passwd-link'],
  ['symlinked dir → outside', () => 'outside-dir-link/secret.txt'],
  ['symlinked dir → /var/tmp', () => 'var-dir-link/secret.txt'],
  ['symlink file → outside', () => 'outside-file-link'],
  ['symlink chain → outside', () => 'chain1'],
  ['symlink → .. then out', () => 'dotdot-link/outside/secret.txt'],
  ['nested symlink ../.. then out', () => 'src/up-link/outside/secret.txt'],
  ['symlink loop', () => 'loop1'],
];

/** Paths a writer must not get through: everything above, plus .git in all its guises. */
const writePaths: Array<[string, (p: Places) => string, RegExp?]> = [
  ...readPaths.filter(([label]) => !label.startsWith('percent') && !label.startsWith('backslash') && !label.startsWith('tilde')),
  ['absolute /etc new file', () => '/etc/tandem-escape-test'],
  ['new file in symlinked dir', () => 'outside-dir-link/new.txt'],
  ['dangling symlink → outside', () => 'dangling-out'],
  ['new file via symlink → ..', () => 'dotdot-link/escape.txt'],
  ['.git/config', () => '.git/config', GIT],
  ['.git/hooks/pre-commit', () => '.git/hooks/pre-commit', GIT],
  ['./.git/../.git/HEAD', () => './.git/../.git/HEAD', GIT],
  ['src/../.git/index', () => 'src/../.git/index', GIT],
  ['absolute path into .git', (p) => `${p.ws}/.git/config`, GIT],
  ['.git itself', () => '.git', GIT],
  ['.GIT case trick', () => '.GIT/config', GIT],
  ['.Git/hooks case trick', () => '.Git/hooks/post-checkout', GIT],
  ['.git. trailing dot', () => '.git./config', GIT],
  ['.g\u200cit zero-width joiner', () => '.g\u200cit/config', GIT],
  ['GIT~1 short name', () => 'GIT~1/config', GIT],
  ['symlink → .git', () => 'git-link/config', GIT],
  ['symlink → .git/hooks', () => 'hooks-link/pre-commit', GIT],
  ['nested repository .git', () => 'sub/.git/config', GIT],
];

const editable = (label: string) => !label.startsWith('NUL') && !label.startsWith('symlink loop');

export const PATH_ATTEMPTS: PathAttempt[] = [
  ...readPaths.map(([label, path]): PathAttempt => ({ tool: 'read_file', label, args: (p) => ({ path: path(p) }) })),
  ...writePaths.map(([label, path, expect]): PathAttempt => ({
    tool: 'write_file',
    label,
    args: (p) => ({ path: path(p), content: 'PWNED\n' }),
    ...(expect ? { expect } : {}),
  })),
  ...writePaths.filter(([label]) => editable(label)).map(([label, path]): PathAttempt => ({
    tool: 'edit_file',
    label,
    // Text that really is in the targets, so only confinement can stop the edit.
    args: (p) => ({ path: path(p), old_string: label.includes('git') || label.includes('GIT') ? '[core]' : 'OUTSIDE', new_string: 'PWNED' }),
  })),
  ...[
    ['absolute /etc', () => '/etc'],
    ['..', () => '..'],
    ['symlinked dir → outside', () => 'outside-dir-link'],
    ['symlinked dir → /var/tmp', () => 'var-dir-link'],
    ['symlink → ..', () => 'dotdot-link'],
    ['nested symlink ../..', () => 'src/up-link'],
  ].flatMap(([label, dir]) => [
    { tool: 'list_files', label: `path ${label as string}`, args: (p: Places) => ({ path: (dir as (p: Places) => string)(p) }) } as PathAttempt,
    { tool: 'search', label: `path ${label as string}`, args: (p: Places) => ({ pattern: 'OUTSIDE|root', path: (dir as (p: Places) => string)(p) }) } as PathAttempt,
  ]),
  ...['../*', '../outside/*', '/etc/*', '{..,src}/*', '~/*', 'src/../../outside/**'].map(
    (pattern): PathAttempt => ({ tool: 'list_files', label: `pattern ${pattern}`, args: () => ({ pattern }) }),
  ),
  { tool: 'list_files', label: 'pattern via symlinked dir', args: () => ({ path: 'docs', pattern: '../outside-dir-link/*' }) },
  ...['passwd-link', 'outside-file-link', 'chain1', '/etc/passwd', '../outside'].map(
    (path): PathAttempt => ({ tool: 'search', label: `file ${path}`, args: () => ({ pattern: 'OUTSIDE|root', path }) }),
  ),
];

/** Sandboxed commands reaching for a loopback server the test started. */
export const NETWORK_ATTEMPTS: Array<[string, (server: { url: string; port: number }) => string]> = [
  ['curl to a loopback server', ({ url }) => `curl -sS --max-time 3 ${url}`],
  ['bash /dev/tcp to a loopback server', ({ port }) => `echo GET > /dev/tcp/127.0.0.1/${port}`],
  ['python socket to a loopback server', ({ port }) => `python3 -c "import socket; socket.create_connection(('127.0.0.1', ${port}), 3)"`],
];

/**
 * Sandboxed commands appending to files outside the workspace, and whether the
 * command itself must fail. `..` from a workspace under /tmp lands in the sandbox's
 * private /tmp: it may succeed, as long as nothing appears on the host.
 */
export const COMMAND_WRITE_ATTEMPTS: Array<[string, (p: Places) => string, boolean]> = [
  ['a sibling directory of the workspace', (p) => path.join(p.outside, 'cmd-escape.txt'), true],
  ['a directory under /var/tmp', (p) => path.join(p.varOutside, 'cmd-escape.txt'), true],
  ['/etc', () => '/etc/tandem-escape-test', true],
  // Inside the sandbox HOME is a fresh tmpfs: the write may succeed there, but never reaches the real HOME.
  ['HOME', () => path.join(homedir(), 'tandem-escape-test'), false],
  ['.git/hooks', (p) => path.join(p.ws, '.git/hooks/pre-commit'), true],
  ['.git/config', (p) => path.join(p.ws, '.git/config'), true],
  ['the workspace parent via ..', () => '../tandem-escape-test', false],
];
