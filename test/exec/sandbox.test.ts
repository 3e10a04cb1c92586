// What a project's tests need inside the bwrap sandbox, checked for real: the
// runtimes start, `npm test` and pytest run, git can read the repository.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../exec/run-command.js';
import { bwrapArgs, sandboxAvailable } from '../../exec/sandbox.js';
import type { SandboxCache } from '../../contracts/sandbox.js';

let ws: string;
beforeAll(async () => {
  ws = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-sandbox-')));
  await writeFile(path.join(ws, 'package.json'), JSON.stringify({ name: 'x', version: '1.0.0', scripts: { test: 'node check.mjs' } }));
  await writeFile(path.join(ws, 'check.mjs'), "import { writeFileSync } from 'node:fs';\nwriteFileSync('/tmp/scratch', 'x');\nconsole.log('node tests ok');\n");
  await writeFile(path.join(ws, 'test_sample.py'), 'def test_sample():\n    assert 1 + 1 == 2\n');
  await execa('git', ['init', '-q'], { cwd: ws });
});
afterAll(() => rm(ws, { recursive: true, force: true }));

const run = (command: string) =>
  runCommand({ command, cwd: ws, timeoutMs: 60_000, sandbox: 'bwrap', env: process.env, maxOutputBytes: 20_000 });

const hasPytest = (await execa('pytest', ['--version'], { reject: false })).exitCode === 0;
/** Where `tool` is on this machine's PATH, or undefined. */
const whereIs = (tool: string) => execaSync('bash', ['-c', `command -v ${tool}`], { reject: false }).stdout.trim() || undefined;

describe('inside the sandbox', () => {
  it('bwrap is available here', async () => {
    expect(await sandboxAvailable()).toBe(true);
  });

  it('runs npm test (node can write the private /tmp)', async () => {
    const result = await run('npm test');
    expect(result.output).toContain('node tests ok');
    expect(result).toMatchObject({ exitCode: 0, sandboxed: true });
  });

  it('runs python3', async () => {
    expect(await run('python3 -c "print(6 * 7)"')).toMatchObject({ exitCode: 0, output: '42\n' });
  });

  // CI installs pytest (.ci/run), so there this never skips: a missing pytest fails it.
  it.skipIf(!hasPytest && process.env.CI === undefined)('runs pytest, writing its cache in the workspace', async () => {
    const result = await run('pytest -q');
    expect(result.output).toMatch(/1 passed/);
    expect(result.exitCode).toBe(0);
  });

  it('lets git read the repository but not write .git', async () => {
    expect((await run('git status --short')).exitCode).toBe(0);
    const commit = await run('git -c user.name=x -c user.email=x@y commit -q --allow-empty -m sneaky');
    expect(commit.exitCode).not.toBe(0);
  });

  it('sets TMPDIR to the private /tmp and gives a fresh, writable HOME that vanishes afterwards', async () => {
    const result = await run('echo "TMPDIR=$TMPDIR HOME=$HOME"; touch "$HOME/.tandem-probe" && echo home-writable');
    expect(result.output).toBe(`TMPDIR=/tmp HOME=${process.env.HOME}\nhome-writable\n`);
    expect(existsSync(path.join(process.env.HOME!, '.tandem-probe'))).toBe(false);
  });

  // As root (here and in CI containers) the sandbox's user namespace maps to root: /etc/ssl/private was readable.
  it.skipIf(!existsSync('/etc/ssl/private'))("cannot see /etc/ssl/private's keys, and TLS clients still find the CA roots", async () => {
    const keys = await run('ls -A /etc/ssl/private; cat /etc/ssl/private/* /usr/lib/ssl/private/*');
    expect(keys.exitCode).not.toBe(0);
    expect(keys.output).not.toContain('PRIVATE KEY');
    const roots = await run('python3 -c "import ssl; print(ssl.create_default_context().cert_store_stats()[\'x509_ca\'] > 0)"');
    expect(roots).toMatchObject({ exitCode: 0, output: 'True\n' });
  });

  it('runs the toolchains PATH points into, from the same place, even those installed under HOME (pyenv, nvm)', async () => {
    const tools = ['node', 'npm', 'python3', 'git', 'go', 'cargo'].filter((tool) => whereIs(tool) !== undefined);
    const result = await run(tools.map((tool) => `echo "$(command -v ${tool})"; ${tool === 'go' ? 'go version' : `${tool} --version`} >/dev/null 2>&1 && echo ok`).join('; '));
    expect(result.output.trim().split('\n')).toEqual(tools.flatMap((tool) => [whereIs(tool), 'ok']));
  });
});

