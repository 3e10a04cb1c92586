/**
 * The sandbox's allow-list, attacked through the real run_command tool: a
 * model-written command tries to read every credential a developer's home
 * holds, Tandem's own state ($TANDEM_HOME: every run's journal and the dev
 * server's database) and another run's repository. Each secret file holds a
 * unique token; the suite passes only when no read succeeds and no token
 * appears in any tool result. The planted tree lives under the real HOME (not
 * /tmp, which the sandbox replaces anyway), where such files really are.
 */
import { mkdtemp, readFile, realpath, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolContext } from '../../agent-tools/execute-tool.js';
import { call, context, gitInit, writeFiles } from '../agent-tools/helpers.js';

const TOKEN = 'LEAK-CANARY-5c91e';

// Relative to the fake HOME: the files the issue names, plus shell history and a dotfile nobody listed.
const HOME_SECRETS = [
  '.ssh/id_ed25519',
  '.aws/credentials',
  '.config/gcloud/application_default_credentials.json',
  '.azure/accessTokens.json',
  '.kube/config',
  '.netrc',
  '.git-credentials',
  '.npmrc',
  '.pypirc',
  '.docker/config.json',
  '.config/gh/hosts.yml',
  '.cargo/credentials.toml',
  '.bash_history',
  '.zsh_history',
  '.python_history',
  '.some-tool-nobody-listed/token',
  '.envrc',
];
const TANDEM_SECRETS = ['journal/run-1/prompts/implementer-1.md', 'journal/run-1/diff.patch', 'temporal.db', 'worker.log', 'config.yaml'];

let base: string;
let fakeHome: string;
let fakeTandemHome: string;
let otherRun: string;
let ws: string;
let ctx: ToolContext;

beforeAll(async () => {
  base = await realpath(await mkdtemp(path.join(homedir(), '.tandem-escape-home-')));
  fakeHome = path.join(base, 'home');
  fakeTandemHome = path.join(base, 'tandem-home');
  otherRun = path.join(base, 'other-repo');
  const secret = (name: string) => `${TOKEN} ${name}\n`;
  await writeFiles(fakeHome, Object.fromEntries(HOME_SECRETS.map((name) => [name, secret(name)])));
  await writeFiles(fakeTandemHome, Object.fromEntries(TANDEM_SECRETS.map((name) => [name, secret(name)])));
  await writeFiles(otherRun, { 'src/private.ts': secret('other run') });
  ws = await realpath(await mkdtemp(path.join(tmpdir(), 'tandem-escape-ws-')));
  await gitInit(ws);
  ctx = context(ws, {
    sandbox: 'bwrap',
    env: { ...process.env, HOME: fakeHome, TANDEM_HOME: fakeTandemHome },
    commandTimeoutMs: 20_000,
  });
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
  await rm(ws, { recursive: true, force: true });
});

const run = async (command: string) => {
  const result = await call(ctx, 'run_command', { command });
  expect(result.content).not.toContain(TOKEN);
  return result;
};

describe('a sandboxed run_command cannot read', () => {
  it.each(HOME_SECRETS)('~/%s', async (name) => {
    const result = await run(`cat "$HOME/${name}"`);
    expect(result.ok).toBe(false);
    expect(result.content).toContain('No such file or directory');
  });

  it.each(TANDEM_SECRETS)('$TANDEM_HOME/%s', async (name) => {
    const result = await run(`cat "$TANDEM_HOME/${name}"`);
    expect(result.ok).toBe(false);
    expect(result.content).toContain('No such file or directory');
  });

  it('nor list $TANDEM_HOME, its journal, HOME or another repository', async () => {
    const result = await run(`ls -A "$TANDEM_HOME" "$TANDEM_HOME/journal" "${otherRun}"; echo "home: $(ls -A "$HOME" | tr '\\n' ' ')"; echo "around: $(ls -A "${base}" | tr '\\n' ' ')"`);
    expect(result.content.match(/No such file or directory/g)).toHaveLength(3);
    expect(result.content).toMatch(/^home: \s*$/m);
    // Only the mount point of the fresh HOME exists above it: not the neighbours.
    expect(result.content).toMatch(/^around: home\s*$/m);
  });

  it('nor find a token by searching everywhere outside the system and toolchain directories', async () => {
    const roots = ['/etc', '/tmp', '/run', '/var', '/home', '/root', '/work', '/opt', '/srv', '/mnt', base, ws];
    const result = await run(`grep -rls --exclude-dir=.pyenv --exclude-dir=.rustup --exclude-dir=node_modules ${TOKEN} ${roots.join(' ')} 2>/dev/null; echo searched`);
    // grep -l prints the name of every file that holds the token: nothing may precede "searched".
    expect(result.content).toMatch(/^Exit code 0 after [\d.]+ s\.\nsearched\n$/);
  });
});

describe("with the user's real HOME", () => {
  it('sees none of its dotfiles, only the toolchains PATH points into', async () => {
    const real = context(ws, { sandbox: 'bwrap', env: process.env });
    const result = await call(real, 'run_command', { command: 'ls -A "$HOME"' });
    const listed = result.content.split('\n').slice(1).filter(Boolean);
    for (const name of ['.ssh', '.npmrc', '.gitconfig', '.bash_history', '.tandem', '.netrc', '.docker', '.aws', path.basename(base)]) {
      expect(listed).not.toContain(name);
    }
  });
});

describe('writes', () => {
  it("go to a private /tmp and a throwaway HOME, never the host's", async () => {
    const name = `tandem-escape-${process.pid}`;
    const result = await run(`echo x > /tmp/${name} && echo x > "$HOME/.${name}" && echo written`);
    expect(result.content).toContain('written');
    await expect(readFile(path.join('/tmp', name))).rejects.toThrow(/ENOENT/);
    await expect(readFile(path.join(fakeHome, `.${name}`))).rejects.toThrow(/ENOENT/);
  });
});