describe('bwrapArgs', () => {
  const args = bwrapArgs({ workspace: '/w', cwd: '/w/sub', env: { PATH: '/usr/bin:/bin', HOME: '/home/u', TANDEM_HOME: '/home/u/.tandem' } });
  const at = (flag: string, value: string) => args.findIndex((a, i) => a === flag && args[i + 1] === value);

  it('mounts an allow-list: /usr read-only, never / itself, a fresh HOME, the workspace writable last', () => {
    expect(at('--ro-bind', '/usr')).toBeGreaterThanOrEqual(0);
    expect(at('--ro-bind', '/')).toBe(-1);
    expect(at('--tmpfs', '/home/u')).toBeGreaterThan(at('--ro-bind', '/usr'));
    expect(at('--tmpfs', '/tmp')).toBeLessThan(at('--bind', '/w'));
    expect(at('--tmpfs', '/home/u')).toBeLessThan(at('--bind', '/w'));
    expect(args).toEqual(expect.arrayContaining(['--unshare-all', '--die-with-parent', '--new-session', '--dev', '--proc']));
    expect(args.slice(-3)).toEqual(['--chdir', '/w/sub', '--']);
  });

  it('binds only selected /etc files: passwd yes, shadow and sudoers no', () => {
    expect(args).toContain('/etc/passwd');
    expect(args.filter((a) => /^\/etc\/(shadow|gshadow|sudoers|ssh)/.test(a))).toEqual([]);
  });

  it('binds the TLS roots, never /etc/ssl or /etc/pki whole (their private keys)', () => {
    expect(at('--ro-bind-try', '/etc/ssl/certs')).toBeGreaterThanOrEqual(0);
    expect(args.filter((a) => a === '/etc/ssl' || a === '/etc/pki' || /^\/etc\/.*private/.test(a))).toEqual([]);
  });

  it('binds the workspace read-only when asked (a reviewer agent), and nowhere writable', () => {
    const reviewing = bwrapArgs({ workspace: '/w', cwd: '/w', env: { PATH: '/usr/bin:/bin' }, readOnlyWorkspace: true });
    expect(reviewing.findIndex((a, i) => a === '--ro-bind' && reviewing[i + 1] === '/w')).toBeGreaterThanOrEqual(0);
    expect(reviewing.findIndex((a, i) => a === '--bind' && reviewing[i + 1] === '/w')).toBe(-1);
  });
});

describe('an agent in the sandbox', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-agent-tmp-')));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  const inSandbox = (command: string, options: { readOnlyWorkspace?: boolean; agent?: { mounts: string[]; tmpDir?: string } }) =>
    execa('bwrap', [...bwrapArgs({ workspace: ws, cwd: ws, env: process.env, ...options }), 'bash', '-c', command], { reject: false });

  it('reviewing, reads the workspace but cannot write it', async () => {
    const result = await inSandbox('cat package.json >/dev/null && echo read-ok; echo x > review-wrote.txt', { readOnlyWorkspace: true });
    expect(result.stdout).toBe('read-ok');
    expect(result.stderr).toContain('Read-only file system');
    expect(existsSync(path.join(ws, 'review-wrote.txt'))).toBe(false);
  });

  it('gets the TMPDIR of its own it is given, kept after the sandbox ends', async () => {
    const result = await inSandbox('echo "$TMPDIR" && echo kept > "$TMPDIR/scratch.txt"', { agent: { mounts: ['--bind', scratch, scratch], tmpDir: scratch } });
    expect(result.stdout).toBe(scratch);
    expect(existsSync(path.join(scratch, 'scratch.txt'))).toBe(true);
  });
});


describe('caches named in the config', () => {
  let home: string;
  beforeAll(async () => {
    home = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-cache-home-')));
    for (const [dir, file] of [['.npm/_cacache', 'index'], ['.cache/pip/http', 'entry'], ['go/pkg/mod/cache', 'entry'], ['.cargo/registry/index', 'entry'], ['.m2/repository', 'entry']]) {
      await mkdir(path.join(home, dir!), { recursive: true });
      await writeFile(path.join(home, dir!, file!), `cached ${dir}\n`);
    }
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const inSandbox = (command: string, caches: SandboxCache[]) =>
    runCommand({ command, cwd: ws, timeoutMs: 30_000, sandbox: { kind: 'bwrap', caches }, env: { ...process.env, HOME: home, npm_config_cache: undefined }, maxOutputBytes: 4000 });

  it.each([
    ['npm', '.npm/_cacache/index'],
    ['pip', '.cache/pip/http/entry'],
    ['go', 'go/pkg/mod/cache/entry'],
    ['cargo', '.cargo/registry/index/entry'],
    ['maven', '.m2/repository/entry'],
  ] as const)('%s: readable, read-only, and absent when not named', async (cache, file) => {
    const named = await inSandbox(`cat "$HOME/${file}"; touch "$HOME/${file}" 2>/dev/null || echo read-only`, [cache]);
    expect(named.output).toMatch(/^cached .+\nread-only\n$/);
    const unnamed = await inSandbox(`cat "$HOME/${file}"`, []);
    expect(unnamed.exitCode).not.toBe(0);
    expect(unnamed.output).toContain('No such file or directory');
  });
});

// A dotfiles repository is HOME itself: bound writable over the fresh HOME, it gave a command ~/.ssh,
// ~/.bashrc and Tandem's journals. Such a workspace is refused; HOME's credentials inside a smaller one are hidden.
describe('a workspace the sandbox cannot confine', () => {
  const CANARY = 'CANARY-7d1f0';
  let home: string;
  let env: NodeJS.ProcessEnv;
  const state = () => path.join(home, '.tandem');
  const worktree = () => path.join(state(), 'workspaces', 'tandem-run-app', 'tasks', 'T1');
  beforeAll(async () => {
    home = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-dotfiles-home-')));
    const files: Record<string, string> = {
      '.ssh/id_ed25519': `-----BEGIN OPENSSH PRIVATE KEY----- ${CANARY}\n`,
      '.bashrc': 'export PS1=x\n',
      '.tandem/journal/run-1/prompt.md': `${CANARY} journal\n`,
      '.config/gh/hosts.yml': `oauth_token: ${CANARY}\n`,
      '.config/app/settings.json': '{"theme":"dark"}\n',
      'proj/.state/journal/prompt.md': `${CANARY} journal\n`,
    };
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(home, name)), { recursive: true });
      await writeFile(path.join(home, name), content);
    }
    await mkdir(worktree(), { recursive: true });
    for (const repo of [home, path.join(home, '.config'), worktree()]) await execa('git', ['init', '-q'], { cwd: repo });
    env = { ...process.env, HOME: home, TANDEM_HOME: state() };
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  const runIn = (workspace: string, command: string, environment = env) =>
    runCommand({ command, cwd: workspace, timeoutMs: 30_000, sandbox: 'bwrap', env: environment, maxOutputBytes: 8000 });

  it('refuses HOME itself (a dotfiles repository): nothing runs, and the output says why and what to do', async () => {
    const result = await runIn(home, 'cat .ssh/id_ed25519 .tandem/journal/run-1/prompt.md; echo pwned >> .bashrc');
    expect(result.exitCode).toBe(126);
    expect(result.output).toContain('[SANDBOX_WORKSPACE_UNSAFE]');
    expect(result.output).toContain('directory of its own');
    expect(result.output).not.toContain(CANARY);
    expect(await readFile(path.join(home, '.bashrc'), 'utf8')).toBe('export PS1=x\n');
  });

  it('refuses a workspace holding TANDEM_HOME, and one inside it that is not a worktree', async () => {
    const holding = await runIn(path.join(home, 'proj'), 'cat .state/journal/prompt.md', { ...env, TANDEM_HOME: path.join(home, 'proj', '.state') });
    expect(holding).toMatchObject({ exitCode: 126 });
    expect(holding.output).toContain("it holds Tandem's state directory");
    expect(holding.output).not.toContain(CANARY);
    const inside = await runIn(path.join(state(), 'journal'), 'cat run-1/prompt.md');
    expect(inside.exitCode).toBe(126);
    expect(inside.output).not.toContain(CANARY);
  });

  it('bwrapArgs throws the same error, for the callers that build their own command (agents, MCP servers)', () => {
    expect(() => bwrapArgs({ workspace: home, cwd: home, env })).toThrow(expect.objectContaining({ code: 'SANDBOX_WORKSPACE_UNSAFE', exitCode: 2 }));
  });

  it("hides HOME's credentials inside a workspace that holds some (a repository of ~/.config), and nothing else", async () => {
    const result = await runIn(path.join(home, '.config'), 'cat app/settings.json; ls -A gh; cat gh/hosts.yml');
    expect(result.output).toContain('"theme":"dark"');
    expect(result.output).not.toContain(CANARY);
    expect(result.exitCode).not.toBe(0);
  });

  it("runs in a run's worktree under TANDEM_HOME, which still sees nothing else of it", async () => {
    const result = await runIn(worktree(), `pwd; cat "${state()}/journal/run-1/prompt.md"`);
    expect(result.output.split('\n')[0]).toBe(worktree());
    expect(result.output).not.toContain(CANARY);
    expect(result.output).toContain('No such file or directory');
  });
});
